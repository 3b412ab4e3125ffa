package dev.evalunit.engine.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.evalunit.engine.config.SuiteConfig.Epochs;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.results.SeedResult.Status;
import dev.evalunit.engine.statistics.EpochReducer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed-level result of a seed's epochs, as docs/statistics.md "When to use epochs" says. */
class SeedEpochsTest {

  private static final Epochs MEAN3 = new Epochs(3, EpochReducer.DEFAULT);
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static SeedResult epoch(int epoch, double score, Long tokens, Double cost,
      double latencyMs) {
    return SeedResult.completed(null, 7, null,
            new RolloutMetrics(score, score, null, null, null, tokens, cost))
        .withRunId("r-" + epoch).withLatencyMs(latencyMs)
        .withTimes(T0.plusSeconds(epoch), T0.plusSeconds(epoch + 10)).withEpoch(epoch);
  }

  @Test
  void oneEpochIsItsOwnResultUnchanged() {
    SeedResult only = epoch(0, 0.5, 10L, 0.1, 5);
    assertThat(SeedEpochs.reduce(List.of(only), Epochs.ONE, 1)).isSameAs(only);
  }

  @Test
  void scoresReduceTokensAndCostAddUpLatencyAverages() {
    List<SeedResult> epochs = List.of(epoch(2, 1, 30L, 0.3, 30), epoch(0, 1, 10L, 0.1, 10),
        epoch(1, 0, 20L, 0.2, 20));

    SeedResult seed = SeedEpochs.reduce(epochs, MEAN3, 1);

    assertThat(seed.status()).isEqualTo(Status.COMPLETED);
    assertThat(seed.metrics().score()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(seed.metrics().rewardMean()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(seed.metrics().tokens()).isEqualTo(60L);
    assertThat(seed.metrics().costUsd()).isCloseTo(0.6, within(1e-12));
    assertThat(seed.latencyMs()).isEqualTo(20.0);
    assertThat(seed.runId()).as("each epoch has its own").isNull();
    assertThat(seed.startedAt()).isEqualTo(T0);
    assertThat(seed.endedAt()).isEqualTo(T0.plusSeconds(12));
    assertThat(SeedEpochs.reduce(epochs, new Epochs(3, EpochReducer.parse("pass^3")), 1)
        .metrics().score()).isZero();
    assertThat(SeedEpochs.scores(epochs)).containsExactly(1, 0, 1);
  }

  @Test
  void oneEpochOfUnknownCostMakesTheSeedsCostUnknown() {
    SeedResult seed = SeedEpochs.reduce(List.of(epoch(0, 1, 10L, 0.1, 1),
        epoch(1, 1, 10L, null, 1), epoch(2, 1, 10L, 0.1, 1)), MEAN3, 1);
    assertThat(seed.metrics().costUsd()).isNull();
    assertThat(seed.metrics().tokens()).isEqualTo(30L);
  }

  @Test
  void anErrorWinsOverANotRunEpochAndBothSayWhichEpoch() {
    SeedResult notRun = SeedResult.notRun(null, 7, null, "seed 7 epoch 2: budget reached")
        .withEpoch(2);
    SeedResult errored = SeedResult.errored(null, 7, null,
        new ErrorInfo("http_500", "seed 7 epoch 1: HTTP 500")).withEpoch(1);

    SeedResult both = SeedEpochs.reduce(List.of(epoch(0, 1, 10L, 0.1, 1), errored, notRun),
        MEAN3, 1);
    assertThat(both.status()).isEqualTo(Status.ERRORED);
    assertThat(both.error()).isEqualTo(new ErrorInfo("http_500",
        "epoch 1 of 3 errored: seed 7 epoch 1: HTTP 500"));
    assertThat(both.metrics().score()).isNull();
    assertThat(both.metrics().tokens()).as("what the completed epoch used").isEqualTo(10L);

    SeedResult aborted = SeedEpochs.reduce(List.of(epoch(0, 1, 10L, 0.1, 1),
        epoch(1, 1, 10L, 0.1, 1), notRun), MEAN3, 1);
    assertThat(aborted.status()).isEqualTo(Status.ABORTED);
    assertThat(aborted.error().message())
        .isEqualTo("epoch 2 of 3 not run: seed 7 epoch 2: budget reached");
    assertThat(SeedEpochs.flakiness(List.of(epoch(0, 1, 10L, 0.1, 1), notRun), 1))
        .as("an unrun epoch has nothing to agree on").isNull();
  }

  @Test
  void epochsOfOneSeedOnlyEachOnce() {
    assertThatThrownBy(() -> SeedEpochs.reduce(List.of(epoch(0, 1, null, null, 1),
        epoch(0, 0, null, null, 1)), MEAN3, 1)).hasMessageContaining("epoch 0 twice");
    SeedResult other = SeedResult.completed(null, 8, null, RolloutMetrics.NONE).withEpoch(1);
    assertThatThrownBy(() -> SeedEpochs.reduce(List.of(epoch(0, 1, null, null, 1), other),
        MEAN3, 1)).hasMessageContaining("epochs of different seeds");
    assertThat(SeedEpochs.bySeed(List.of(epoch(1, 1, null, null, 1), other,
        epoch(0, 0, null, null, 1))))
        .extracting(list -> list.get(0).seed() + "/" + list.size())
        .containsExactly("7/2", "8/1");
  }
}
