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
    assertThat(summary.passRate()).isEqualTo(0.5);
    assertThat(summary.totalTokens()).isEqualTo(10L);
    assertThat(summary.totalCostUsd()).isNull();
    assertThat(summary.meanLatencyMs()).isEqualTo(50.0 / 3);
  }

  @Test
  void verdictNamesEveryMissedThresholdAndNoDataWhenNothingCompleted() {
    SeedThresholds none = new SeedThresholds(null, null, null, null);
    SuiteSummary summary = SuiteSummary.of(
        List.of(completed(0, 0.5, 100L, 0.2), completed(1, 0.5, 100L, 0.2)), none);

    SuiteVerdict verdict = SuiteVerdict.of(summary, new SuiteThresholds(0.6, null, 0.3, 150L));

    assertThat(verdict.outcome()).isEqualTo(SuiteVerdict.Outcome.FAILED);
    assertThat(verdict.reasons()).containsExactly(
        "mean score 0.5 is below the required 0.6 (over 2 completed seeds)",
        "total cost $0.4 exceeds the allowed $0.3",
        "total tokens 200 exceed the allowed 150");
    assertThat(SuiteVerdict.of(SuiteSummary.of(List.of(errored(0)), none),
        new SuiteThresholds(0.6, null, null, null)).outcome())
        .isEqualTo(SuiteVerdict.Outcome.NO_DATA);
  }
}
