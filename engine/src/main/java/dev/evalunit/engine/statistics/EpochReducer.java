package dev.evalunit.engine.statistics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.statistics.descriptive.Median;

/**
 * Reduces one seed's epoch scores to the seed's value, which the per-seed threshold then judges.
 * An epoch "passes" when its score is at least the pass score the caller gives (evalunit uses the
 * per-seed minimum score, or 1 without one).
 *
 * <p>Names, as written in {@code evalunit.epochs.reducer} or {@code @EvalSuite(reducer = ...)}:
 * {@code mean} (default), {@code median}, {@code max}, {@code min}, {@code mode},
 * {@code pass@k}, {@code pass^k}, {@code at-least-k}, e.g. {@code EpochReducer.parse("pass@3")}.
 */
public sealed interface EpochReducer {

  /** The default reducer. */
  EpochReducer DEFAULT = new Mean();

  /** The names {@link #parse} accepts, with k standing for a number. */
  List<String> NAMES = List.of("mean", "median", "max", "min", "mode", "pass@k", "pass^k",
      "at-least-k");

  /** The name that {@link #parse} reads back to this reducer. */
  String name();

  /**
   * The seed's value from its epochs' scores.
   *
   * @param scores one per epoch, at least one
   * @param passScore the score at which an epoch passes (for the pass-counting reducers)
   */
  double reduce(double[] scores, double passScore);

  /** The smallest number of epochs this reducer can work on. */
  default int minEpochs() {
    return 1;
  }

  /**
   * Reads a reducer name.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  static EpochReducer parse(String text) {
    String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (name) {
      case "mean": return new Mean();
      case "median": return new Median50();
      case "max": return new Max();
      case "min": return new Min();
      case "mode": return new Mode();
      default: break;
    }
    Matcher m = Pattern.compile("(pass@|pass\\^|at-least-)(\\d{1,6})").matcher(name);
    if (m.matches()) {
      int k = Integer.parseInt(m.group(2));
      if (k < 1) {
        throw new IllegalArgumentException("epoch reducer '" + text + "': k must be at least 1, "
            + "e.g. " + m.group(1) + "1");
      }
      return switch (m.group(1)) {
        case "pass@" -> new PassAtK(k);
        case "pass^" -> new PassHatK(k);
        default -> new AtLeastK(k);
      };
    }
    throw new IllegalArgumentException("unknown epoch reducer '" + text + "'; expected one of "
        + String.join(", ", NAMES) + " (k a number, e.g. pass@3)");
  }

  /** The arithmetic mean of the epoch scores. */
  record Mean() implements EpochReducer {
    @Override public String name() {
      return "mean";
    }

    @Override public double reduce(double[] scores, double passScore) {
      Reducers.check(this, scores);
      return MeanIntervals.mean(scores);
    }
  }

  /** The median (the mean of the two middle scores for an even count). */
  record Median50() implements EpochReducer {
    @Override public String name() {
      return "median";
    }

    @Override public double reduce(double[] scores, double passScore) {
      Reducers.check(this, scores);
      return Median.withDefaults().withCopy(true).evaluate(scores);
    }
  }

  /** The best epoch. */
  record Max() implements EpochReducer {
    @Override public String name() {
      return "max";
    }

    @Override public double reduce(double[] scores, double passScore) {
      Reducers.check(this, scores);
      return Arrays.stream(scores).max().orElseThrow();
    }
  }

  /** The worst epoch. */
  record Min() implements EpochReducer {
    @Override public String name() {
      return "min";
    }

    @Override public double reduce(double[] scores, double passScore) {
      Reducers.check(this, scores);
      return Arrays.stream(scores).min().orElseThrow();
    }
  }

  /** The most frequent score; a tie goes to the lowest of the tied scores (the cautious one). */
  record Mode() implements EpochReducer {
    @Override public String name() {
      return "mode";
    }

    @Override public double reduce(double[] scores, double passScore) {
      Reducers.check(this, scores);
      double[] sorted = scores.clone();
      Arrays.sort(sorted);
      double best = sorted[0];
      int bestCount = 0;
      for (int i = 0; i < sorted.length; ) {
        int j = i;
        while (j < sorted.length && sorted[j] == sorted[i]) {
          j++;
        }
        if (j - i > bestCount) {
          bestCount = j - i;
          best = sorted[i];
        }
        i = j;
      }
      return best;
    }
  }

  /**
   * The unbiased estimator of pass@k (Chen et al., "Evaluating Large Language Models Trained on
   * Code", arXiv:2107.03374, 2021, section 2.1): with c passing epochs of n,
   * {@code 1 - C(n-c, k) / C(n, k)}, computed as {@code 1 - Π_{i=n-c+1..n} (1 - k/i)}: the chance
   * that at least one of k epochs drawn without replacement passes. Needs n >= k.
   */
  record PassAtK(int k) implements EpochReducer {
    @Override public String name() {
      return "pass@" + k;
    }

    @Override public int minEpochs() {
      return k;
    }

    @Override public double reduce(double[] scores, double passScore) {
      Reducers.check(this, scores);
      int n = scores.length;
      int c = Reducers.passes(scores, passScore);
      if (n - c < k) {
        return 1;
      }
      double allFail = 1;
      for (int i = n - c + 1; i <= n; i++) {
        allFail *= 1 - (double) k / i;
      }
      return 1 - allFail;
    }
  }

  /**
   * The unbiased estimator of pass^k, "all of k epochs pass" (Yao et al., "τ-bench",
   * arXiv:2406.12045, 2024, section 5): {@code C(c, k) / C(n, k)} with c passing epochs of n. Needs
   * n >= k.
   */
  record PassHatK(int k) implements EpochReducer {
    @Override public String name() {
      return "pass^" + k;
    }

    @Override public int minEpochs() {
      return k;
    }

    @Override public double reduce(double[] scores, double passScore) {
      Reducers.check(this, scores);
      int n = scores.length;
      int c = Reducers.passes(scores, passScore);
      double all = 1;
      for (int i = 0; i < k; i++) {
        all *= (double) (c - i) / (n - i);
      }
      return Math.max(0, all);
    }
  }

  /** 1 when at least k epochs pass, else 0. Needs n >= k. */
  record AtLeastK(int k) implements EpochReducer {
    @Override public String name() {
      return "at-least-" + k;
    }

    @Override public int minEpochs() {
      return k;
    }

    @Override public double reduce(double[] scores, double passScore) {
      Reducers.check(this, scores);
      return Reducers.passes(scores, passScore) >= k ? 1 : 0;
    }
  }
}

/** Shared checks of the reducers. */
final class Reducers {
  private Reducers() {}

  static void check(EpochReducer reducer, double[] scores) {
    if (scores.length < reducer.minEpochs()) {
      throw new IllegalArgumentException("epoch reducer " + reducer.name() + " needs at least "
          + reducer.minEpochs() + " epoch scores; got " + scores.length);
    }
    MeanIntervals.checkFinite(scores);
  }

  static int passes(double[] scores, double passScore) {
    int c = 0;
    for (double s : scores) {
      if (s >= passScore) {
        c++;
      }
    }
    return c;
  }
}
