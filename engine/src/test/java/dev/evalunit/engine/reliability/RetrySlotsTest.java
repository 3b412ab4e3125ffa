package dev.evalunit.engine.reliability;

import dev.evalunit.engine.LoopbackWireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.evalunit.engine.TestEngines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A seed waiting to retry holds neither a worker thread nor a permit, and an attempt that cannot
 * finish before the seed's {@code timeout.rollout} is not sent (issue 10: with concurrency 4 and
 * four seeds answering 503 + Retry-After: 5 nothing ran for 5 s; retries were sent with a 1 ms
 * budget and abandoned while the task app did the paid work).
 */
class RetrySlotsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OK_BODY = "{\"metrics\":{\"mean_return\":1.0}}";

  @RegisterExtension
  static final WireMockExtension TASK_APP = LoopbackWireMock.extension();

  @TempDir Path outputDir;

  private static ResponseDefinitionBuilder ok() {
    return LoopbackWireMock.json(OK_BODY);
  }

  private static void answer(int seed, ResponseDefinitionBuilder response) {
    TASK_APP.stubFor(LoopbackWireMock.rolloutOfSeed(seed).willReturn(response));
  }

  private static void failOnceThenSucceed(int seed, ResponseDefinitionBuilder failure) {
    TASK_APP.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .inScenario("seed " + seed).whenScenarioStateIs(STARTED).willSetStateTo("failed")
        .willReturn(failure));
    TASK_APP.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .inScenario("seed " + seed).whenScenarioStateIs("failed").willReturn(ok()));
  }

  /** Calls the task app a few times first: a cold WireMock answers its first calls late. */
  private static void warmUp() {
    TASK_APP.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("999"))).willReturn(ok()));
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 20; i++) {
      try {
        http.send(HttpRequest.newBuilder(URI.create(TASK_APP.baseUrl() + "/rollout"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"env\":{\"seed\":999}}")).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    TASK_APP.resetRequests();
  }

  private EngineExecutionResults run(String... keysAndValues) {
    warmUp();
    var request = EngineTestKit.engine(TestEngines.hermetic(Map.of(), outputDir))
        .configurationParameter("evalunit.taskApp.url", TASK_APP.baseUrl())
        .selectors(selectClass(FaultSuite.class));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      request.configurationParameter(keysAndValues[i], keysAndValues[i + 1]);
    }
    return request.execute();
  }

  private static long seedOf(LoggedRequest request) {
    try {
      return JSON.readTree(request.getBodyAsString()).get("env").get("seed").asLong();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void otherSeedsRunWhileFourSeedsWaitForTheirRetryAfter() {
    for (int seed = 0; seed < 4; seed++) {
      failOnceThenSucceed(seed, aResponse().withStatus(503).withHeader("Retry-After", "5")
          .withBody("{\"detail\":\"busy\"}"));
    }
    for (int seed = 4; seed < 12; seed++) {
      answer(seed, ok().withFixedDelay(50));
    }
    EngineExecutionResults results = run("evalunit.seeds", "0..11",
        "evalunit.concurrency", "4", "evalunit.retry.maxRetries", "1");

    assertThat(results.testEvents().succeeded().count()).as("every seed passes").isEqualTo(13);
    List<LoggedRequest> calls = TASK_APP.findAll(postRequestedFor(urlEqualTo("/rollout")))
        .stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    assertThat(calls).hasSize(16);
    // Every other seed was sent before any waiting retry: the retries come after their 5 s
    // pause instead of holding every worker (and so every other seed) for it.
    long firstCall = calls.get(0).getLoggedDate().getTime();
    long lastOther = calls.stream().filter(c -> seedOf(c) >= 4)
        .mapToLong(c -> c.getLoggedDate().getTime()).max().orElseThrow();
    assertThat(calls.stream().filter(c -> seedOf(c) >= 4)).hasSize(8);
    assertThat(calls.subList(12, 16)).extracting(RetrySlotsTest::seedOf)
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
    assertThat(calls.get(12).getLoggedDate().getTime()).isGreaterThan(lastOther);
    assertThat(lastOther - firstCall).as("ms until the last other seed was sent")
        .isLessThan(4_000);
  }

  @Test
  void aRetryThatCannotFinishBeforeTheDeadlineIsNotSent() {
    // Each call takes 300 ms, the seed has 1 s: once less than 300 ms are left, another call
    // would be cut off by the deadline while the task app goes on working (and billing) for it.
    answer(0, aResponse().withStatus(500).withFixedDelay(300).withBody("slow failure"));
    EngineExecutionResults results = run("evalunit.seeds", "0",
        "evalunit.timeout.rollout", "1s", "evalunit.retry.maxRetries", "10",
        "evalunit.retry.baseDelay", "1ms", "evalunit.retry.maxDelay", "1ms");

    List<LoggedRequest> calls = TASK_APP.findAll(postRequestedFor(urlEqualTo("/rollout")))
        .stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    assertThat(calls).isNotEmpty();
    long deadline = calls.get(0).getLoggedDate().getTime() + 1_000;
    assertThat(calls).as("every call was sent with time left to answer before the deadline")
        .allMatch(call -> call.getLoggedDate().getTime() + 300 <= deadline + 20);
    Event seed = results.testEvents().finished().list().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals("seed 0")).findFirst()
        .orElseThrow();
    assertThat(seed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
        .hasMessageStartingWith("seed 0: ")
        .hasMessageContaining("(gave up after " + calls.size()
            + (calls.size() == 1 ? " attempt" : " attempts") + ": a retry in ")
        .hasMessageContaining(" would leave less than ")
        .hasMessageContaining(" of timeout.rollout = 1s, less than calls have been taking)");
  }

  @Test
  void aRetryWhosePermitComesTooLateIsNotSent() {
    // One permit. Seed 0 is told to come back in 1 s; meanwhile seed 1 takes the permit for
    // 2.5 s. When it comes free, seed 0 has about 0.5 s of its 3 s left, less than calls have
    // been taking: its retry is not sent (the wait for the permit counts against the deadline).
    failOnceThenSucceed(0, aResponse().withStatus(503).withHeader("Retry-After", "1")
        .withBody("busy"));
    answer(1, ok().withFixedDelay(2_500));
    EngineExecutionResults results = run("evalunit.seeds", "0..1", "evalunit.concurrency", "1",
        "evalunit.timeout.rollout", "3s");

    List<LoggedRequest> calls = TASK_APP.findAll(postRequestedFor(urlEqualTo("/rollout")));
    assertThat(calls).extracting(RetrySlotsTest::seedOf).containsExactlyInAnyOrder(0L, 1L);
    Event seed = results.testEvents().finished().list().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals("seed 0")).findFirst()
        .orElseThrow();
    assertThat(seed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
        .hasMessageStartingWith("seed 0: no result within timeout.rollout = 3s (1 attempt); "
            + "the next retry was not sent: ")
        .hasMessageContaining(" calls have been taking; last error: ");
  }
}
