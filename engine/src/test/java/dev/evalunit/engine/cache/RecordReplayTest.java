package dev.evalunit.engine.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.TestEngines;
import dev.evalunit.engine.fixtures.PassingSuite;
import dev.evalunit.engine.reliability.ManagedSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.Interceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code cache.mode}: a run recorded once is replayed with the task app stopped, with the same
 * verdict and not one request sent; the key ignores the run id and follows the agent version.
 */
class RecordReplayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUITE = PassingSuite.class.getName();

  @TempDir Path baseDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  /** Every HTTP call the engine makes, whatever answers it (or nothing does). */
  private final AtomicInteger calls = new AtomicInteger();

  private void answer(int seed, double score, double cost) {
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"metrics\":{\"mean_return\":" + score + ",\"details\":{\"tokens\":100,"
                + "\"cost_usd\":" + cost + "}}}")));
  }

  private void answerAll() {
    answer(0, 1.0, 0.02);
    answer(1, 0.25, 0.03); // misses the per-seed threshold 0.5: one failed seed test
    answer(2, 1.0, 0.05);
  }

  private EngineExecutionResults run(String mode, String... parameters) {
    return run(PassingSuite.class, mode, parameters);
  }

  private EngineExecutionResults run(Class<?> suite, String mode, String... parameters) {
    Interceptor counting = chain -> {
      calls.incrementAndGet();
      return chain.proceed(chain.request());
    };
    EngineTestKit.Builder kit = EngineTestKit
        .engine(TestEngines.intercepted(Map.of("ENVIRONMENT_API_KEY", "sk-env-secret-123456"),
            baseDir, counting))
        .configurationParameter("evalunit.suite.PassingSuite.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.progress.interval", "0")
        .configurationParameter("evalunit.cache.mode", mode)
        .configurationParameter("evalunit.cache.dir", "recordings")
        .configurationParameter("evalunit.cache.agentVersion", "tree-1");
    for (int i = 0; i < parameters.length; i += 2) {
      kit.configurationParameter(parameters[i], parameters[i + 1]);
    }
    return kit.selectors(selectClass(suite)).execute();
  }

  private static List<Map<String, String>> entries(EngineExecutionResults results) {
    return results.allEvents().reportingEntryPublished().stream()
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).toList();
  }

  private static Map<String, String> verdict(EngineExecutionResults results) {
    List<Map<String, String>> entries = entries(results);
    return entries.get(entries.size() - 1);
  }

  private Path cacheDir() {
    return baseDir.resolve("recordings");
  }

  private List<Path> recordings() throws IOException {
    try (Stream<Path> files = Files.list(cacheDir())) {
      return files.sorted().toList();
    }
  }

  private Path output(String file) {
    return baseDir.resolve("target/evalunit/" + SUITE + "/" + file);
  }

  /** The last run's row of each seed (results.jsonl is appended to by every run). */
  private List<JsonNode> rows() throws IOException {
    Map<Integer, JsonNode> bySeed = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(output("results.jsonl"))) {
      JsonNode row = JSON.readTree(line);
      bySeed.put(row.path("seed").asInt(), row);
    }
    return new ArrayList<>(bySeed.values());
  }

  @Test
  void aRecordedRunReplaysInStrictModeWithTheTaskAppStoppedSameVerdictNoRequest()
      throws IOException {
    answerAll();
    EngineExecutionResults recorded = run("write");
    recorded.testEvents().assertStatistics(s -> s.succeeded(3).failed(1));
    assertThat(calls.get()).isEqualTo(4); // the liveness probe and three rollouts
    assertThat(recordings()).hasSize(3);
    Map<String, String> recordedVerdict = verdict(recorded);

    taskApp.shutdownServer();
    calls.set(0);
    // A budget below one seed's cost: replayed seeds spend nothing, so it is never reached.
    EngineExecutionResults replayed = run("strict", "evalunit.budget.usd", "0.01");

    replayed.testEvents().assertStatistics(s -> s.succeeded(3).failed(1));
    assertThat(calls.get()).isZero();
    Map<String, String> replayedVerdict = verdict(replayed);
    for (String key : List.of("mean_score", "pass_rate", "total_tokens", "total_cost_usd",
        "seeds_ok", "seeds_failed", "seeds_errored", "seeds_not_run")) {
      assertThat(replayedVerdict.get(key)).as(key).isEqualTo(recordedVerdict.get(key));
    }
    assertThat(replayedVerdict).containsEntry("seeds_cached", "3")
        .containsEntry("saved_cost_usd", "0.1").doesNotContainKey("mean_latency_ms")
        .doesNotContainKey("stopped");
    assertThat(recordedVerdict).doesNotContainKey("seeds_cached")
        .containsKey("mean_latency_ms");
    List<Map<String, String>> seeds = entries(replayed).subList(0, 3);
    assertThat(seeds).allSatisfy(e -> assertThat(e).containsEntry("cached", "true")
        .containsKey("latency_ms").doesNotContainKey("run_id"));
    assertThat(seeds.get(1)).containsEntry("score", "0.25").containsEntry("cost_usd", "0.03");

    assertThat(rows()).hasSize(3).allSatisfy(row -> {
      assertThat(row.path("cached").asBoolean()).isTrue();
      assertThat(row.path("status").asText()).isEqualTo("completed");
    });
    JsonNode report = JSON.readTree(Files.readString(output("report.json")));
    assertThat(report.path("results")).allSatisfy(r ->
        assertThat(r.path("cached").asBoolean()).isTrue());
    JsonNode metadata = JSON.readTree(Files.readString(output("metadata.json")));
    JsonNode summary = metadata.path("verdicts").path("default");
    assertThat(summary.path("seeds_cached").asInt()).isEqualTo(3);
    assertThat(summary.path("saved_cost_usd").asDouble()).isEqualTo(0.1, within());
    assertThat(summary.path("spent_cost_usd").asDouble()).isZero();
    assertThat(Files.readString(output("summary.md")))
        .contains("3 cached (replayed, not sent; $0.1 saved, not spent)");
    assertThat(Files.readString(output("report.html")))
        .contains("<span class=\"tag\">cached</span>").contains("3 replayed, not sent");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void recordingsHoldNoSecretRunIdTimestampOrPathAndAreStableAcrossRecordings()
      throws IOException {
    answerAll();
    run("write", "evalunit.policy.config.api_key", "sk-policy-secret-987654",
        "evalunit.llm.sendSecrets", "true");
    List<Path> first = recordings();
    List<String> texts = new ArrayList<>();
    for (Path file : first) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      texts.add(text.replaceAll("\"latency_ms\" : [0-9.E-]+", ""));
      assertThat(text).doesNotContain("sk-env-secret-123456").doesNotContain("sk-policy-secret")
          .doesNotContain(baseDir.toString()).doesNotContain("run_id")
          .doesNotContain("trace_correlation_id").doesNotContain("\r")
          .doesNotContainPattern("20[0-9][0-9]-[01][0-9]-[0-3][0-9]T")
          .contains("\"agent_version\" : \"tree-1\"");
      assertThat(file.getFileName().toString()).matches("[0-9a-f]{64}\\.json");
    }

    run("write", "evalunit.policy.config.api_key", "sk-policy-secret-987654",
        "evalunit.llm.sendSecrets", "true");
    assertThat(recordings()).isEqualTo(first);
    List<String> again = new ArrayList<>();
    for (Path file : recordings()) {
      again.add(Files.readString(file).replaceAll("\"latency_ms\" : [0-9.E-]+", ""));
    }
    assertThat(again).isEqualTo(texts);
  }

  @Test
  void readWriteFillsTheGapsAndThenStrictNeedsNothing() throws IOException {
    answerAll();
    run("write", "evalunit.seeds", "0..1");
    assertThat(recordings()).hasSize(2);

    calls.set(0);
    run("read-write").testEvents().assertStatistics(s -> s.succeeded(3).failed(1));
    assertThat(calls.get()).isEqualTo(2); // the probe and seed 2 only
    assertThat(recordings()).hasSize(3);
    assertThat(rows()).extracting(r -> r.path("seed").asInt() + ":" + r.path("cached").asBoolean())
        .containsExactlyInAnyOrder("0:true", "1:true", "2:false");

    calls.set(0);
    run("strict").testEvents().assertStatistics(s -> s.succeeded(3).failed(1));
    assertThat(calls.get()).isZero();
  }

  @Test
  void aChangedAgentVersionMissesAndStrictNamesTheSeedAndTheKey() throws IOException {
    answerAll();
    run("write");

    calls.set(0);
    EngineExecutionResults strict = run("strict", "evalunit.cache.agentVersion", "tree-2");

    assertThat(calls.get()).isZero();
    strict.testEvents().assertStatistics(s -> s.failed(4));
    assertThat(rows()).allSatisfy(row -> {
      assertThat(row.path("status").asText()).isEqualTo("errored");
      assertThat(row.path("error").path("type").asText()).isEqualTo("cache_miss");
      String message = row.path("error").path("message").asText();
      assertThat(message).contains("seed " + row.path("seed").asInt())
          .containsPattern("key [0-9a-f]{64}").contains("\"tree-2\"")
          .contains("cache.mode=strict sends no rollout");
    });

    calls.set(0);
    run("read", "evalunit.cache.agentVersion", "tree-2");
    assertThat(calls.get()).isEqualTo(4); // a miss in read mode is sent (probe + 3)
    assertThat(recordings()).hasSize(3); // and read mode records nothing
  }

  @Test
  void aCorruptRecordingIsASeedErrorNamingTheFileNotASilentMiss() throws IOException {
    answerAll();
    run("write");
    Path broken = recordings().get(0);
    String text = Files.readString(broken);
    Files.writeString(broken, text.substring(0, text.length() / 2));

    calls.set(0);
    EngineExecutionResults replayed = run("read-write");

    replayed.testEvents().assertStatistics(s -> s.started(4));
    List<JsonNode> errored = rows().stream()
        .filter(r -> r.path("status").asText().equals("errored")).toList();
    assertThat(errored).hasSize(1);
    assertThat(errored.get(0).path("error").path("type").asText()).isEqualTo("cache_corrupt");
    assertThat(errored.get(0).path("error").path("message").asText())
        .contains(broken.getFileName().toString()).contains("not valid JSON")
        .contains("seed " + errored.get(0).path("seed").asInt());
    assertThat(Files.readString(broken)).isEqualTo(text.substring(0, text.length() / 2));
    assertThat(calls.get()).isEqualTo(1); // the probe; no seed was sent
  }

  @Test
  void strictReplayDoesNotStartATaskAppTheEngineWouldStart() throws IOException {
    for (int seed = 0; seed <= 5; seed++) {
      answer(seed, 1.0, 0.01);
    }
    String managed = "evalunit.suite." + ManagedSuite.class.getSimpleName() + ".";
    run(ManagedSuite.class, "write", managed + "taskApp.url", taskApp.baseUrl())
        .testEvents().assertStatistics(s -> s.succeeded(7));
    assertThat(recordings()).hasSize(6);

    calls.set(0);
    // A command that cannot start: the suite would fail at once if the engine ran it.
    EngineExecutionResults replayed = run(ManagedSuite.class, "strict",
        managed + "taskApp.command", baseDir.resolve("no-such-task-app").toString() + " {port}");

    replayed.testEvents().assertStatistics(s -> s.succeeded(7));
    assertThat(calls.get()).isZero();
    assertThat(verdict(replayed)).containsEntry("seeds_cached", "6");
    JsonNode report = JSON.readTree(Files.readString(baseDir.resolve(
        "target/evalunit/" + ManagedSuite.class.getName() + "/report.json")));
    assertThat(report.path("config").path("task_app_url").asText())
        .isEqualTo("none (cache.mode=strict: the task app was not started)");
  }

  @Test
  void onlyCompletedRolloutsAreRecordedNeverErrorsOrAborts() throws IOException {
    answer(0, 1.0, 0.02);
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("1")))
        .willReturn(aResponse().withStatus(500).withBody("boom")));
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("2")))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"aborted\":true,\"abort_reason\":\"env crashed\",\"metrics\":"
                + "{\"mean_return\":0.0}}")));

    run("read-write", "evalunit.retry.maxRetries", "0");

    assertThat(recordings()).hasSize(1);
    assertThat(Files.readString(recordings().get(0))).contains("\"seed\" : 0");
    calls.set(0);
    run("read-write", "evalunit.retry.maxRetries", "0");
    assertThat(calls.get()).isEqualTo(3); // the probe and the two seeds that did not complete
    assertThat(rows()).extracting(r -> r.path("seed").asInt() + ":" + r.path("cached").asBoolean()
        + ":" + r.path("status").asText())
        .containsExactly("0:true:completed", "1:false:errored", "2:false:errored");
  }
}
