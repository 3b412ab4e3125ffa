package dev.evalunit.engine.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.Dataset;
import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.Threshold;
import dev.evalunit.engine.TestEngines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Whole runs against hostile task apps (issue 10): what reaches the files, the reports and the
 * test events when the task app's URL holds credentials, when it returns traces nobody asked
 * for or ids that fold together, when it reports broken numbers, and under a Turkish locale.
 */
class HostileRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Refuses bare NaN and Infinity: what any strict JSON reader does. */
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final String PASSWORD = "s3cretPassw0rdInUrl";

  @EvalSuite(env = "hostile", seeds = "0..2")
  @Threshold(score = 0.5)
  @SuiteThreshold(meanScore = 0.8)
  static class HostileSuite {}

  @EvalSuite(env = "hostile")
  @Dataset(file = "ids.jsonl")
  static class HostileIdSuite {}

  @TempDir Path dir;

  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private EngineExecutionResults run(Class<?> suite, String... parameters) {
    EngineTestKit.Builder kit = EngineTestKit.engine(TestEngines.hermetic(Map.of(), dir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.retry.maxRetries", "0");
    for (int i = 0; i < parameters.length; i += 2) {
      kit.configurationParameter(parameters[i], parameters[i + 1]);
    }
    return kit.selectors(selectClass(suite)).execute();
  }

  private Path suiteDir(Class<?> suite) {
    return dir.resolve("target/evalunit/" + suite.getName());
  }

  private void answer(int seed, String body) {
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(body)));
  }

  private static String withTrace(double score, String traceMarker) {
    return "{\"metrics\":{\"outcome_reward\":" + score + ",\"details\":{}},"
        + "\"trace\":{\"schema_version\":\"3.0\",\"marker\":\"" + traceMarker + "\"}}";
  }

  private static List<Path> traceFiles(Path suiteDir) throws IOException {
    Path traces = suiteDir.resolve("traces");
    if (!Files.isDirectory(traces)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(traces)) {
      return files.sorted().toList();
    }
  }

  private static List<JsonNode> rows(Path suiteDir) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(suiteDir.resolve("results.jsonl"))) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  /** Every message, reporting entry and output file of a run, as one text. */
  private static String everythingWritten(EngineExecutionResults results, Path suiteDir)
      throws IOException {
    StringBuilder all = new StringBuilder();
    for (Event event : results.allEvents().list()) {
      event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
          .ifPresent(t -> all.append(t).append('\n'));
      event.getPayload(ReportEntry.class).ifPresent(e -> all.append(e.getKeyValuePairs()));
    }
    try (Stream<Path> files = Files.walk(suiteDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.append(Files.readString(file)).append('\n');
      }
    }
    return all.toString();
  }

  @Test
  void passwordInTheTaskAppUrlReachesNoFileReportOrTestEvent() throws IOException {
    answer(0, withTrace(1.0, "ok"));
    answer(1, "{\"metrics\":{\"outcome_reward\":0.2}}");
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("2")))
        .willReturn(aResponse().withStatus(500).withBody("upstream down")));
    String url = taskApp.baseUrl().replace("http://", "http://evaluser:" + PASSWORD + "@");

    EngineExecutionResults results = run(HostileSuite.class, "evalunit.taskApp.url", url,
        "evalunit.trace.return", "true");

    String written = everythingWritten(results, suiteDir(HostileSuite.class));
    assertThat(written).contains("http://***@localhost:").doesNotContain(PASSWORD)
        .doesNotContain("evaluser:");
    assertThat(Files.readString(suiteDir(HostileSuite.class).resolve("report.json")))
        .contains("\"task_app_url\": \"http://***@localhost:");
  }

  @Test
  void brokenNumbersErrorTheirSeedsAndReportsStayStrictJson() throws IOException {
    answer(0, "{\"metrics\":{\"outcome_reward\":\"NaN\"}}");
    answer(1, "{\"metrics\":{\"outcome_reward\":1e308}}");
    answer(2, "{\"metrics\":{\"outcome_reward\":1.0,\"details\":{\"tokens\":1e308,"
        + "\"cost_usd\":-1000}}}");

    EngineExecutionResults results = run(HostileSuite.class);

    results.testEvents().assertStatistics(s -> s.succeeded(0).failed(4));
    Path suite = suiteDir(HostileSuite.class);
    List<JsonNode> rows = rows(suite);
    assertThat(rows).extracting(r -> r.path("status").asText())
        .containsOnly("errored");
    assertThat(rows).extracting(r -> r.path("error").path("type").asText())
        .containsOnly("protocol");
    assertThat(rows.get(0).path("error").path("message").asText())
        .contains("metrics.outcome_reward is \"NaN\"");
    // The strict reader is the check: a bare NaN or Infinity anywhere would fail to parse.
    JsonNode report = STRICT.readTree(suite.resolve("report.json").toFile());
    assertThat(report.path("results")).hasSize(3);
    for (String line : Files.readAllLines(suite.resolve("results.jsonl"))) {
      STRICT.readTree(line);
    }
  }

  @Test
  void tracesNotAskedForAreNotWritten() throws IOException {
    for (int seed = 0; seed < 3; seed++) {
      answer(seed, withTrace(1.0, "x".repeat(10_000)));
    }

    run(HostileSuite.class, "evalunit.trace.return", "false");

    assertThat(traceFiles(suiteDir(HostileSuite.class))).isEmpty();
    assertThat(rows(suiteDir(HostileSuite.class))).allMatch(r -> r.path("trace").isNull());
  }

  @Test
  void staleTracesOfAnEarlierRunAreRemovedAndAResumedRunKeepsTheOnesItReuses()
      throws IOException {
    for (int seed = 0; seed < 3; seed += 2) {
      answer(seed, withTrace(1.0, "first run " + seed));
    }
    // Aborted by the task app: errored, with a trace; a resumed run runs it again.
    answer(1, "{\"metrics\":{\"outcome_reward\":0.0},\"aborted\":true,"
        + "\"trace\":{\"marker\":\"first run 1\"}}");
    run(HostileSuite.class, "evalunit.trace.return", "true");
    Path suite = suiteDir(HostileSuite.class);
    assertThat(traceFiles(suite)).hasSize(3);

    // Resumed: seeds 0 and 2 passed and are reused with their traces; seed 1 errored, runs
    // again and now returns no trace, so its old trace must not stay behind.
    answer(1, "{\"metrics\":{\"outcome_reward\":1.0}}");
    run(HostileSuite.class, "evalunit.trace.return", "true", "evalunit.resume", "true");

    assertThat(traceFiles(suite)).extracting(p -> p.getFileName().toString())
        .containsExactly("seed_0_trace.json", "seed_2_trace.json");
    assertThat(Files.readString(suite.resolve("traces/seed_0_trace.json")))
        .contains("first run 0");

    // Not resumed: nothing of the earlier runs stays.
    run(HostileSuite.class, "evalunit.trace.return", "false");
    assertThat(traceFiles(suite)).isEmpty();
  }

  @Test
  void aPartialRunKeepsTheTracesOfTheSeedsItDidNotSelect() throws IOException {
    for (int seed = 0; seed < 3; seed++) {
      answer(seed, withTrace(1.0, "first run " + seed));
    }
    run(HostileSuite.class, "evalunit.trace.return", "true");
    answer(1, withTrace(1.0, "second run 1"));

    EngineTestKit.engine(TestEngines.hermetic(Map.of(), dir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.trace.return", "true")
        .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(
            org.junit.platform.engine.UniqueId.forEngine("evalunit")
                .append("suite", HostileSuite.class.getName()).append("seed", "1")))
        .execute();

    Path suite = suiteDir(HostileSuite.class);
    assertThat(traceFiles(suite)).hasSize(3);
    assertThat(Files.readString(suite.resolve("traces/seed_0_trace.json")))
        .contains("first run 0");
    assertThat(Files.readString(suite.resolve("traces/seed_1_trace.json")))
        .contains("second run 1");
  }

  @Test
  void tenHostileInstanceIdsGiveTenTraceFilesEachWithItsOwnTrace() throws IOException {
    List<String> ids = List.of("日本", "中国", "a/b", "a_b", "a b", "a\\\\b", "A_B", "a:b", "..",
        "a_b ");
    StringBuilder dataset = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      dataset.append("{\"instance_id\": \"").append(ids.get(i)).append("\"}\n");
      answer(i, withTrace(1.0, "trace of row " + i));
    }
    Files.writeString(dir.resolve("ids.jsonl"), dataset, StandardCharsets.UTF_8);

    run(HostileIdSuite.class, "evalunit.trace.return", "true");

    Path suite = suiteDir(HostileIdSuite.class);
    assertThat(traceFiles(suite)).hasSize(10);
    List<JsonNode> rows = rows(suite);
    assertThat(rows).hasSize(10);
    assertThat(rows).extracting(r -> r.path("trace").asText()).doesNotHaveDuplicates();
    for (JsonNode row : rows) {
      JsonNode trace = JSON.readTree(suite.resolve(row.path("trace").asText()).toFile());
      assertThat(trace.path("marker").asText())
          .isEqualTo("trace of row " + row.path("seed").asLong());
    }
  }

  @Test
  void aTurkishDefaultLocaleChangesNoWordTheEnginePrintsOrWrites() throws IOException {
    for (int seed = 0; seed < 3; seed++) {
      answer(seed, "{\"metrics\":{\"outcome_reward\":0.1}}");
    }
    Locale before = Locale.getDefault();
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      run(HostileSuite.class);
    } finally {
      System.setOut(out);
      Locale.setDefault(before);
    }

    String printed = captured.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("verdict failed").doesNotContain("ı");
    assertThat(everythingWritten(run(HostileSuite.class), suiteDir(HostileSuite.class)))
        .doesNotContain("ı");
  }
}
