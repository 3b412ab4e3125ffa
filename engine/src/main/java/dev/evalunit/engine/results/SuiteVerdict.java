package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite-level decision over a {@link SuiteSummary}.
 *
 * @param outcome pass, fail, or no data to judge
 * @param reasons one line per missed threshold, or why there is no data
 */
public record SuiteVerdict(Outcome outcome, List<String> reasons) {

  /** A verdict's outcome. Room is left for INCONCLUSIVE (confidence-bound verdicts). */
  public enum Outcome { PASSED, FAILED, NO_DATA }

  public SuiteVerdict {
    reasons = List.copyOf(reasons);
  }

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
      misses.add("pass rate " + Numbers.format(summary.passRate()) + " (" + summary.passed()
          + "/" + summary.completed() + ") is below the required "
          + Numbers.format(thresholds.minPassRate()));
    }
    if (thresholds.maxCostUsd() != null && summary.totalCostUsd() != null
        && summary.totalCostUsd() > thresholds.maxCostUsd()) {
      misses.add("total cost $" + Numbers.format(summary.totalCostUsd())
          + " exceeds the allowed $" + Numbers.format(thresholds.maxCostUsd()));
    }
    if (thresholds.maxTokens() != null && summary.totalTokens() != null
        && summary.totalTokens() > thresholds.maxTokens()) {
      misses.add("total tokens " + summary.totalTokens() + " exceed the allowed "
          + thresholds.maxTokens());
    }
    return new SuiteVerdict(misses.isEmpty() ? Outcome.PASSED : Outcome.FAILED, misses);
  }
}
