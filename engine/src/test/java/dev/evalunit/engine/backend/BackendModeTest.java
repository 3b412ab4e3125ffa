package dev.evalunit.engine.backend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.TestEngines;
import org.junit.platform.testkit.engine.EngineTestKit;
import dev.evalunit.engine.descriptor.RolloutFailedException;
import dev.evalunit.engine.fixtures.PassingSuite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Backend mode end to end against a WireMock backend: the job is created, polled, its results
 * become the same seed tests, reports and thresholds as direct mode, and every failure is a
 * clear seed error that never shows the key.
 */
class BackendModeTest {

  private static final String KEY = "sk-backend-secret-42";
  private static final String JOB = "/api/eval/jobs/job-7";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path baseDir;
  @RegisterExtension
  final WireMockExtension backend = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
  private String printed;

  @BeforeEach
  void start() {
        backend.stubFor(post(urlEqualTo("/api/eval/jobs")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"job_id\":\"job-7\",\"status\":\"pending\"}")));
  }

  private void statuses(String... bodies) {
    String state = STARTED;
    for (int i = 0; i < bodies.length; i++) {
      String next = i == bodies.length - 1 ? state : "poll-" + (i + 1);
      backend.stubFor(get(urlEqualTo(JOB)).inScenario("job").whenScenarioStateIs(state)
          .willSetStateTo(next).willReturn(bodies[i].startsWith("HTTP ")
              ? aResponse().withStatus(Integer.parseInt(bodies[i].substring(5)))
                  .withBody("upstream busy")
              : okJson(bodies[i])));
      state = next;
    }
  }

  private void results(String body) {
    backend.stubFor(get(urlEqualTo(JOB + "/results")).willReturn(okJson(body)));
  }

  private static String row(int seed, double score, int tokens) {
    return "{\"seed\":" + seed + ",\"score\":" + score + ",\"mean_return\":" + score
        + ",\"outcome_score\":" + score + ",\"events_score\":null,\"latency_ms\":" + (400 + seed)
        + ",\"verifier_score\":null,\"tokens\":" + tokens + ",\"cost_usd\":0.0002,\"error\":null}";
  }

  private static String resultsOf(String... rows) {
    return "{\"summary\":{\"mean_score\":0.8,\"num_seeds\":3},\"results\":["
        + String.join(",", rows) + "]}";
  }

  private EngineExecutionResults run(String... params) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setErr(tee);
    try {
      return EngineTestKit.engine(TestEngines.hermetic(Map.of(
              "SYNTH_BASE_URL", backend.baseUrl() + "/",
              "SYNTH_API_KEY", KEY, "ENVIRONMENT_API_KEY", "env-key-99"), baseDir))
          .configurationParameter("evalunit.taskApp.url", "http://127.0.0.1:9")
          .configurationParameter("evalunit.trace.return", "true")
          .configurationParameter("evalunit.progress.interval", "0")
          .configurationParameter("evalunit.backend.pollInterval", "5ms")
          .configurationParameter("evalunit.backend.maxPollInterval", "20ms")
          .configurationParameters(pairs(params))
          .selectors(selectClass(PassingSuite.class)).execute();
    } finally {
      System.setOut(out);
      System.setErr(err);
      printed = captured.toString(StandardCharsets.UTF_8);
      out.print(printed);
    }
  }

  private static Map<String, String> pairs(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** With epochs, one backend job per epoch; each seed is still one test over its epochs. */
  @Test
  void epochsRunOneJobPerEpochAndEachSeedStaysOneTest() throws IOException {
    statuses("{\"status\":\"completed\"}");
    results(resultsOf(row(0, 1.0, 900), row(1, 0.5, 800), row(2, 1.0, 700)));
    backend.stubFor(get(urlEqualTo(JOB + "/traces")).willReturn(aResponse().withStatus(404)));

    EngineExecutionResults results = run("evalunit.epochs", "2");

    results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
    backend.verify(2, postRequestedFor(urlEqualTo("/api/eval/jobs")));
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(suiteDir().resolve("results.jsonl"))) {
      rows.add(JSON.readTree(line));
    }
    assertThat(rows.stream().map(r -> r.get("seed").asInt() + "/" + r.get("epoch").asInt()))
        .containsExactlyInAnyOrder("0/0", "1/0", "2/0", "0/1", "1/1", "2/1");
    Map<String, String> seed1 = results.allEvents().reportingEntryPublished().stream()
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
        .filter(e -> "0.5, 0.5".equals(e.get("epoch_scores"))).findFirst().orElseThrow();
    assertThat(seed1).containsEntry("score", "0.5").containsEntry("tokens", "1600");
    assertNoKeyLeaked(results);
  }

  private Path suiteDir() {
    return baseDir.resolve("target/evalunit/" + PassingSuite.class.getName());
  }

  /** No file the run wrote, no line it printed, no event message holds a key. */
  private void assertNoKeyLeaked(EngineExecutionResults results) throws IOException {
    assertThat(printed).doesNotContain(KEY).doesNotContain("env-key-99");
    try (Stream<Path> files = Files.walk(baseDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain(KEY)
            .doesNotContain("env-key-99");
      }
    }
    results.allEvents().stream().forEach(e -> assertThat(String.valueOf(e)).doesNotContain(KEY));
  }

  @Test
  void aCompletedJobBecomesTheSameSeedTestsReportsAndTraces() throws IOException {
    statuses("{\"status\":\"pending\"}",
        "{\"status\":\"running\",\"results\":{\"completed\":1,\"total\":3}}",
        "{\"status\":\"completed\"}");
    results(resultsOf(row(0, 1.0, 900), row(1, 0.5, 800), row(2, 1.0, 700)));
    Map<String, String> traces = new LinkedHashMap<>();
    traces.put("seed_0_trace.json", "{\"seed\":0}");
    traces.put("seed_2_trace.json", "{\"seed\":2}");
    backend.stubFor(get(urlEqualTo(JOB + "/traces")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/zip").withBody(TraceArchiveTest.zip(traces))));

    EngineExecutionResults results = run();

    results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
    // Seeds finish in any order: their entries in tree order (seed 0, 1, 2, verdict).
    List<Map<String, String>> entries = results.allEvents().reportingEntryPublished().stream()
        .sorted(java.util.Comparator.comparingInt(e -> new java.util.ArrayList<>(
            e.getTestDescriptor().getParent().orElseThrow().getChildren())
            .indexOf(e.getTestDescriptor())))
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).toList();
    assertThat(entries.get(0)).containsEntry("score", "1").containsEntry("tokens", "900")
        .containsEntry("latency_ms", "400").containsEntry("trace", "traces/seed_0_trace.json")
        .containsEntry("run_id", "job-7");
    assertThat(entries.get(1)).containsEntry("score", "0.5").doesNotContainKey("trace");
    assertThat(entries.get(3)).containsEntry("mean_score", "0.8333")
        .containsEntry("total_tokens", "2400");
    backend.verify(postRequestedFor(urlEqualTo("/api/eval/jobs"))
        .withHeader("Authorization", equalTo("Bearer " + KEY))
        .withRequestBody(equalToJson("""
            {"task_app_url":"http://127.0.0.1:9","task_app_api_key":"env-key-99",
             "app_id":null,"env_name":"intents","seeds":[0,1,2],
             "policy":{"model":"test-model","policy_name":null},"env_config":{},
             "mode":"eval","max_concurrent":1,"timeout":600}""")));
    backend.verify(3, getRequestedFor(urlEqualTo(JOB)));
    assertThat(suiteDir().resolve("traces/seed_2_trace.json")).hasContent("{\"seed\":2}");
    JsonNode report = JSON.readTree(suiteDir().resolve("report.json").toFile());
    assertThat(report.get("results").get(1).get("tokens").asInt()).isEqualTo(800);
    assertThat(Files.readAllLines(suiteDir().resolve("results.jsonl"))).hasSize(3);
    assertThat(JSON.readTree(suiteDir().resolve("metadata.json").toFile()).get("mode").asText())
        .isEqualTo("backend");
    assertNoKeyLeaked(results);
  }

  @Test
  void aClientErrorOnCreateErrorsEverySeedWithTheStatusAndBodyButNotTheKey()
      throws IOException {
    backend.stubFor(post(urlEqualTo("/api/eval/jobs")).willReturn(aResponse().withStatus(400)
        .withBody("{\"detail\":\"invalid key " + KEY + " for org\"}")));

    EngineExecutionResults results = run();

    results.testEvents().assertThatEvents().haveExactly(3, event(test(),
        finishedWithFailure(instanceOf(RolloutFailedException.class), message(m ->
            m.contains("POST /eval/jobs returned HTTP 400") && m.contains("invalid key ***")))));
    backend.verify(0, getRequestedFor(urlEqualTo(JOB)));
    assertNoKeyLeaked(results);
  }

  @Test
  void serverErrorsWhilePollingAreRetried() throws IOException {
    statuses("HTTP 503", "HTTP 502", "{\"status\":\"mystery-state\"}", "{\"status\":\"completed\"}");
    results(resultsOf(row(0, 1.0, 1), row(1, 1.0, 1), row(2, 1.0, 1)));

    EngineExecutionResults results = run();

    results.testEvents().assertStatistics(s -> s.succeeded(4));
    backend.verify(4, getRequestedFor(urlEqualTo(JOB)));
    assertNoKeyLeaked(results);
  }

  @Test
  void aFailedJobErrorsEverySeedWithTheBackendsReason() {
    statuses("{\"status\":\"failed\",\"error\":\"task app unreachable\"}");

    EngineExecutionResults results = run();

    results.testEvents().assertThatEvents().haveExactly(3, event(test(), finishedWithFailure(
        instanceOf(RolloutFailedException.class),
        message(m -> m.contains("backend eval job job-7") && m.contains("failed: task app "
            + "unreachable")))));
    backend.verify(0, getRequestedFor(urlEqualTo(JOB + "/results")));
  }

  @Test
  void malformedResultsErrorOnlyTheSeedsTheyConcern() {
    statuses("{\"status\":\"completed\"}");
    results("{\"results\":[" + row(0, 1.0, 5)
        + ",{\"seed\":1,\"score\":\"high\",\"error\":null},{\"seed\":\"x\"},42]}");

    EngineExecutionResults results = run();

    results.testEvents().assertThatEvents()
        .haveExactly(1, event(test(), displayName("seed 0"), finishedSuccessfully()))
        .haveExactly(1, event(test(), displayName("seed 1"), finishedWithFailure(message(m ->
            m.contains("\"score\" is \"high\", not a number")))))
        .haveExactly(1, event(test(), displayName("seed 2"), finishedWithFailure(message(m ->
            m.contains("have no row for seed 2")))));
  }

  @Test
  void resultsWithoutAResultsArrayErrorEverySeed() {
    statuses("{\"status\":\"completed\"}");
    results("{\"summary\":{\"mean_score\":1.0}}");

    run().testEvents().assertThatEvents().haveExactly(3, event(test(), finishedWithFailure(
        message(m -> m.contains("have no \"results\" array")))));
  }

  @Test
  void aHostileTraceEntryCostsOnlyItsOwnTraceAndNothingLandsOutsideTheOutputFolder()
      throws IOException {
    statuses("{\"status\":\"completed\"}");
    results(resultsOf(row(0, 1.0, 1), row(1, 1.0, 1), row(2, 1.0, 1)));
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("seed_0_trace.json", "{}");
    entries.put("../../../escaped.json", "pwned");
    backend.stubFor(get(urlEqualTo(JOB + "/traces")).willReturn(aResponse().withStatus(200)
        .withBody(TraceArchiveTest.zip(entries))));

    EngineExecutionResults results = run();

    // Before: one bad entry errored every seed of the job, throwing away paid results.
    results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
    // The rejection is logged on the console (BackendEvalJobTest reads that line).
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(baseDir)) {
      files.forEach(p -> names.add(p.getFileName().toString()));
    }
    assertThat(names).doesNotContain("escaped.json");
    assertThat(suiteDir().resolve("traces/seed_0_trace.json")).exists();
  }

  @Test
  void aJobCancelledOnTheBackendReportsTheSeedsItFinished() {
    statuses("{\"status\":\"cancelled\"}");
    results(resultsOf(row(0, 1.0, 1)));

    run().testEvents().assertThatEvents()
        .haveExactly(1, event(test(), displayName("seed 0"), finishedSuccessfully()))
        .haveExactly(2, event(test(), finishedWithFailure(message(m ->
            m.contains("was cancelled before seed")))));
  }
}
