package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import dev.evalunit.engine.statistics.Decision;
import dev.evalunit.engine.statistics.MeanIntervals;
import dev.evalunit.engine.statistics.ThresholdCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The suite-level decision over a {@link SuiteSummary}.
 *
 * <p>Mean score and pass rate always carry a confidence interval ({@link #estimates}): at the
 * suite's {@code confidence} when one is set, and then they are judged by its bounds (passed
 * when the lower bound meets the threshold, failed when the upper bound misses it, inconclusive
 * otherwise); else at 95%, shown beside the point comparison.
 *
 * @param outcome the decision
 * @param reasons one line per missed or undecided threshold, or why there is no decision
 * @param estimates the intervals of mean score and pass rate, where there is data
 */
public record SuiteVerdict(Outcome outcome, List<String> reasons, List<Estimate> estimates) {

  /** The level of the intervals shown when no confidence level is set. */
  public static final double SHOWN_CONFIDENCE = 0.95;

  /** A verdict's outcome. */
  public enum Outcome {
    /** Every suite threshold met. */
    PASSED,
    /** A suite threshold missed, or the suite stopped early. */
    FAILED,
    /** A confidence interval straddles a threshold: more seeds would decide it. */
    INCONCLUSIVE,
    /** Not judged: the results to judge the whole suite are not there (a partial selection). */
    ABORTED,
    /** No seed completed. */
    NO_DATA;

    /** {@code passed}, {@code failed}, {@code inconclusive}, {@code aborted}, {@code no data}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * The seed-level scores a mean-score interval is computed from.
   *
   * @param values the score of each completed seed that reported one
   * @param clusters each value's cluster (the dataset field's value), or null when unclustered
   */
  public record SeedScores(double[] values, List<String> clusters) {
    public static final SeedScores NONE = new SeedScores(new double[0], null);
  }

  public SuiteVerdict {
    reasons = List.copyOf(reasons);
    estimates = List.copyOf(estimates);
  }

  public SuiteVerdict(Outcome outcome, List<String> reasons) {
    this(outcome, reasons, List.of());
  }

  /** The same estimates with another outcome and reasons (an early stop, a partial run). */
  public SuiteVerdict withOutcome(Outcome outcome, List<String> reasons) {
    return new SuiteVerdict(outcome, reasons, estimates);
  }

  /** Judges {@code summary} without seed scores: pass rate interval only. */
  public static SuiteVerdict of(SuiteSummary summary, SuiteThresholds thresholds) {
    return of(summary, thresholds, SeedScores.NONE);
  }

  /**
   * Judges {@code summary} against {@code thresholds}. A cost threshold over seeds of unknown
   * cost fails (their spend is not counted) unless {@link SuiteThresholds#allowUnpriced} judges
   * it on the priced seeds.
   */
  public static SuiteVerdict of(SuiteSummary summary, SuiteThresholds thresholds,
      SeedScores scores) {
    List<String> misses = new ArrayList<>();
    List<String> undecided = new ArrayList<>();
    List<Estimate> estimates = new ArrayList<>();
    if (summary.completed() == 0) {
      return new SuiteVerdict(Outcome.NO_DATA, List.of("no seed completed ("
          + summary.errored() + " errored, " + summary.aborted() + " not run)"));
    }
    Double confidence = thresholds.confidence();
    double level = confidence != null ? confidence : SHOWN_CONFIDENCE;
    Double minMean = thresholds.minMeanScore();
    if (scores.values().length > 0) {
      estimates.add(minMean == null
          ? Estimate.shown("mean score", scores.clusters() == null
              ? ThresholdCheck.meanScoreInterval(scores.values(), level)
              : MeanIntervals.clusterRobust(scores.values(), scores.clusters(), level))
          : Estimate.checked("mean score", scores.clusters() == null
              ? ThresholdCheck.meanScore(scores.values(), minMean, level)
              : ThresholdCheck.meanScoreClustered(scores.values(), scores.clusters(), minMean,
                  level)));
    }
    if (minMean != null) {
      Estimate mean = estimates.isEmpty() ? null : estimates.get(0);
      if (confidence == null || mean == null) {
        if (summary.meanScore() == null || summary.meanScore() < minMean) {
          misses.add("mean score " + Numbers.format(summary.meanScore())
              + " is below the required " + Numbers.format(minMean) + " (over "
              + summary.completed() + " completed seeds" + (mean == null ? ""
                  : "; " + mean.bounds()) + ")");
        }
      } else {
        judge(mean, "over " + mean.interval().n() + " scored seeds", misses, undecided);
      }
    }
    Double minPassRate = thresholds.minPassRate();
    Estimate rate = minPassRate == null
        ? Estimate.shown("pass rate", ThresholdCheck.passRateInterval(summary.passed(),
            summary.ran(), level))
        : Estimate.checked("pass rate", ThresholdCheck.passRate(summary.passed(), summary.ran(),
            minPassRate, level));
    estimates.add(rate);
    if (minPassRate != null) {
      if (confidence == null) {
        if (summary.passRate() < minPassRate) {
          misses.add("pass rate " + Numbers.format(summary.passRate()) + " ("
              + passRateText(summary) + "; " + rate.bounds() + ") is below the required "
              + Numbers.format(minPassRate));
        }
      } else {
        judge(rate, passRateText(summary), misses, undecided);
      }
    }
    pointThresholds(summary, thresholds, misses, undecided);
    List<String> reasons = new ArrayList<>(misses);
    reasons.addAll(undecided);
    Outcome outcome = !misses.isEmpty() ? Outcome.FAILED
        : !undecided.isEmpty() ? Outcome.INCONCLUSIVE : Outcome.PASSED;
    return new SuiteVerdict(outcome, reasons, estimates);
  }

  /** A threshold judged by the bounds of its interval. */
  private static void judge(Estimate e, String over, List<String> misses,
      List<String> undecided) {
    String stated = e.metric() + " " + Numbers.format(e.interval().estimate()) + " (" + over
        + "): its " + e.bounds() + " (" + e.interval().method() + ") ";
    String required = "the required " + Numbers.format(e.threshold());
    if (e.decision() == Decision.FAILED) {
      misses.add(stated + "lies below " + required + e.hintText());
    } else if (e.decision() == Decision.INCONCLUSIVE) {
      undecided.add("inconclusive: " + stated + "straddles " + required
          + (e.hint() == null ? "; more seeds or less noise would decide it" : e.hintText()));
    }
  }

  private static void pointThresholds(SuiteSummary summary, SuiteThresholds thresholds,
      List<String> misses, List<String> undecided) {
    if (thresholds.maxCostUsd() != null) {
      if (summary.unpricedSeeds() > 0 && !thresholds.allowUnpriced()) {
        misses.add("total cost is unknown: " + summary.pricedText() + "; cost.allowUnpriced=true"
            + " would judge maxCostUsd $" + Numbers.format(thresholds.maxCostUsd())
            + " on the priced seeds");
      } else if (summary.totalCostUsd() != null
          && summary.totalCostUsd() > thresholds.maxCostUsd()) {
        misses.add("total cost $" + Numbers.format(summary.totalCostUsd())
            + " exceeds the allowed $" + Numbers.format(thresholds.maxCostUsd()) + " ("
            + summary.pricedText() + ")");
      }
    }
    if (thresholds.maxCostPerSeedUsd() != null) {
      if (summary.unpricedSeeds() > 0 && !thresholds.allowUnpriced()) {
        misses.add("cost per seed is unknown: " + summary.pricedText()
            + "; cost.allowUnpriced=true would judge maxCostPerSeedUsd $"
            + Numbers.format(thresholds.maxCostPerSeedUsd()) + " on the priced seeds");
      } else if (summary.costPerSeedUsd() != null
          && summary.costPerSeedUsd() > thresholds.maxCostPerSeedUsd()) {
        misses.add("cost per seed $" + Numbers.significant(summary.costPerSeedUsd())
            + " exceeds the allowed $" + Numbers.format(thresholds.maxCostPerSeedUsd()) + " ("
            + summary.pricedText() + ")");
      }
    }
    unmeasured(thresholds.maxP95LatencyMs(), summary.p95LatencyMs(), "maxP95LatencyMs",
        "no measured latency (every seed replayed from the cache, or none completed)", undecided);
    unmeasured(thresholds.maxMeanLatencyMs(), summary.meanLatencyMs(), "maxMeanLatencyMs",
        "no measured latency (every seed replayed from the cache, or none completed)", undecided);
    unmeasured(thresholds.maxTokens(), summary.totalTokens(), "maxTokens",
        "no seed reported tokens (synth task apps report them in traces: trace.return=true)",
        undecided);
    if (thresholds.maxP95LatencyMs() != null && summary.p95LatencyMs() != null
        && summary.p95LatencyMs() > thresholds.maxP95LatencyMs()) {
      misses.add("p95 latency " + Math.round(summary.p95LatencyMs()) + " ms exceeds the allowed "
          + thresholds.maxP95LatencyMs() + " ms");
    }
    if (thresholds.maxMeanLatencyMs() != null && summary.meanLatencyMs() != null
        && summary.meanLatencyMs() > thresholds.maxMeanLatencyMs()) {
      misses.add("mean latency " + Math.round(summary.meanLatencyMs())
          + " ms exceeds the allowed " + thresholds.maxMeanLatencyMs() + " ms");
    }
    if (thresholds.maxTokens() != null && summary.totalTokens() != null
        && summary.totalTokens() > thresholds.maxTokens()) {
      misses.add("total tokens " + summary.totalTokens() + " exceed the allowed "
          + thresholds.maxTokens());
    }
  }

  /** A suite threshold with nothing to judge it on is not judged, and says so: never a silent pass. */
  private static void unmeasured(Object threshold, Object value, String name, String why,
      List<String> undecided) {
    if (threshold != null && value == null) {
      undecided.add("not judged: " + name + " " + threshold + ": " + why);
    }
  }

  /** {@code "7/10 passed; 2 errored count as not passed"}. */
  static String passRateText(SuiteSummary s) {
    return s.passed() + "/" + s.ran() + " passed"
        + (s.errored() > 0 ? "; " + s.errored() + " errored count as not passed" : "");
  }
}
