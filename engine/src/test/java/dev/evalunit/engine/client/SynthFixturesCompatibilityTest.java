package dev.evalunit.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.report.ResultsTable;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the reader and the results table against the real synth-ai 0.4.4 eval outputs and trace
 * files in {@code shared/fixtures/synth-ai}: each recorded result row is turned back into the
 * rollout response that produced it, read, and rendered; the table must be the one synth-ai
 * prints for those rows.
 */
class SynthFixturesCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVAL_OUTPUTS = "tests__local_api__*_eval_output*.json";
  private static final String TRACES = "tests__local_api__eval_traces__seed_*_trace.json";
  private static final List<String> HEADERS = List.of("seed", "score", "reward_mean", "outcome",
      "events", "latency_ms", "verifier", "tokens", "cost_usd", "error");

  static Stream<Path> evalOutputs() {
    return SynthFixtures.files(EVAL_OUTPUTS).stream();
  }

  static Stream<Path> traces() {
    return SynthFixtures.files(TRACES).stream();
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> rows(Path file) {
    JsonNode results = readJson(file).path("results");
    assertThat(results.isArray()).as("%s has a results array", file.getFileName()).isTrue();
    List<JsonNode> rows = new ArrayList<>();
    results.forEach(rows::add);
    assertThat(rows).as("%s results", file.getFileName()).isNotEmpty();
    return rows;
  }

  /** The reward generation a report row uses: {@code mean_return} (0.4.4) or {@code reward_mean}. */
  private static String rewardKey(JsonNode row) {
    if (row.has("mean_return")) {
      return "mean_return";
    }
    assertThat(row.has("reward_mean")).as("row has mean_return or reward_mean: %s", row).isTrue();
    return "reward_mean";
  }

  private static Double number(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node.doubleValue();
  }

  /**
   * The rollout response a task app of that generation sends for the row: metrics with the row's
   * reward under the generation's name, outcome/events scores, and details for the optional
   * numbers (0.4.4 servers report them there).
   */
  private static ObjectNode responseFor(JsonNode row, boolean withOutcomeAndEvents) {
    String rewardKey = rewardKey(row);
    ObjectNode body = JSON.createObjectNode();
    body.put("run_id", "fixture-seed-" + row.path("seed").asLong() + "-00000000");
    ObjectNode metrics = body.putObject("metrics");
    metrics.putArray("episode_returns").add(row.get(rewardKey));
    metrics.set(rewardKey, row.get(rewardKey));
    metrics.put("num_steps", 1);
    metrics.put("num_episodes", 1);
    if (withOutcomeAndEvents) {
      metrics.set("outcome_score", row.get("outcome_score"));
      metrics.set("events_score", row.get("events_score"));
    }
    ObjectNode details = metrics.putObject("details");
    for (String key : List.of("verifier_score", "tokens", "cost_usd")) {
      if (!row.path(key).isNull()) {
        details.set(key, row.get(key));
      }
    }
    body.putNull("trace");
    body.put("aborted", false);
    return body;
  }

  private static RolloutMetrics readBack(JsonNode row) {
    RolloutReply reply = RolloutResponseReader.read(responseFor(row, true), "POST /rollout");
    assertThat(reply.aborted()).isFalse();
    return reply.metrics();
  }

  private static List<SeedResult> seedResults(Path file) {
    return seedResults(rows(file));
  }

  /** Completed rows go through the reader; error rows are failures with no numbers. */
  private static List<SeedResult> seedResults(List<JsonNode> rows) {
    List<SeedResult> results = new ArrayList<>();
    for (JsonNode row : rows) {
      boolean failed = !row.path("error").isNull();
      long seed = row.path("seed").asLong();
      SeedResult result = failed
          ? SeedResult.errored(null, seed, null,
              new SeedResult.ErrorInfo("http_500", row.get("error").asText()))
          : SeedResult.completed(null, seed, null, readBack(row));
      results.add(result.withRunId("run").withLatencyMs(number(row.get("latency_ms"))));
    }
    return results;
  }

  @Test
  void bothRewardGenerationsAreAmongTheFixtures() {
    List<String> generations = evalOutputs().map(f -> rewardKey(rows(f).get(0))).toList();

    assertThat(generations).contains("mean_return", "reward_mean");
    assertThat(evalOutputs().map(p -> p.getFileName().toString()))
        .contains("tests__local_api__banking77_eval_output.json",
            "tests__local_api__banking77_eval_output__at_fdd9ae2.json",
            "tests__local_api__financial_ner_eval_output.json",
            "tests__local_api__verilog_eval_output.json");
  }

  @ParameterizedTest
  @MethodSource("evalOutputs")
  void readerYieldsTheNumbersSynthRecorded(Path file) {
    for (JsonNode row : rows(file)) {
      String rewardKey = rewardKey(row);
      RolloutMetrics m = readBack(row);

      String seed = file.getFileName() + " seed " + row.path("seed").asText();
      assertThat(m.score()).as("%s score", seed).isEqualTo(number(row.get("score")));
      assertThat(m.rewardMean()).as("%s %s", seed, rewardKey)
          .isEqualTo(number(row.get(rewardKey)));
      assertThat(m.outcomeScore()).as("%s outcome", seed)
          .isEqualTo(number(row.get("outcome_score")));
      assertThat(m.eventsScore()).as("%s events", seed)
          .isEqualTo(number(row.get("events_score")));
      assertThat(m.verifierScore()).as("%s verifier", seed)
          .isEqualTo(number(row.get("verifier_score")));
      assertThat(m.tokens()).as("%s tokens", seed)
          .isEqualTo(row.path("tokens").isNull() ? null : row.get("tokens").asLong());
      assertThat(m.costUsd()).as("%s cost", seed).isEqualTo(number(row.get("cost_usd")));
    }
  }

  @ParameterizedTest
  @MethodSource("evalOutputs")
  void theGenerationsRewardAloneCarriesTheScore(Path file) {
    for (JsonNode row : rows(file)) {
      RolloutReply reply = RolloutResponseReader.read(responseFor(row, false), "POST /rollout");

      assertThat(reply.metrics().score()).as("%s seed %s", file.getFileName(), row.get("seed"))
          .isEqualTo(number(row.get("score")));
      assertThat(reply.metrics().outcomeScore()).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("evalOutputs")
  void tableIsTheOneSynthPrintsForTheseRows(Path file) {
    String table = ResultsTable.render(seedResults(file));

    assertThat(table).isEqualTo(synthTable(rows(file)));
    List<String> lines = table.lines().toList();
    assertThat(lines).hasSize(rows(file).size() + 3);
    assertThat(lines.get(0).split(" \\| ")).extracting(String::strip)
        .containsExactlyElementsOf(HEADERS);
    assertThat(lines.get(1)).matches("-+(-\\+--+)+");
    assertThat(lines.get(lines.size() - 1)).startsWith("avg  | ");
    assertThat(lines).allSatisfy(line -> assertThat(line).hasSameSizeAs(lines.get(0)));
  }

  @Test
  void financialNerTableVerbatim() {
    Path file = SynthFixtures.dir().resolve("tests__local_api__financial_ner_eval_output.json");

    String table = ResultsTable.render(seedResults(file));

    assertThat(table).isEqualTo(String.join("\n",
        "seed | score  | reward_mean | outcome | events | latency_ms | verifier | tokens | cost_usd | error",
        "-----+--------+-------------+---------+--------+------------+----------+--------+----------+------",
        "0    | 1      | 1           | 1       | 1      | 562.301    | -        | -      | -        | -    ",
        "1    | 1      | 1           | 1       | 1      | 445.3997   | -        | -      | -        | -    ",
        "2    | 0.7143 | 0.7143      | 0.7143  | 0.7143 | 1313.6588  | -        | -      | -        | -    ",
        "avg  | 0.9048 | 0.9048      | 0.9048  | 0.9048 | 773.7865   | -        | -      | -        | -    "));
  }

  @Test
  void banking77RewardMeanVariantRendersLikeTheMeanReturnOne() {
    Path dir = SynthFixtures.dir();

    String meanReturn = ResultsTable.render(
        seedResults(dir.resolve("tests__local_api__banking77_eval_output.json")));
    String rewardMean = ResultsTable.render(
        seedResults(dir.resolve("tests__local_api__banking77_eval_output__at_fdd9ae2.json")));

    assertThat(rewardMean).isEqualTo(meanReturn);
    assertThat(meanReturn.lines()).contains(
        "0    | 1     | 1           | 1       | 1      | 527.0112   | -        | -      | -        | -    ",
        "avg  | 0.65  | 0.65        | 0.65    | 0.65   | 515.3894   | -        | -      | -        | -    ");
  }

  @Test
  void failedRowsTokensAndCostRenderLikeSynth() throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    JSON.readTree("""
        [{"seed":0,"score":1.0,"mean_return":1.0,"outcome_score":1.0,"events_score":null,
          "latency_ms":812.5,"verifier_score":0.9,"tokens":936,"cost_usd":0.00123,"error":null},
         {"seed":1,"score":null,"mean_return":null,"outcome_score":null,"events_score":null,
          "latency_ms":30012.25,"verifier_score":null,"tokens":null,"cost_usd":null,
          "error":"seed 1: POST /rollout returned HTTP 500: Internal Server Error"},
         {"seed":2,"score":0.5,"mean_return":0.5,"outcome_score":0.5,"events_score":null,
          "latency_ms":1000.0,"verifier_score":0.4,"tokens":937,"cost_usd":0.002,"error":null}]
        """).forEach(rows::add);

    String table = ResultsTable.render(seedResults(rows));

    assertThat(table).isEqualTo(synthTable(rows));
    assertThat(table.lines()).anySatisfy(line -> assertThat(line).startsWith(
        "1    | -     | -           | -       | -      | 30012.25   | -        | -      | -  "
            + "      | seed 1: POST /rollout returned HTTP 500: Internal Server Error"));
    // tokens average like int(sum / len): 936.5 -> 936; cost mean of the two known costs
    assertThat(table.lines().reduce((a, b) -> b).orElseThrow())
        .startsWith("avg  | 0.75  | 0.75        | 0.75    | -      | 10608.25   | 0.65     | 936  "
            + "  | 0.0016   | -");
  }

  /** Python's {@code f"{v:.4f}".rstrip("0").rstrip(".")}, which rounds the exact binary value. */
  @ParameterizedTest
  @CsvSource({
      "0.7142857142857143, 0.7143",
      "1.0, 1",
      "0.0, 0",
      "527.0111669960897, 527.0112",
      "411.52004202012904, 411.52",
      "13865.863167011412, 13865.8632",
      "0.12345, 0.1235",
      "1.00005, 1.0001",
      "0.00005, 0.0001",
      "0.33335, 0.3333",
      "0.00015, 0.0001",
      "2.5, 2.5",
      "100.0, 100"})
  void floatsAreFormattedAsSynthFormatsThem(double value, String expected) {
    assertThat(pythonFormat(value)).as("reference formatter").isEqualTo(expected);
    assertThat(Numbers.format(value)).isEqualTo(expected);
  }

  @Test
  void integersAndNullsInTheTable() {
    assertThat(Numbers.format(936L)).isEqualTo("936");
    assertThat(Numbers.format((Number) null)).isEqualTo("-");
  }

  @ParameterizedTest
  @MethodSource("traces")
  void olderNonV3TraceGivesNoTokensAndNoCost(Path file) {
    JsonNode trace = readJson(file);
    assertThat(trace.has("event_history")).as("fixture is the older, non-v3 shape").isFalse();
    assertThat(trace.path("decision_rewards").isArray()).isTrue();
    double reward = trace.path("decision_rewards").get(0).doubleValue();
    ObjectNode body = JSON.createObjectNode();
    body.putObject("metrics").put("mean_return", reward).put("outcome_score", reward)
        .putObject("details");
    body.set("trace", trace);

    RolloutReply reply = RolloutResponseReader.read(body, "POST /rollout");

    assertThat(reply.aborted()).isFalse();
    assertThat(reply.metrics().score()).isEqualTo(reward);
    assertThat(reply.metrics().tokens()).isNull();
    assertThat(reply.metrics().costUsd()).isNull();
    assertThat(reply.trace()).isEqualTo(trace);
    assertThat(TraceUsage.totalTokens(trace, MissingNode.getInstance())).isNull();
    assertThat(TraceUsage.costUsd(trace)).isNull();
  }

  // --- an independent rendition of synth-ai's format_eval_table, the oracle for the table ---

  private static String synthTable(List<JsonNode> rows) {
    List<List<String>> cells = new ArrayList<>();
    for (JsonNode r : rows) {
      cells.add(List.of(r.path("seed").asText(), py(r.get("score")), py(r.get(rewardKey(r))),
          py(r.get("outcome_score")), py(r.get("events_score")), py(r.get("latency_ms")),
          py(r.get("verifier_score")), py(r.get("tokens")), py(r.get("cost_usd")),
          r.path("error").isNull() ? "-" : r.get("error").asText()));
    }
    List<Long> tokens = rows.stream().filter(r -> r.path("tokens").isIntegralNumber())
        .map(r -> r.get("tokens").asLong()).toList();
    cells.add(List.of("avg", pyAvg(rows, r -> r.get("score")),
        pyAvg(rows, r -> r.get(rewardKey(r))), pyAvg(rows, r -> r.get("outcome_score")),
        pyAvg(rows, r -> r.get("events_score")), pyAvg(rows, r -> r.get("latency_ms")),
        pyAvg(rows, r -> r.get("verifier_score")),
        tokens.isEmpty() ? "-"
            : Long.toString((long) (tokens.stream().mapToLong(Long::longValue).sum()
                / (double) tokens.size())),
        pyAvg(rows, r -> r.get("cost_usd")), "-"));
    int[] widths = HEADERS.stream().mapToInt(String::length).toArray();
    for (List<String> row : cells) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(ljustJoin(HEADERS, widths));
    List<String> dashes = new ArrayList<>();
    for (int w : widths) {
      dashes.add("-".repeat(w));
    }
    lines.add(String.join("-+-", dashes));
    cells.forEach(row -> lines.add(ljustJoin(row, widths)));
    return String.join("\n", lines);
  }

  private static String ljustJoin(List<String> cells, int[] widths) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      out.add(cells.get(i) + " ".repeat(widths[i] - cells.get(i).length()));
    }
    return String.join(" | ", out);
  }

  private static String py(JsonNode value) {
    if (value == null || value.isNull()) {
      return "-";
    }
    return value.isIntegralNumber() ? value.asText() : pythonFormat(value.doubleValue());
  }

  private static String pyAvg(List<JsonNode> rows, Function<JsonNode, JsonNode> field) {
    double sum = 0;
    int n = 0;
    for (JsonNode r : rows) {
      JsonNode v = field.apply(r);
      if (v != null && v.isNumber()) {
        sum += v.doubleValue();
        n++;
      }
    }
    return n == 0 ? "-" : pythonFormat(sum / n);
  }

  /** {@code f"{v:.4f}"} rounds the double's exact binary value half-even; then strip zeros. */
  private static String pythonFormat(double v) {
    String fixed = new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    String stripped = fixed.replaceAll("0+$", "");
    return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
  }
}
