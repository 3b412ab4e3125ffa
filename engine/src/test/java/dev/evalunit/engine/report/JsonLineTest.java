package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.jsonl lines are exactly what ObjectMapper would write for the same row. */
class JsonLineTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final SeedResult COMPLETED = SeedResult.completed(null, 7, null,
          new RolloutMetrics(0.5, 0.5, 0.5, null, 1.0, 936L, 0.0012))
      .withRunId("eval-seed-7-0000abcd").withLatencyMs(412.5)
      .withTracePath("traces/seed_7_trace.json")
      .withTimes(Instant.parse("2025-01-01T00:00:00.123456Z"),
          Instant.parse("2025-01-01T00:00:01Z"));
  private static final SeedResult ERRORED = SeedResult.errored("gpt", 8, "row-8",
          new ErrorInfo("http_500", "seed 8: \"boom\"\n\ttab \u00e9 \u2028"))
      .withLatencyMs(3.0).withAttempts(2).asReused();

  @Test
  void linesMatchObjectMapper(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("results.jsonl");
    try (ResultsJsonl jsonl = ResultsJsonl.open(file, "abc123")) {
      jsonl.append(COMPLETED);
      jsonl.append(ERRORED);
    }

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);

    assertThat(lines).containsExactly(
        JSON.writeValueAsString(ResultsJsonl.row(COMPLETED, "abc123")),
        JSON.writeValueAsString(ResultsJsonl.row(ERRORED, "abc123")));
  }

  @Test
  void refusesValuesThatAreNotPlainJson() {
    assertThatThrownBy(() -> JsonLine.of(Map.of("when", Instant.EPOCH), JSON.getFactory()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.time.Instant");
  }
}
