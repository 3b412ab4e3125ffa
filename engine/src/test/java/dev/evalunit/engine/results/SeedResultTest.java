package dev.evalunit.engine.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.report.ResultsJsonl;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.results.SeedResult.Status;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeedResultTest {

  private static final RolloutMetrics METRICS =
      new RolloutMetrics(0.5, 0.5, null, null, null, 900L, 0.002);
  private static final ErrorInfo BOOM = new ErrorInfo("http_500", "seed 3: HTTP 500");

  @Test
  void factoriesSetStatusAndDefaults() {
    SeedResult completed = SeedResult.completed("gpt", 3, "case-3", METRICS);
    SeedResult errored = SeedResult.errored("gpt", 3, "case-3", BOOM);
    SeedResult notRun = SeedResult.notRun(null, 3, null, "budget exhausted");

    assertThat(completed.status()).isEqualTo(Status.COMPLETED);
    assertThat(completed.metrics()).isEqualTo(METRICS);
    assertThat(completed.attempts()).isEqualTo(1);
    assertThat(completed.error()).isNull();
    assertThat(errored.status()).isEqualTo(Status.ERRORED);
    assertThat(errored.metrics()).isEqualTo(RolloutMetrics.NONE);
    assertThat(notRun.status()).isEqualTo(Status.ABORTED);
    assertThat(notRun.attempts()).isZero();
    assertThat(notRun.error()).isEqualTo(new ErrorInfo("not_run", "budget exhausted"));
    assertThat(completed.seedKey()).isEqualTo("case-3");
    assertThat(notRun.seedKey()).isEqualTo("3");
  }

  @Test
  void withersChangeOnlyTheirComponent() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    SeedResult base = SeedResult.completed(null, 1, null, METRICS);

    SeedResult full = base.withRunId("r-1").withLatencyMs(12.5).withAttempts(3)
        .withTracePath("traces/seed_1_trace.json").withTimes(start, start.plusSeconds(1));
    SeedResult errored = full.asErrored(BOOM);

    assertThat(full).isEqualTo(new SeedResult(null, 1, null, "r-1", Status.COMPLETED, METRICS,
        12.5, 3, null, "traces/seed_1_trace.json", start, start.plusSeconds(1), false, 0,
        false, null));
    assertThat(errored).isEqualTo(new SeedResult(null, 1, null, "r-1", Status.ERRORED, METRICS,
        12.5, 3, BOOM, "traces/seed_1_trace.json", start, start.plusSeconds(1), false, 0,
        false, null));
    assertThat(full.asReused().reused()).isTrue();
    assertThat(full.asReused().withReused(false)).isEqualTo(full);
    assertThat(full.asCached().cached()).isTrue();
    assertThat(full.asCached().asErrored(BOOM).cached()).isTrue();
    assertThat(full.asCached().withEpoch(2).cached()).isTrue();
    assertThat(full.asCached().withCached(false)).isEqualTo(full);
    assertThat(full.withEpoch(2).epoch()).isEqualTo(2);
    assertThat(full.withEpoch(2).withEpoch(0)).isEqualTo(full);
    assertThat(base.epoch()).as("factories give epoch 0").isZero();
    assertThat(full.withReplica("http://b:1").replica()).isEqualTo("http://b:1");
    assertThat(base.replica()).as("no pool, no replica").isNull();
  }

  @Test
  void everyFactoryRoundTripsThroughAResultsRow() {
    ObjectMapper json = new ObjectMapper();
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (SeedResult r : new SeedResult[] {
        SeedResult.completed("gpt", 1, "a", METRICS).withRunId("r").withLatencyMs(3.0)
            .withTimes(start, start.plusMillis(3)),
        SeedResult.errored(null, 2, null, BOOM).withAttempts(4).asReused(),
        SeedResult.aborted(null, 3, null, new ErrorInfo("budget_exhausted", "seed 3: budget")),
        SeedResult.notRun("gpt", 4, null, "interrupted"),
        SeedResult.completed(null, 5, null, METRICS).withRunId("r-e2").withEpoch(2)}) {
      SeedResult back = ResultsJsonl.parse(json.valueToTree(ResultsJsonl.row(r, "hash")));
      assertThat(back).isEqualTo(r);
    }
  }
}
