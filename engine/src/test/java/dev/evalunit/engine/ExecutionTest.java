package dev.evalunit.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.descriptor.RolloutFailedException;
import dev.evalunit.engine.fixtures.BrokenSuite;
import dev.evalunit.engine.fixtures.DisabledSuite;
import dev.evalunit.engine.fixtures.PassingSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

class ExecutionTest {

  @TempDir Path outputDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private void answerSeed(int seed, String body) {
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(body)));
  }

  private static String scored(double score, int tokens) {
    return """
        {"run_id":"r","metrics":{"mean_return":%s,"outcome_score":%s,"events_score":%s,
         "episode_returns":[%s],"num_steps":1,"num_episodes":1,"details":{}},
         "trace":{"schema_version":"3.0","event_history":[{"type":"lm_call",
           "llm_response":{"usage":{"prompt_tokens":%d,"completion_tokens":0,
             "total_tokens":%d,"cost_usd":0.0002}}}]}}
        """.formatted(score, score, score, score, tokens, tokens);
  }

  private EngineExecutionResults run(Map<String, String> environment, String... params) {
    EngineTestKit.Builder kit = EngineTestKit.engine(
            new EvalUnitTestEngine(environment, outputDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.trace.return", "true")
        // Errors are retried; keep the pauses short so these tests stay fast.
        .configurationParameter("evalunit.retry.baseDelay", "1ms");
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    return kit.selectors(selectClass(PassingSuite.class)).execute();
  }

  @Test
  void everySeedPassesAndPublishesItsNumbers() {
    answerSeed(0, scored(1.0, 900));
    answerSeed(1, scored(1.0, 800));
    answerSeed(2, scored(0.5, 700));

    EngineExecutionResults results = run(Map.of("ENVIRONMENT_API_KEY", "k-123"));

    results.testEvents().assertStatistics(s -> s.started(4).succeeded(4).failed(0));
    List<ReportEntry> entries = results.allEvents().reportingEntryPublished().stream()
        .map(e -> e.getRequiredPayload(ReportEntry.class)).toList();
    assertThat(entries).hasSize(4);
    // seeds run concurrently and publish as their rollouts end, in any order; the verdict is last
    ReportEntry seed0 = entries.stream().filter(e -> e.getKeyValuePairs().getOrDefault("run_id", "")
        .startsWith("intents-seed-0-")).findFirst().orElseThrow();
    assertThat(seed0.getKeyValuePairs())
        .containsEntry("score", "1").containsEntry("tokens", "900")
        .containsEntry("cost_usd", "0.0002").containsKeys("latency_ms", "run_id")
        .doesNotContainKey("verifier_score");
    assertThat(seed0.getKeyValuePairs().get("run_id")).matches("intents-seed-0-[0-9a-f]{8}");
    assertThat(entries.get(3).getKeyValuePairs())
        .containsEntry("mean_score", "0.8333").containsEntry("total_tokens", "2400")
        .containsEntry("seeds_ok", "3").containsEntry("seeds_errored", "0");
    taskApp.verify(3, postRequestedFor(urlEqualTo("/rollout"))
        .withHeader("X-API-Key", equalTo("k-123"))
        .withHeader("Authorization", equalTo("Bearer k-123"))
        .withRequestBody(matchingJsonPath("$.mode", equalTo("eval")))
        .withRequestBody(matchingJsonPath("$.policy.config.model", equalTo("test-model"))));
    assertThat(outputDir.resolve("target/evalunit/" + PassingSuite.class.getName()
        + "/traces/seed_0_trace.json")).exists();
  }

  @Test
  void missedSeedThresholdIsAnAssertionFailureWithObservedAndRequired() {
    answerSeed(0, scored(1.0, 10));
    answerSeed(1, scored(0.25, 10));
    answerSeed(2, scored(1.0, 10));

    EngineExecutionResults results = run(Map.of());

    results.testEvents().assertThatEvents().haveExactly(1, event(test(), displayName("seed 1"),
        finishedWithFailure(instanceOf(AssertionFailedError.class),
            message("seed 1: score 0.25 is below the required 0.5"))));
    Event failed = results.testEvents().failed().list().get(0);
    AssertionFailedError error = (AssertionFailedError) failed
        .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
        .getThrowable().orElseThrow();
    assertThat(error.getExpected().getStringRepresentation()).isEqualTo(">= 0.5");
    assertThat(error.getActual().getStringRepresentation()).isEqualTo("0.25");
    results.testEvents().assertThatEvents().haveExactly(1,
        event(test(), displayName("suite verdict"), finishedSuccessfully()));
  }

  @Test
  void httpErrorIsATestErrorWithStatusBodyAndSeedNeverAScoreOfZero() {
    answerSeed(0, scored(1.0, 10));
    answerSeed(2, scored(1.0, 10));
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("1")))
        .willReturn(aResponse().withStatus(500).withBody("{\"detail\":\"policy exploded\"}")));

    EngineExecutionResults results = run(Map.of());

    results.testEvents().assertThatEvents().haveExactly(1, event(test(), displayName("seed 1"),
        finishedWithFailure(instanceOf(RolloutFailedException.class),
            message(m -> m.contains("seed 1") && m.contains("HTTP 500")
                && m.contains("policy exploded")))));
    // Seeds finish in any order: find each entry by its test.
    Map<String, ReportEntry> entries = results.allEvents().reportingEntryPublished().stream()
        .collect(java.util.stream.Collectors.toMap(e -> e.getTestDescriptor().getDisplayName(),
            e -> e.getRequiredPayload(ReportEntry.class)));
    assertThat(entries.get("seed 1").getKeyValuePairs()).containsKeys("latency_ms", "run_id")
        .doesNotContainKeys("score", "tokens");
    ReportEntry verdict = entries.get("suite verdict");
    assertThat(verdict.getKeyValuePairs()).containsEntry("mean_score", "1")
        .containsEntry("seeds_errored", "1").containsEntry("seeds_ok", "2");
  }

  @Test
  void missedSuiteThresholdFailsTheVerdict() {
    answerSeed(0, scored(0.5, 10));
    answerSeed(1, scored(0.0, 10));
    answerSeed(2, scored(0.5, 10));

    EngineExecutionResults results = run(Map.of(), "evalunit.threshold.score", "0");

    results.testEvents().assertThatEvents().haveExactly(1, event(test(),
        displayName("suite verdict"), finishedWithFailure(instanceOf(AssertionFailedError.class),
            message(m -> m.contains("mean score 0.3333 is below the required 0.5")))));
    results.testEvents().assertStatistics(s -> s.succeeded(3).failed(1));
  }

  @Test
  void uniqueIdSelectorRunsExactlyOneSeed() {
    answerSeed(2, scored(1.0, 10));
    UniqueId seed = UniqueId.forEngine("evalunit")
        .append("suite", PassingSuite.class.getName()).append("seed", "2");

    EngineExecutionResults results = EngineTestKit.engine(
            new EvalUnitTestEngine(Map.of(), outputDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .selectors(selectUniqueId(seed)).execute();

    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    taskApp.verify(1, postRequestedFor(urlEqualTo("/rollout")));
  }

  @Test
  void brokenSuiteFailsAloneWhileOtherSuitesRun() {
    answerSeed(0, scored(1.0, 10));
    answerSeed(1, scored(1.0, 10));
    answerSeed(2, scored(1.0, 10));

    EngineExecutionResults results = EngineTestKit.engine(
            new EvalUnitTestEngine(Map.of(), outputDir))
        .configurationParameter("evalunit.suite.PassingSuite.taskApp.url", taskApp.baseUrl())
        .selectors(selectClass(BrokenSuite.class), selectClass(PassingSuite.class),
            selectClass(DisabledSuite.class))
        .execute();

    results.containerEvents().assertThatEvents().haveExactly(1, event(container(
        BrokenSuite.class.getSimpleName()), finishedWithFailure(message(m ->
            m.contains("seeds") && m.contains("zero..two")))));
    results.containerEvents().assertThatEvents().haveExactly(1, event(container(
        DisabledSuite.class.getSimpleName()), skippedWithReason("task app is down for maintenance")));
    results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
  }

  @Test
  void withoutTheProbeAnUnreachableTaskAppErrorsEverySeed() {
    // The default probe fails the suite once before any rollout (TaskAppProbeTest).
    EngineExecutionResults results = EngineTestKit.engine(
            new EvalUnitTestEngine(Map.of(), outputDir))
        .configurationParameter("evalunit.taskApp.url", "http://127.0.0.1:9")
        .configurationParameter("evalunit.taskApp.probe", "none")
        .configurationParameter("evalunit.timeout.connect", "2s")
        .configurationParameter("evalunit.retry.baseDelay", "1ms")
        .selectors(selectClass(PassingSuite.class)).execute();

    results.testEvents().assertThatEvents().haveExactly(3, event(test(),
        finishedWithFailure(instanceOf(RolloutFailedException.class),
            message(m -> m.contains("POST /rollout") && m.contains("127.0.0.1:9")))));
    results.testEvents().assertThatEvents().haveExactly(1, event(test(),
        displayName("suite verdict"), finishedWithFailure(message(m ->
            m.contains("no seed completed (3 errored")))));
  }

  @Test
  void resultsAreStreamedToJsonl() throws Exception {
    answerSeed(0, scored(1.0, 10));
    answerSeed(1, scored(0.0, 10));
    answerSeed(2, scored(1.0, 10));

    run(Map.of());

    List<String> lines = Files.readAllLines(outputDir.resolve("target/evalunit/"
        + PassingSuite.class.getName() + "/results.jsonl"));
    assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line)
        .contains("\"status\":\"completed\"").contains("\"config_hash\":\""));
  }

}
