package dev.evalunit.engine.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.evalunit.engine.TestEngines;
import dev.evalunit.engine.descriptor.RolloutFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * One suite against a WireMock task app that answers every seed with a different fault: each
 * seed must end in a definite outcome, with the right message and the right number of attempts
 * (retries: 2, so at most 3 attempts). A response slower than the rollout timeout gets a run of
 * its own with a short timeout, so that the other seeds' timing never depends on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {

  private static final String OK_BODY =
      "{\"metrics\":{\"mean_return\":1.0,\"details\":{\"cost_usd\":0.01,\"tokens\":50}}}";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path outputDir;
  private WireMockServer taskApp;
  private final Map<String, Event> finished = new HashMap<>();
  private final Map<String, Map<String, String>> reported = new HashMap<>();
  private final Map<Long, JsonNode> rows = new HashMap<>();

  private void answer(int seed, ResponseDefinitionBuilder response) {
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .willReturn(response));
  }

  /** The first {@code failures} calls for the seed get {@code failure}, later ones succeed. */
  private void failThenSucceed(int seed, int failures, ResponseDefinitionBuilder failure) {
    String scenario = "seed " + seed;
    for (int i = 0; i < failures; i++) {
      taskApp.stubFor(post(urlEqualTo("/rollout"))
          .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
          .inScenario(scenario)
          .whenScenarioStateIs(i == 0 ? STARTED : "failed " + i)
          .willSetStateTo("failed " + (i + 1))
          .willReturn(failure));
    }
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .inScenario(scenario)
        .whenScenarioStateIs("failed " + failures)
        .willReturn(ok()));
  }

  private static ResponseDefinitionBuilder ok() {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(OK_BODY);
  }

  @BeforeAll
  void runTheSuiteAgainstAFaultyTaskApp() throws Exception {
    taskApp = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    taskApp.start();
    answer(0, ok());
    answer(1, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    answer(2, aResponse().withFault(Fault.EMPTY_RESPONSE));
    answer(3, aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
    answer(4, aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
    failThenSucceed(5, 1, aResponse().withStatus(500).withBody("warming up"));
    answer(6, aResponse().withStatus(500).withBody("{\"detail\":\"policy exploded\"}"));
    failThenSucceed(7, 1, aResponse().withStatus(429).withHeader("Retry-After", "1")
        .withBody("slow down"));
    answer(8, ok()); // the slow response is in its own test below
    answer(9, aResponse().withStatus(200).withBody("<html>not json</html>"));
    answer(10, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"result\":\"done\"}"));
    answer(11, aResponse().withStatus(404).withBody("{\"detail\":\"Not Found\"}"));
    failThenSucceed(12, 1, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    failThenSucceed(13, 2, aResponse().withStatus(503).withBody("busy"));

    EngineExecutionResults results = EngineTestKit.engine(
            TestEngines.hermetic(Map.of(), outputDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.seeds", "0..13")
        .configurationParameter("evalunit.concurrency", "4")
        .configurationParameter("evalunit.retry.maxRetries", "2")
        .configurationParameter("evalunit.retry.baseDelay", "10ms")
        .configurationParameter("evalunit.retry.maxDelay", "50ms")
        .selectors(selectClass(FaultSuite.class))
        .execute();

    for (Event event : results.testEvents().finished().list()) {
      finished.put(event.getTestDescriptor().getDisplayName(), event);
    }
    results.allEvents().reportingEntryPublished().stream().forEach(e -> reported.put(
        e.getTestDescriptor().getDisplayName(),
        e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()));
    Path jsonl = outputDir.resolve("target/evalunit/" + FaultSuite.class.getName()
        + "/results.jsonl");
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode row = JSON.readTree(line);
      assertThat(rows.put(row.get("seed").asLong(), row)).as("one row per seed").isNull();
    }
  }

  @AfterAll
  void stopTaskApp() {
    taskApp.stop();
  }

  private TestExecutionResult outcome(int seed) {
    Event event = finished.get("seed " + seed);
    assertThat(event).as("seed %d finished", seed).isNotNull();
    return event.getRequiredPayload(TestExecutionResult.class);
  }

  private void assertCompleted(int seed, int attempts) {
    assertThat(outcome(seed).getStatus()).isEqualTo(Status.SUCCESSFUL);
    assertAttempts(seed, attempts);
    assertThat(rows.get((long) seed).get("status").asText()).isEqualTo("completed");
  }

  /** The seed errored (Surefire {@code <error>}) with a message naming it and these fragments. */
  private void assertErrored(int seed, int attempts, String type, String... fragments) {
    Throwable error = outcome(seed).getThrowable().orElseThrow();
    assertThat(outcome(seed).getStatus()).isEqualTo(Status.FAILED);
    assertThat(error).isInstanceOf(RolloutFailedException.class);
    assertThat(error.getMessage()).startsWith("seed " + seed + ": ").contains(fragments);
    assertAttempts(seed, attempts);
    assertThat(rows.get((long) seed).get("status").asText()).isEqualTo("errored");
    assertThat(rows.get((long) seed).get("error").get("type").asText()).isEqualTo(type);
  }

  /** Attempts as recorded, and as the task app saw them: all with the seed's one run id. */
  private void assertAttempts(int seed, int attempts) {
    assertThat(rows.get((long) seed).get("attempts").asInt()).as("attempts of seed %d", seed)
        .isEqualTo(attempts);
    List<LoggedRequest> requests = taskApp.findAll(postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed)))));
    assertThat(requests).as("requests for seed %d", seed).hasSize(attempts);
    assertThat(requests.stream().map(r -> {
      try {
        return JSON.readTree(r.getBodyAsString()).get("run_id").asText();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).collect(Collectors.toSet())).hasSize(1)
        .containsExactly(rows.get((long) seed).get("run_id").asText());
  }

  @Test
  void aHealthySeedCompletesAtTheFirstAttempt() {
    assertCompleted(0, 1);
    assertCompleted(8, 1);
    assertThat(reported.get("seed 0")).doesNotContainKey("attempts");
  }

  @Test
  void transportFaultsAreRetriedThenErrorWithTheCause() {
    assertErrored(1, 3, "transport", "POST /rollout", "Connection reset",
        "(gave up after 3 attempts)");
    assertErrored(2, 3, "transport", "POST /rollout", "failed: ");
    assertErrored(3, 3, "transport", "POST /rollout", "failed: ");
    assertErrored(4, 3, "transport", "POST /rollout", "failed: ");
    assertThat(reported.get("seed 1")).containsEntry("attempts", "3");
  }

  @Test
  void aTransientFaultIsRetriedToSuccess() {
    assertCompleted(5, 2);
    assertCompleted(12, 2);
    assertCompleted(13, 3);
    assertThat(reported.get("seed 13")).containsEntry("attempts", "3").containsEntry("score", "1");
  }

  @Test
  void aPermanent500ErrorsWithStatusAndBodyAfterEveryRetry() {
    assertErrored(6, 3, "http_500", "HTTP 500", "policy exploded", "(gave up after 3 attempts)");
  }

  @Test
  void a429IsRetriedAfterItsRetryAfterAndTheLatencyIncludesTheWait() {
    assertCompleted(7, 2);
    assertThat(Double.parseDouble(reported.get("seed 7").get("latency_ms")))
        .as("Retry-After: 1 was honoured").isGreaterThanOrEqualTo(1000);
    List<LoggedRequest> calls = taskApp.findAll(postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("7"))));
    assertThat(calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime())
        .isGreaterThanOrEqualTo(1000);
  }

  @Test
  void aResponseSlowerThanTheRolloutTimeoutErrorsWithoutRetry(@TempDir Path dir) {
    WireMockServer slow = new WireMockServer(wireMockConfig().dynamicPort()
        .bindAddress("127.0.0.1"));
    slow.start();
    try {
      slow.stubFor(post(urlEqualTo("/rollout")).willReturn(ok().withFixedDelay(3_000)));

      EngineExecutionResults results = EngineTestKit.engine(TestEngines.hermetic(Map.of(), dir))
          .configurationParameter("evalunit.taskApp.url", slow.baseUrl())
          .configurationParameter("evalunit.timeout.rollout", "700ms")
          .configurationParameter("evalunit.retry.baseDelay", "1ms")
          .selectors(selectClass(FaultSuite.class))
          .execute();

      results.testEvents().assertThatEvents().haveExactly(1, event(test(),
          displayName("seed 0"), finishedWithFailure(instanceOf(RolloutFailedException.class),
              message(m -> m.startsWith("seed 0: no result within timeout.rollout = 700ms"
                  + " (1 attempt); last error: POST /rollout to ")
                  && m.contains(" timed out after ")))));
      slow.verify(1, postRequestedFor(urlEqualTo("/rollout")));
    } finally {
      slow.stop();
    }
  }

  @Test
  void malformed200BodiesAreProtocolErrorsAndNotRetried() {
    assertErrored(9, 1, "protocol", "returned 200 with a body that is not JSON");
    assertErrored(10, 1, "protocol", "returned 200 but the body has no \"metrics\" object",
        "result");
  }

  @Test
  void otherClientErrorsAreNotRetried() {
    assertErrored(11, 1, "http_404", "HTTP 404", "Not Found");
    assertThat(rows.get(11L).get("error").get("message").asText()).doesNotContain("gave up");
  }

  @Test
  void everySeedEndsExactlyOnceAndTheVerdictJudgesTheCompletedOnes() {
    assertThat(rows).hasSize(14);
    assertThat(finished).hasSize(15);
    assertThat(reported.get("suite verdict")).containsEntry("seeds", "14")
        .containsEntry("seeds_ok", "6").containsEntry("seeds_errored", "8")
        .containsEntry("seeds_not_run", "0").containsEntry("mean_score", "1");
    assertThat(Optional.ofNullable(finished.get("suite verdict"))
        .map(e -> e.getRequiredPayload(TestExecutionResult.class).getStatus()))
        .contains(Status.SUCCESSFUL);
  }
}
