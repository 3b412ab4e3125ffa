package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The suite-level decision over a {@link SuiteSummary}.
 *
 * @param outcome the decision
 * @param reasons one line per missed or undecided threshold, or why there is no decision
 */
public record SuiteVerdict(Outcome outcome, List<String> reasons) {

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

  public SuiteVerdict {
    reasons = List.copyOf(reasons);
  }

  public SuiteVerdict withOutcome(Outcome outcome, List<String> reasons) {
    return new SuiteVerdict(outcome, reasons);
  }

  /**
   * Judges {@code summary} against {@code thresholds} by point comparison. A cost threshold
   * over seeds of unknown cost fails (their spend is not counted) unless
   * {@link SuiteThresholds#allowUnpriced} judges it on the priced seeds.
   */
  public static SuiteVerdict of(SuiteSummary summary, SuiteThresholds thresholds) {
    List<String> misses = new ArrayList<>();
    if (summary.completed() == 0) {
      return new SuiteVerdict(Outcome.NO_DATA, List.of("no seed completed ("
          + summary.errored() + " errored, " + summary.aborted() + " not run)"));
    }
    if (thresholds.minMeanScore() != null
        && (summary.meanScore() == null || summary.meanScore() < thresholds.minMeanScore())) {
      misses.add("mean score " + Numbers.format(summary.meanScore()) + " is below the required "
          + Numbers.format(thresholds.minMeanScore()) + " (over " + summary.completed()
          + " completed seeds)");
    }
    if (thresholds.minPassRate() != null && summary.passRate() < thresholds.minPassRate()) {
      misses.add("pass rate " + Numbers.format(summary.passRate()) + " (" + passRateText(summary)
          + ") is below the required " + Numbers.format(thresholds.minPassRate()));
    }
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
    return new SuiteVerdict(misses.isEmpty() ? Outcome.PASSED : Outcome.FAILED, misses);
  }

  /** {@code "7/10 passed; 2 errored count as not passed"}. */
  static String passRateText(SuiteSummary s) {
    return s.passed() + "/" + s.ran() + " passed"
        + (s.errored() > 0 ? "; " + s.errored() + " errored count as not passed" : "");
  }
}
