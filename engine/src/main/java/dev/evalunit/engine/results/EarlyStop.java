package dev.evalunit.engine.results;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a suite stopped starting rollouts before every seed ran (budget, deadline, error limit,
 * fail-fast, interrupt), as the verdict needs it.
 *
 * @param reason a sentence such as {@code "budget reached: $0.3 of $0.25 (budget.usd)"}
 * @param failsSuite whether seeds left unstarted fail the verdict
 * @param partialAllowable true for budget and deadline stops, which {@code budget.allowPartial}
 *     would judge on the completed seeds
 */
public record EarlyStop(String reason, boolean failsSuite, boolean partialAllowable) {

  /** {@code "stopped early: <reason>; 7 of 10 seeds not run"}. */
  public String note(SuiteSummary summary) {
    return "stopped early: " + reason + "; " + summary.aborted() + " of " + summary.seeds()
        + " seeds not run";
  }

  /**
   * The verdict once this stop is taken into account: unchanged when no seed of
   * {@code summary} was left unstarted; otherwise failed with the stop as first reason, unless
   * a partial run is allowed, in which case the thresholds stand as judged on the completed
   * seeds.
   */
  public SuiteVerdict judge(SuiteVerdict verdict, SuiteSummary summary) {
    if (summary.aborted() == 0) {
      return verdict;
    }
    List<String> reasons = new ArrayList<>();
    if (failsSuite) {
      reasons.add(note(summary) + (partialAllowable
          ? " (budget.allowPartial=true would judge the completed seeds)" : ""));
      if (verdict.outcome() != SuiteVerdict.Outcome.PASSED) {
        reasons.addAll(verdict.reasons());
      }
      return verdict.withOutcome(SuiteVerdict.Outcome.FAILED, reasons);
    }
    if (verdict.outcome() == SuiteVerdict.Outcome.NO_DATA) {
      reasons.addAll(verdict.reasons());
      reasons.add(note(summary));
      return verdict.withOutcome(SuiteVerdict.Outcome.NO_DATA, reasons);
    }
    return verdict;
  }
}
