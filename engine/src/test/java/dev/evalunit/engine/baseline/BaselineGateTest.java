package dev.evalunit.engine.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.statistics.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A baseline written from one run, read back and gated against another. */
class BaselineGateTest {

  @TempDir
  Path dir;

  private static SeedResult scored(long seed, double score) {
    return SeedResult.completed(null, seed, null,
        new RolloutMetrics(score, null, null, null, null, null, null));
  }

  private static List<SeedResult> binaryRun(int seeds, int failing) {
    List<SeedResult> run = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      run.add(scored(i, i < failing ? 0 : 1));
    }
    return run;
  }

  @Test
  void writtenBaselineReadsBackAndAnUnchangedRunPasses() {
    Path file = dir.resolve("baselines/MySuite.jsonl");
    BaselineFile.write(file, binaryRun(40, 0), "hash1");
    BaselineFile baseline = BaselineFile.read(file);
    assertThat(baseline.scores()).hasSize(40).containsEntry(new SeedKey(null, "7"), 1.0);
    GateResult gate = BaselineGate.judge(baseline, binaryRun(40, 0), GateSettings.of(0.02));
    // No discordant pair: McNemar's difference interval is [0, 0], at least -0.02.
    assertThat(gate.decision()).isEqualTo(Decision.PASSED);
    assertThat(gate.comparison().test()).isEqualTo("exact McNemar");
    assertThat(gate.pairs()).hasSize(40);
    assertThat(gate.onlyInBaseline()).isEmpty();
    assertThat(gate.onlyInCurrent()).isEmpty();
  }

  @Test
  void aRunWhereTwentyOfFortySeedsNowFailIsARegression() {
    Path file = dir.resolve("base.jsonl");
    BaselineFile.write(file, binaryRun(40, 0), "hash1");
    GateResult gate = BaselineGate.judge(BaselineFile.read(file), binaryRun(40, 20),
        GateSettings.of(0.02));
    // b = 20 regressions, c = 0: exact McNemar p = 2 / 2^20; difference -0.5.
    assertThat(gate.decision()).isEqualTo(Decision.FAILED);
    assertThat(gate.comparison().pValue()).isCloseTo(2 / Math.pow(2, 20), within(1e-12));
    assertThat(gate.comparison().difference().estimate()).isCloseTo(-0.5, within(1e-12));
    assertThat(gate.reasons().get(0)).contains("mean change -0.5000").contains("40 paired seeds");
  }

  @Test
  void continuousScoresUseThePairedTIntervalAndSeedDropsAreListed() {
    Path file = dir.resolve("base.jsonl");
    List<SeedResult> base = new ArrayList<>();
    List<SeedResult> now = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      base.add(scored(i, 0.5 + 0.01 * i));
      now.add(scored(i, 0.5 + 0.01 * i + (i == 3 ? -0.4 : 0.001)));
    }
    BaselineFile.write(file, base, "h");
    GateSettings settings = GateSettings.of(0.05).withSeedDrop(0.3, false);
    GateResult gate = BaselineGate.judge(BaselineFile.read(file), now, settings);
    assertThat(gate.comparison().test()).isEqualTo("sign-flip permutation");
    assertThat(gate.droppedSeeds()).extracting(p -> p.key().seed()).containsExactly("3");
    assertThat(gate.reasons().get(1)).contains("3 0.5300 -> 0.1300");
    // Mean change (29 * 0.001 - 0.4) / 30 = -0.01237; its interval reaches below -0.05? The
    // differences' sd is 0.0732, half width t(0.975; 29) * 0.0732 / sqrt(30) = 0.0273: the
    // lower bound -0.0397 is at least -0.05, so the mean gate passes ...
    assertThat(gate.comparison().difference().estimate())
        .isCloseTo((29 * 0.001 - 0.4) / 30, within(1e-9));
    assertThat(gate.decision()).isEqualTo(Decision.PASSED);
    // ... unless a dropped seed fails the gate.
    assertThat(BaselineGate.judge(BaselineFile.read(file), now,
        settings.withSeedDrop(0.3, true)).decision()).isEqualTo(Decision.FAILED);
  }

  @Test
  void unpairedAndUnscoredSeedsAreListedNotDropped() throws IOException {
    Path file = dir.resolve("base.jsonl");
    List<SeedResult> base = new ArrayList<>(binaryRun(5, 0));
    base.add(SeedResult.errored(null, 9, null, new ErrorInfo("http_500", "seed 9: HTTP 500")));
    BaselineFile.write(file, base, "h");
    Files.writeString(file, "{\"seed\": 4, \"status\": \"comp", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    BaselineFile baseline = BaselineFile.read(file);
    assertThat(baseline.unscored()).containsExactly(new SeedKey(null, "9"));
    assertThat(baseline.skippedLines()).isEqualTo(1);
    List<SeedResult> now = new ArrayList<>(binaryRun(4, 0));  // seeds 0..3: seed 4 is missing
    now.add(scored(12, 1));
    GateResult gate = BaselineGate.judge(baseline, now, GateSettings.of(0.02));
    assertThat(gate.onlyInBaseline()).containsExactly(new SeedKey(null, "4"));
    assertThat(gate.onlyInCurrent()).containsExactly(new SeedKey(null, "12"));
    assertThat(gate.pairs()).hasSize(4);
  }

  @Test
  void epochRowsAreAveragedPerSeedOnBothSides() throws IOException {
    Path file = dir.resolve("epochs.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"seed\":1,\"status\":\"completed\",\"score\":1.0,\"epoch\":0}",
        "{\"seed\":1,\"status\":\"completed\",\"score\":0.0,\"epoch\":1}",
        "{\"seed\":1,\"status\":\"completed\",\"score\":0.5,\"epoch\":1}",   // latest of epoch 1
        "{\"seed\":2,\"status\":\"errored\",\"epoch\":0}") + "\n", StandardCharsets.UTF_8);
    BaselineFile baseline = BaselineFile.read(file);
    assertThat(baseline.scores().get(new SeedKey(null, "1"))).isEqualTo(0.75);
    assertThat(baseline.unscored()).containsExactly(new SeedKey(null, "2"));
    assertThat(BaselineGate.epochAveraged(List.of(scored(1, 1), scored(1, 0), scored(2, 1))))
        .containsEntry(new SeedKey(null, "1"), 0.5).containsEntry(new SeedKey(null, "2"), 1.0);
  }

  @Test
  void noPairsIsInconclusiveAndAMissingFileIsNamed() {
    Path file = dir.resolve("base.jsonl");
    BaselineFile.write(file, binaryRun(3, 0), "h");
    GateResult gate = BaselineGate.judge(BaselineFile.read(file), List.of(scored(99, 1)),
        GateSettings.of(0.02));
    assertThat(gate.decision()).isEqualTo(Decision.INCONCLUSIVE);
    assertThat(gate.reasons().get(0)).contains("no seed is scored in both")
        .contains("3 only in the baseline, 1 only in this run");
    Path missing = dir.resolve("nope.jsonl");
    assertThatThrownBy(() -> BaselineFile.read(missing))
        .hasMessageContaining("baseline file " + missing + " does not exist");
  }
}
