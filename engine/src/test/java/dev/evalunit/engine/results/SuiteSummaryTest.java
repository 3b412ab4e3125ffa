package dev.evalunit.engine.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteSummaryTest {

  private static SeedResult completed(long seed, double score, Long tokens, Double cost) {
    return SeedResult.completed(null, seed, null,
            new RolloutMetrics(score, score, score, score, null, tokens, cost))
        .withRunId("r" + seed).withLatencyMs(10.0);
  }

  private static SeedResult errored(long seed) {
    return SeedResult.errored(null, seed, null, new ErrorInfo("http_500", "boom"))
        .withRunId("r" + seed).withLatencyMs(30.0);
  }

  @Test
  void meansAreOverCompletedSeedsAndUnknownTotalsStayUnknown() {
    SuiteSummary summary = SuiteSummary.of(
        List.of(completed(0, 1.0, 10L, null), completed(1, 0.0, null, null), errored(2)),
        new SeedThresholds(0.5, null, null, null));

    assertThat(summary.completed()).isEqualTo(2);
    assertThat(summary.passed()).isEqualTo(1);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.errored()).isEqualTo(1);
    assertThat(summary.meanScore()).isEqualTo(0.5);
    // The errored seed did not pass: 1 passed of 3 that ran.
    assertThat(summary.passRate()).isEqualTo(1.0 / 3);
    assertThat(summary.ran()).isEqualTo(3);
    assertThat(summary.totalTokens()).isEqualTo(10L);
    assertThat(summary.totalCostUsd()).isNull();
    assertThat(summary.meanLatencyMs()).isEqualTo(50.0 / 3);
  }

  @Test
  void verdictNamesEveryMissedThresholdAndNoDataWhenNothingCompleted() {
    SeedThresholds none = new SeedThresholds(null, null, null, null);
    SuiteSummary summary = SuiteSummary.of(
        List.of(completed(0, 0.5, 100L, 0.2), completed(1, 0.5, 100L, 0.2)), none);

    SuiteVerdict verdict = SuiteVerdict.of(summary, SuiteThresholds.of(0.6, null, 0.3, 150L));

    assertThat(verdict.outcome()).isEqualTo(SuiteVerdict.Outcome.FAILED);
    assertThat(verdict.reasons()).containsExactly(
        "mean score 0.5 is below the required 0.6 (over 2 completed seeds)",
        "total cost $0.4 exceeds the allowed $0.3 (2 of 2 seeds priced)",
        "total tokens 200 exceed the allowed 150");
    assertThat(SuiteVerdict.of(SuiteSummary.of(List.of(errored(0)), none),
        SuiteThresholds.of(0.6, null, null, null)).outcome())
        .isEqualTo(SuiteVerdict.Outcome.NO_DATA);
  }

  /** Issue 10: 125 of 1,000 seeds errored once gave pass_rate=1. */
  @Test
  void passRateCountsErroredSeedsAsNotPassedAndTheVerdictNamesThem() {
    List<SeedResult> results = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      results.add(i < 125 ? errored(i) : completed(i, 1.0, null, null));
    }
    SuiteSummary summary = SuiteSummary.of(results, new SeedThresholds(0.5, null, null, null));

    assertThat(summary.passRate()).isEqualTo(0.875);
    SuiteVerdict verdict = SuiteVerdict.of(summary, SuiteThresholds.of(null, 0.9, null, null));
    assertThat(verdict.outcome()).isEqualTo(SuiteVerdict.Outcome.FAILED);
    assertThat(verdict.reasons()).containsExactly("pass rate 0.875 (875/1000 passed; 125 errored"
        + " count as not passed; 95% CI [0.8529, 0.8949]) is below the required 0.9");
  }

  @Test
  void aCostThresholdOverUnpricedSeedsFailsUnlessUnpricedSeedsAreAllowed() {
    SuiteSummary summary = SuiteSummary.of(
        List.of(completed(0, 1.0, 100L, 0.01), completed(1, 1.0, 100L, null), errored(2)),
        new SeedThresholds(null, null, null, null));
    SuiteThresholds maxCost = SuiteThresholds.of(null, null, 1.0, null);

    assertThat(summary.pricedText()).isEqualTo("1 of 3 seeds priced");
    SuiteVerdict strict = SuiteVerdict.of(summary, maxCost);
    assertThat(strict.outcome()).isEqualTo(SuiteVerdict.Outcome.FAILED);
    assertThat(strict.reasons()).containsExactly("total cost is unknown: 1 of 3 seeds priced;"
        + " cost.allowUnpriced=true would judge maxCostUsd $1 on the priced seeds");
    assertThat(SuiteVerdict.of(summary, maxCost.withCost(maxCost.maxCostPerSeedUsd(), true)).outcome())
        .isEqualTo(SuiteVerdict.Outcome.PASSED);
  }

  @Test
  void p95LatencyIsTheNearestRankOverSeedsThatRan() {
    List<SeedResult> results = new java.util.ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      results.add(completed(i, 1.0, null, null).withLatencyMs(i * 10.0));
    }
    SuiteSummary summary = SuiteSummary.of(results, new SeedThresholds(null, null, null, null));

    // ceil(0.95 * 20) = 19th smallest of 10, 20, ..., 200.
    assertThat(summary.p95LatencyMs()).isEqualTo(190.0);
    assertThat(summary.meanLatencyMs()).isEqualTo(105.0);
  }

  @Test
  void latencyAndCostPerSeedThresholds() {
    List<SeedResult> results = new java.util.ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      results.add(completed(i, 1.0, null, 0.01 * i).withLatencyMs(i * 10.0));
    }
    SuiteSummary summary = SuiteSummary.of(results, new SeedThresholds(null, null, null, null));
    SuiteThresholds none = SuiteThresholds.of(null, null, null, null);

    // p95 = 190 ms, mean 105 ms, cost per seed = 2.1 / 20 = 0.105
    SuiteVerdict missed = SuiteVerdict.of(summary,
        none.withLatency(150L, 100L).withCost(0.1, false));
    assertThat(missed.reasons()).containsExactly(
        "cost per seed $0.105 exceeds the allowed $0.1 (20 of 20 seeds priced)",
        "p95 latency 190 ms exceeds the allowed 150 ms",
        "mean latency 105 ms exceeds the allowed 100 ms");
    assertThat(SuiteVerdict.of(summary, none.withLatency(190L, 105L).withCost(0.11, false))
        .outcome()).isEqualTo(SuiteVerdict.Outcome.PASSED);
  }
}
