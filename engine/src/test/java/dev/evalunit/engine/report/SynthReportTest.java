package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.results.SeedResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report files the engine writes must be the files synth-ai 0.4.4 writes for the same run:
 * the real {@code *_output.json} reports are rebuilt from their own numbers and compared byte
 * for byte (keys, order, null handling, float digits, layout).
 */
class SynthReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"financial_ner", "banking77"})
  void reportJsonIsByteIdenticalToSynthAisForTheSameConfigFileAndNumbers(String name)
      throws IOException {
    Path fixtures = ReportFixtures.synthFixtures();
    String expected = Files.readString(
        fixtures.resolve("tests__local_api__" + name + "_eval_output.json"));
    SuiteConfig config = ReportFixtures.config(
        fixtures.resolve("tests__local_api__" + name + "_eval.toml"), dir, Map.of());

    String written = SynthReport.json(config, Variant.DEFAULT, config.taskApp().url(),
        resultsOf(JSON.readTree(expected)));

    assertThat(written).isEqualTo(expected);
  }

  /** The verilog report came from a different config than the file next to it: rebuild that. */
  @Test
  void reportJsonIsByteIdenticalForTheVerilogRun() throws IOException {
    String expected = Files.readString(ReportFixtures.synthFixtures()
        .resolve("tests__local_api__verilog_eval_output.json"));
    JsonNode report = JSON.readTree(expected);
    SuiteConfig config = ReportFixtures.config(toml(report.get("config")), dir, Map.of());

    String written = SynthReport.json(config, Variant.DEFAULT, config.taskApp().url(),
        resultsOf(report));

    assertThat(written).isEqualTo(expected);
  }

  @Test
  void reportTxtIsSynthAisEvalConfigHeaderFollowedByTheResultsTable() throws IOException {
    Path fixtures = ReportFixtures.synthFixtures();
    String output = Files.readString(
        fixtures.resolve("tests__local_api__financial_ner_eval_output.json"));
    SuiteConfig config = ReportFixtures.config(
        fixtures.resolve("tests__local_api__financial_ner_eval.toml"), dir, Map.of());
    List<SeedResult> results = resultsOf(JSON.readTree(output));

    String text = SynthReport.text(config, Variant.DEFAULT, config.taskApp().url(), results);

    // synth-ai's format_eval_report: the config without "ops", dumped with indent=2.
    String configBlock = output.substring(output.indexOf("{\n    \"app_id\""),
        output.indexOf(",\n  \"results\""));
    String header = configBlock.lines()
        .filter(line -> !line.contains("\"ops\": []"))
        .map(line -> line.startsWith("  ") ? line.substring(2) : line)
        .collect(Collectors.joining("\n"));
    assertThat(text).isEqualTo("Eval config\n" + header + "\n\nResults\n"
        + ResultsTable.render(results) + "\n");
    assertThat(text).contains("\nResults\n"
        + "seed | score  | reward_mean | outcome | events | latency_ms | verifier | tokens "
        + "| cost_usd | error\n"
        + "-----+--------+-------------+---------+--------+------------+----------+--------"
        + "+----------+------\n"
        + "0    | 1      | 1           | 1       | 1      | 562.301    | -        | -      "
        + "| -        | -    \n");
    // Python: f"{(562.300999998115 + 445.39966600132175 + 1313.6587909830268) / 3:.4f}"
    assertThat(text).endsWith("\navg  | 0.9048 | 0.9048      | 0.9048  | 0.9048 | 773.7865   "
        + "| -        | -      | -        | -    \n");
  }

  @Test
  void errorsKeepTheirMessageAndLeaveTheNumbersNull() throws IOException {
    Path fixtures = ReportFixtures.synthFixtures();
    SuiteConfig config = ReportFixtures.config(
        fixtures.resolve("tests__local_api__financial_ner_eval.toml"), dir, Map.of());
    List<SeedResult> results = List.of(
        ReportFixtures.completed(0, 1.0, 100.0, 936L, 0.0004),
        ReportFixtures.errored(1, "seed 1: POST /rollout returned HTTP 500: boom"));

    JsonNode rows = JSON.readTree(SynthReport.json(config, Variant.DEFAULT, "http://x", results))
        .get("results");

    assertThat(rows.get(0).get("tokens").isIntegralNumber()).isTrue();
    assertThat(rows.get(0).get("error").isNull()).isTrue();
    assertThat(rows.get(1).get("score").isNull()).isTrue();
    assertThat(rows.get(1).get("latency_ms").asDouble()).isEqualTo(12.5);
    assertThat(rows.get(1).get("error").asText())
        .isEqualTo("seed 1: POST /rollout returned HTTP 500: boom");
    List<String> keys = new ArrayList<>();
    rows.get(1).fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("seed", "score", "mean_return", "outcome_score",
        "events_score", "latency_ms", "verifier_score", "tokens", "cost_usd", "error");
  }

  @Test
  void secretsInThePolicyConfigAreMaskedInBothFiles() throws IOException {
    Path toml = dir.resolve("eval.toml");
    Files.writeString(toml, """
        [eval]
        app_id = "a"
        task_app_url = "http://127.0.0.1:9"
        env_name = "e"
        seeds = [0]

        [eval.policy_config]
        model = "m"
        api_key = "sk-live-123456"
        max_tokens = 256
        extra_headers = { Authorization = "Bearer sk-live-123456", X-Trace = "on" }
        """);
    SuiteConfig config = ReportFixtures.config(toml, dir, Map.of());
    Variant variant = new Variant("v", Map.of("access_token", "tok-987"));
    List<SeedResult> results = List.of(ReportFixtures.completed(0, 1.0, 5.0, null, null));

    String json = SynthReport.json(config, variant, "http://127.0.0.1:9", results);
    String text = SynthReport.text(config, variant, "http://127.0.0.1:9", results);

    for (String written : List.of(json, text)) {
      assertThat(written).doesNotContain("sk-live-123456").doesNotContain("tok-987")
          .contains("\"api_key\": \"***\"").contains("\"access_token\": \"***\"")
          .contains("\"Authorization\": \"***\"").contains("\"X-Trace\": \"on\"")
          .contains("\"max_tokens\": 256");
    }
  }

  private static List<SeedResult> resultsOf(JsonNode report) {
    List<SeedResult> results = new ArrayList<>();
    for (JsonNode row : report.get("results")) {
      JsonNode meanReturn = row.has("mean_return") ? row.get("mean_return")
          : row.get("reward_mean");
      boolean failed = !row.get("error").isNull();
      RolloutMetrics metrics = new RolloutMetrics(number(row.get("score")), number(meanReturn),
          number(row.get("outcome_score")), number(row.get("events_score")),
          number(row.get("verifier_score")),
          row.get("tokens").isNull() ? null : row.get("tokens").asLong(),
          number(row.get("cost_usd")));
      results.add(SeedResult.of(failed ? Status.ERRORED : Status.COMPLETED, null,
              row.get("seed").asLong(), null, metrics,
              failed ? new ErrorInfo("x", row.get("error").asText()) : null)
          .withLatencyMs(number(row.get("latency_ms")))
          .withTimes(ReportFixtures.T0, ReportFixtures.T0));
    }
    return results;
  }

  private static Double number(JsonNode node) {
    return node == null || node.isNull() ? null : node.asDouble();
  }

  /** A 0.4.4-shaped eval TOML holding a report's config. */
  private Path toml(JsonNode config) throws IOException {
    StringBuilder toml = new StringBuilder("[eval]\n");
    for (String key : List.of("app_id", "task_app_url", "env_name")) {
      toml.append(key).append(" = ").append(config.get(key)).append('\n');
    }
    toml.append("seeds = ").append(config.get("seeds")).append('\n');
    toml.append("concurrency = ").append(config.get("concurrency")).append('\n');
    toml.append("\n[eval.policy_config]\n");
    Iterator<Map.Entry<String, JsonNode>> fields = config.get("policy_config").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      toml.append(field.getKey()).append(" = ").append(field.getValue()).append('\n');
    }
    Path file = dir.resolve("rebuilt.toml");
    Files.writeString(file, toml, StandardCharsets.UTF_8);
    return file;
  }
}
