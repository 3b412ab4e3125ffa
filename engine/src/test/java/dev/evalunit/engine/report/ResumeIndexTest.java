package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.results.SeedResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeIndexTest {

  private static final String HASH = "aaaa1111bbbb2222";

  @TempDir Path dir;

  private Path jsonl(SeedResult... results) {
    Path file = dir.resolve("results.jsonl");
    try (ResultsJsonl out = ResultsJsonl.open(file, HASH)) {
      for (SeedResult r : results) {
        out.append(r);
      }
    }
    return file;
  }

  @Test
  void completedSeedsAreReusedWithTheirRecordedNumbersAndMarkedReused() {
    Path file = jsonl(ReportFixtures.completed(0, 0.75, 412.5, 936L, 0.0004),
        ReportFixtures.errored(1, "boom"));

    ResumeIndex index = ResumeIndex.read(file, HASH);

    SeedResult seed0 = index.reusable("0").orElseThrow();
    assertThat(seed0.reused()).isTrue();
    assertThat(seed0.metrics().score()).isEqualTo(0.75);
    assertThat(seed0.metrics().tokens()).isEqualTo(936L);
    assertThat(seed0.metrics().costUsd()).isEqualTo(0.0004);
    assertThat(seed0.latencyMs()).isEqualTo(412.5);
    assertThat(seed0.tracePath()).isEqualTo("traces/seed_0_trace.json");
    assertThat(seed0.startedAt()).isEqualTo(ReportFixtures.T0);
    assertThat(seed0.runId()).isEqualTo("app-seed-0-0000abcd");
    assertThat(index.reusable("1")).as("errored seeds run again").isEmpty();
    assertThat(index.reusable("2")).as("missing seeds run").isEmpty();
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void theLastLineOfASeedDecides() {
    Path file = jsonl(ReportFixtures.completed(0, 1.0, 1.0, null, null),
        ReportFixtures.errored(0, "later run failed"),
        ReportFixtures.errored(1, "first try failed"),
        ReportFixtures.completed(1, 0.5, 1.0, null, null));

    ResumeIndex index = ResumeIndex.read(file, HASH);

    assertThat(index.reusable("0")).isEmpty();
    assertThat(index.reusable("1")).get().extracting(r -> r.metrics().score()).isEqualTo(0.5);
  }

  @Test
  void resultsRecordedUnderOtherSettingsAreNotReused() {
    Path file = jsonl(ReportFixtures.completed(0, 1.0, 1.0, null, null));

    assertThat(ResumeIndex.read(file, "other-hash").reusable("0")).isEmpty();
  }

  @Test
  void aTruncatedLastLineIsSkippedAndAppendingStartsAFreshLine() throws IOException {
    Path file = jsonl(ReportFixtures.completed(0, 1.0, 1.0, null, null));
    Files.writeString(file, "{\"seed\":1,\"status\":\"compl", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    ResumeIndex index = ResumeIndex.read(file, HASH);
    assertThat(index.reusable("0")).isPresent();
    assertThat(index.reusable("1")).isEmpty();
    assertThat(index.skippedLines()).isEqualTo(1);

    try (ResultsJsonl out = ResultsJsonl.open(file, HASH)) {
      out.append(ReportFixtures.completed(1, 0.25, 1.0, null, null));
    }
    ResumeIndex after = ResumeIndex.read(file, HASH);
    assertThat(after.reusable("1")).get().extracting(r -> r.metrics().score()).isEqualTo(0.25);
    assertThat(after.skippedLines()).isEqualTo(1);
  }

  @Test
  void instanceIdsAreTheSeedKey() {
    SeedResult row = SeedResult.completed(null, 3, "case-17",
            ReportFixtures.completed(3, 1.0, 1.0, null, null).metrics())
        .withRunId("r").withLatencyMs(1.0);
    Path file = jsonl(row);

    assertThat(ResumeIndex.read(file, HASH).reusable("case-17")).isPresent();
    assertThat(ResumeIndex.read(file, HASH).reusable("3")).isEmpty();
  }

  @Test
  void eachEpochOfASeedResumesOnItsOwn() {
    SeedResult epoch0 = ReportFixtures.completed(0, 1.0, 1.0, null, null);
    Path file = jsonl(epoch0, ReportFixtures.errored(0, "epoch 1 failed").withEpoch(1),
        ReportFixtures.completed(0, 0.5, 1.0, null, null).withEpoch(2));

    ResumeIndex index = ResumeIndex.read(file, HASH);

    assertThat(index.reusable("0", 0)).get().extracting(SeedResult::epoch).isEqualTo(0);
    assertThat(index.reusable("0", 1)).as("the errored epoch runs again").isEmpty();
    assertThat(index.reusable("0", 2)).get().extracting(r -> r.metrics().score())
        .isEqualTo(0.5);
    assertThat(index.reusable("0", 3)).as("an epoch never recorded runs").isEmpty();
    assertThat(index.latest("0", 1)).get().extracting(SeedResult::status)
        .isEqualTo(SeedResult.Status.ERRORED);
    assertThat(index.size()).isEqualTo(2);
  }

  @Test
  void aLineWithoutAnEpochIsEpochZeroSoOldFilesStillResume() throws IOException {
    Path file = dir.resolve("results.jsonl");
    // A row as evalunit wrote it before epochs existed: no "epoch" field.
    Files.writeString(file, "{\"seed\":4,\"run_id\":\"eval-seed-4-0000abcd\",\"variant\":null,"
        + "\"status\":\"completed\",\"score\":0.5,\"attempts\":1,\"config_hash\":\"" + HASH
        + "\",\"reused\":false}\n", StandardCharsets.UTF_8);

    ResumeIndex index = ResumeIndex.read(file, HASH);

    assertThat(index.reusable("4", 0)).get().extracting(SeedResult::epoch).isEqualTo(0);
    assertThat(index.reusable("4")).isEqualTo(index.reusable("4", 0));
    assertThat(index.reusable("4", 1)).isEmpty();
  }

  @Test
  void aNegativeOrFractionalEpochIsAnUnreadableLine() throws IOException {
    Path file = dir.resolve("results.jsonl");
    Files.writeString(file, "{\"seed\":4,\"status\":\"completed\",\"epoch\":-1,"
        + "\"config_hash\":\"" + HASH + "\"}\n{\"seed\":5,\"status\":\"completed\","
        + "\"epoch\":1.5,\"config_hash\":\"" + HASH + "\"}\n", StandardCharsets.UTF_8);

    ResumeIndex index = ResumeIndex.read(file, HASH);

    assertThat(index.skippedLines()).isEqualTo(2);
    assertThat(index.size()).isZero();
  }

  @Test
  void aMissingFileReusesNothing() {
    assertThat(ResumeIndex.read(dir.resolve("nope.jsonl"), HASH).size()).isZero();
  }

  @Test
  void aFolderInPlaceOfTheFileIsTreatedAsNoEarlierRun() throws IOException {
    Path file = Files.createDirectory(dir.resolve("results.jsonl"));

    assertThat(ResumeIndex.read(file, HASH).size()).isZero();
  }
}
