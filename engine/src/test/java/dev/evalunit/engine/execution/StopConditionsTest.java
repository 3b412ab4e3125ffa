package dev.evalunit.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Reliability;
import dev.evalunit.engine.config.SuiteConfig.Reliability.Budget;
import dev.evalunit.engine.config.SuiteConfig.Reliability.ErrorLimit;
import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.results.SuiteSummary;
import dev.evalunit.engine.results.SuiteVerdict;
import dev.evalunit.engine.results.SuiteVerdict.Outcome;
import dev.evalunit.engine.statistics.EpochReducer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StopConditionsTest {

  private static final SeedThresholds MIN_SCORE_HALF = new SeedThresholds(0.5, null, null, null);

  private final AtomicLong clock = new AtomicLong();
  private final AtomicBoolean interrupted = new AtomicBoolean();

  private StopConditions stops(Reliability settings, Budget runBudget) {
    return new StopConditions(settings, 10, MIN_SCORE_HALF,
        BudgetMeter.forRun(runBudget, clock::get), interrupted::get, clock::get);
  }

  private static Reliability with(Duration deadline, Budget budget, boolean allowPartial,
      ErrorLimit maxErrors, boolean failFast) {
    return new Reliability(Reliability.Retry.DEFAULTS, deadline, budget, allowPartial, maxErrors,
        failFast);
  }

  private static SeedResult completed(long seed, double score, Double cost, Long tokens) {
    return SeedResult.completed(null, seed, null,
            new RolloutMetrics(score, null, null, null, null, tokens, cost))
        .withRunId("r").withLatencyMs(10.0);
  }

  private static SeedResult errored(long seed) {
    return SeedResult.errored(null, seed, null,
            new ErrorInfo("http_500", "seed " + seed + ": HTTP 500"))
        .withRunId("r").withLatencyMs(10.0).withAttempts(3);
  }

  @Test
  void nothingStopsASuiteWithoutLimits() {
    StopConditions stops = stops(Reliability.DEFAULTS, Budget.NONE);
    for (int i = 0; i < 5; i++) {
      stops.record(errored(i));
    }
    clock.addAndGet(Duration.ofHours(5).toNanos());

    assertThat(stops.check()).isEmpty();
    assertThat(stops.stop()).isEmpty();
  }

  @Test
  void theUsdBudgetStopsOnceSpendingReachesIt() {
    StopConditions stops = stops(with(null, new Budget(0.25, null, null), false,
        ErrorLimit.NONE, false), Budget.NONE);

    stops.record(completed(0, 1, 0.1, null));
    stops.record(completed(1, 1, 0.1, null));
    assertThat(stops.check()).isEmpty();
    stops.record(completed(2, 1, 0.1, null));

    StopConditions.Stop stop = stops.check().orElseThrow();
    assertThat(stop.reason()).isEqualTo("budget reached: $0.3 of $0.25 (budget.usd)");
    assertThat(stop.kind()).isEqualTo(StopConditions.Kind.BUDGET);
    assertThat(stop.failsSuite()).isTrue();
  }

  @Test
  void tokenAndWallTimeBudgetsAndTheRunBudget() {
    StopConditions tokens = stops(with(null, new Budget(null, 1000L, null), true,
        ErrorLimit.NONE, false), Budget.NONE);
    tokens.record(completed(0, 1, null, 1200L));
    assertThat(tokens.check().orElseThrow().reason())
        .isEqualTo("budget reached: 1200 of 1000 tokens (budget.tokens)");
    assertThat(tokens.check().orElseThrow().failsSuite()).as("allowPartial").isFalse();

    StopConditions wall = stops(with(null, new Budget(null, null, Duration.ofSeconds(30)), false,
        ErrorLimit.NONE, false), Budget.NONE);
    clock.addAndGet(Duration.ofMillis(31_200).toNanos());
    assertThat(wall.check().orElseThrow().reason())
        .isEqualTo("budget reached: 31.2s of 30s wall time (budget.wallTime)");

    StopConditions run = stops(Reliability.DEFAULTS, new Budget(1.0, null, null));
    run.record(completed(0, 1, 1.5, null));
    assertThat(run.check().orElseThrow().reason())
        .isEqualTo("run budget reached: $1.5 of $1 (evalunit.run.budget.usd)");
  }

  @Test
  void theSuiteDeadline() {
    StopConditions stops = stops(with(Duration.ofSeconds(30), Budget.NONE, false,
        ErrorLimit.NONE, false), Budget.NONE);
    clock.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(stops.check()).isEmpty();
    clock.addAndGet(Duration.ofSeconds(1).toNanos());

    assertThat(stops.check().orElseThrow().reason()).isEqualTo("suite deadline of 30s reached");
    assertThat(stops.check().orElseThrow().kind()).isEqualTo(StopConditions.Kind.DEADLINE);
  }

  @Test
  void maxErrorsAsACountOrAFractionOfTheSeeds() {
    StopConditions count = stops(with(null, Budget.NONE, false, new ErrorLimit(2, null), false),
        Budget.NONE);
    count.record(errored(0));
    count.record(errored(1));
    assertThat(count.check()).isEmpty();
    count.record(errored(2));
    assertThat(count.check().orElseThrow().reason())
        .isEqualTo("error limit reached: 3 seeds errored, more than maxErrors = 2 allows");

    StopConditions fraction = stops(with(null, Budget.NONE, true, new ErrorLimit(null, 0.1),
        false), Budget.NONE);
    fraction.record(errored(0));
    assertThat(fraction.check()).isEmpty();
    fraction.record(errored(1));
    StopConditions.Stop stop = fraction.check().orElseThrow();
    assertThat(stop.reason()).isEqualTo(
        "error limit reached: 2 seeds errored, more than maxErrors = 0.1 of 10 seeds (1) allows");
    assertThat(stop.failsSuite()).as("allowPartial is for budgets only").isTrue();
  }

  /** With epochs a low epoch is no miss when the seed's reduced value meets the threshold. */
  @Test
  void failFastJudgesTheSeedsReducedValueWithEpochs() {
    StopConditions stops = stops(with(null, Budget.NONE, false, ErrorLimit.NONE, true),
        Budget.NONE);
    List<SeedResult> epochs = List.of(completed(2, 0.25, null, null),
        completed(2, 1, null, null).withEpoch(1), completed(2, 1, null, null).withEpoch(2));
    epochs.forEach(stops::record);
    stops.judged(JudgedSeed.ofEpochs(epochs,
        new SuiteConfig.Epochs(3, EpochReducer.parse("mean")), MIN_SCORE_HALF));
    assertThat(stops.check()).as("mean 0.75 meets 0.5").isEmpty();

    stops.judged(JudgedSeed.ofEpochs(epochs,
        new SuiteConfig.Epochs(3, EpochReducer.parse("min")), MIN_SCORE_HALF));
    assertThat(stops.check().orElseThrow().reason())
        .isEqualTo("fail-fast: seed 2 failed (score 0.25 is below the required 0.5)");
  }

  @Test
  void failFastStopsAtTheFirstErrorOrThresholdMiss() {
    StopConditions miss = stops(with(null, Budget.NONE, false, ErrorLimit.NONE, true),
        Budget.NONE);
    miss.record(completed(0, 1, null, null));
    miss.judged(JudgedSeed.of(completed(0, 1, null, null), MIN_SCORE_HALF));
    assertThat(miss.check()).isEmpty();
    SeedResult low = completed(1, 0.25, null, null);
    miss.record(low);
    assertThat(miss.check()).as("a miss is judged on the seed, not on one rollout").isEmpty();
    miss.judged(JudgedSeed.of(low, MIN_SCORE_HALF));
    assertThat(miss.check().orElseThrow().reason())
        .isEqualTo("fail-fast: seed 1 failed (score 0.25 is below the required 0.5)");

    StopConditions error = stops(with(null, Budget.NONE, false, ErrorLimit.NONE, true),
        Budget.NONE);
    error.record(errored(4));
    assertThat(error.check().orElseThrow().reason())
        .isEqualTo("fail-fast: seed 4 errored (http_500)");
  }

  @Test
  void theFirstStopIsKeptButAnInterruptionIsAlwaysReported() {
    StopConditions stops = stops(with(Duration.ofSeconds(1), new Budget(0.1, null, null), false,
        ErrorLimit.NONE, false), Budget.NONE);
    stops.record(completed(0, 1, 0.2, null));
    assertThat(stops.check().orElseThrow().kind()).isEqualTo(StopConditions.Kind.BUDGET);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(stops.check().orElseThrow().kind()).isEqualTo(StopConditions.Kind.BUDGET);

    interrupted.set(true);
    assertThat(stops.check().orElseThrow().kind()).isEqualTo(StopConditions.Kind.INTERRUPTED);
    assertThat(stops.stop().orElseThrow().kind()).isEqualTo(StopConditions.Kind.BUDGET);
  }

  @Test
  void aStopFailsTheVerdictUnlessAPartialRunIsAllowed() {
    SuiteSummary summary = new SuiteSummary(10, 3, 3, 0, 0, 7, 1.0, 1.0, null, 0.3, 10.0, 10.0,
        3, 0, null);
    SuiteVerdict passed = new SuiteVerdict(Outcome.PASSED, List.of());
    StopConditions.Stop fatal = new StopConditions.Stop(StopConditions.Kind.BUDGET,
        "budget reached: $0.3 of $0.25 (budget.usd)", true);

    SuiteVerdict judged = fatal.judge(passed, summary);
    assertThat(judged.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(judged.reasons()).containsExactly("stopped early: budget reached: $0.3 of $0.25"
        + " (budget.usd); 7 of 10 seeds not run"
        + " (budget.allowPartial=true would judge the completed seeds)");

    StopConditions.Stop partial = new StopConditions.Stop(StopConditions.Kind.BUDGET,
        fatal.reason(), false);
    assertThat(partial.judge(passed, summary)).isEqualTo(passed);
    SuiteVerdict missed = new SuiteVerdict(Outcome.FAILED, List.of("mean score 0.1 is below"));
    assertThat(partial.judge(missed, summary)).isEqualTo(missed);
    assertThat(fatal.judge(missed, summary).reasons()).hasSize(2).last()
        .isEqualTo("mean score 0.1 is below");

    SuiteSummary nothingCut = new SuiteSummary(10, 10, 10, 0, 0, 0, 1.0, 1.0, null, 0.3, 10.0,
        10.0, 10, 0, null);
    assertThat(fatal.judge(passed, nothingCut)).isEqualTo(passed);
  }
}
