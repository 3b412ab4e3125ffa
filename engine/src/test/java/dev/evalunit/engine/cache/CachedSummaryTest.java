package dev.evalunit.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig.Epochs;
import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SuiteSummary;
import dev.evalunit.engine.results.SuiteVerdict;
import dev.evalunit.engine.statistics.EpochReducer;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Replayed seeds in the aggregates: cost kept but saved, latency left out. */
class CachedSummaryTest {

  private static final SeedThresholds SEED = new SeedThresholds(0.5, null, null, 1_000L);

  private static SeedResult seed(long seed, double latencyMs, double cost) {
    return SeedResult.completed(null, seed, null,
        new RolloutMetrics(1.0, null, null, null, null, 10L, cost)).withLatencyMs(latencyMs);
  }

  @Test
  void replayedSeedsKeepTheirCostAsSavedAndStayOutOfLatency() {
    SuiteSummary s = SuiteSummary.of(List.of(seed(0, 100, 0.02), seed(1, 5_000, 0.03).asCached(),
        seed(2, 300, 0.05)), new SeedThresholds(0.5, null, null, null));

    assertThat(s.cachedSeeds()).isEqualTo(1);
    assertThat(s.totalCostUsd()).isCloseTo(0.10, Offset.offset(1e-12));
    assertThat(s.savedCostUsd()).isCloseTo(0.03, Offset.offset(1e-12));
    assertThat(s.spentCostUsd()).isCloseTo(0.07, Offset.offset(1e-12));
    assertThat(s.meanLatencyMs()).isEqualTo(200.0);
    assertThat(s.p95LatencyMs()).isEqualTo(300.0);
  }

  @Test
  void aFullyReplayedRunHasNoLatencyStatisticsSoItsLatencyThresholdsSayNotJudged() {
    List<SeedResult> replayed = List.of(seed(0, 900, 0.01).asCached(),
        seed(1, 900, 0.01).asCached());
    SuiteSummary s = SuiteSummary.of(replayed, SEED);

    assertThat(s.meanLatencyMs()).isNull();
    assertThat(s.p95LatencyMs()).isNull();
    assertThat(s.spentCostUsd()).isZero();
    SuiteVerdict verdict = SuiteVerdict.of(s,
        SuiteThresholds.of(null, null, null, null).withLatency(10L, 10L));
    // never a silent pass: the verdict says the latency thresholds were not judged
    assertThat(verdict.outcome()).isEqualTo(SuiteVerdict.Outcome.INCONCLUSIVE);
    assertThat(verdict.reasons()).hasSize(2).allSatisfy(r -> assertThat(r)
        .startsWith("not judged: max").contains("replayed from the cache"));
    // the per-seed latency threshold still judges the recorded latency: same seed tests
    assertThat(SuiteSummary.of(List.of(seed(0, 1_500, 0.01).asCached()), SEED).failed())
        .isEqualTo(1);
  }

  @Test
  void withEpochsEachReplayedEpochIsSavedAndUntimedAndASeedIsCachedWhenAllItsEpochsAre() {
    Epochs two = new Epochs(2, EpochReducer.DEFAULT);
    JudgedSeed mixed = JudgedSeed.ofEpochs(List.of(seed(0, 5_000, 0.03).asCached(),
        seed(0, 100, 0.02).withEpoch(1)), two, SEED);
    JudgedSeed replayed = JudgedSeed.ofEpochs(List.of(seed(1, 700, 0.01).asCached(),
        seed(1, 900, 0.01).withEpoch(1).asCached()), two, SEED);

    assertThat(mixed.result().cached()).isFalse();
    assertThat(replayed.result().cached()).isTrue();
    SuiteSummary s = SuiteSummary.ofJudged(List.of(mixed, replayed));
    assertThat(s.cachedSeeds()).isEqualTo(3);
    assertThat(s.savedCostUsd()).isCloseTo(0.05, Offset.offset(1e-12));
    assertThat(s.totalCostUsd()).isCloseTo(0.07, Offset.offset(1e-12));
    assertThat(s.meanLatencyMs()).isEqualTo(100.0);
  }
}
