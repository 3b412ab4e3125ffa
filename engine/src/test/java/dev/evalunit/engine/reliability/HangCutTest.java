package dev.evalunit.engine.reliability;

import dev.evalunit.engine.LoopbackWireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Hang detection ({@code timeout.attempt}, issue 10): a first call that hangs 20 s used to hold
 * the whole {@code timeout.rollout = 3s}, so a seed that would have passed on its retry timed
 * out. The hung attempt is now cut while a retry still fits, and the retry answers in time;
 * {@code timeout.attempt = off} restores the old behaviour.
 */
class HangCutTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HUNG_SEED = 8;

  @RegisterExtension
  static final WireMockExtension TASK_APP = LoopbackWireMock.extension();

  @TempDir Path outputDir;

  private static ResponseDefinitionBuilder ok() {
    return LoopbackWireMock.json("{\"metrics\":{\"mean_return\":1.0}}");
  }

  /** Seeds 0..7 answer in 20 ms; seed 8's first call hangs 20 s, its second answers. */
  private static void hangOnceOnSeed8() {
    TASK_APP.stubFor(post(urlEqualTo("/rollout")).willReturn(ok().withFixedDelay(20)));
    hangOnce(HUNG_SEED);
  }

  /** The seed's first call hangs 20 s, its second answers in 20 ms. */
  private static void hangOnce(int seed) {
    String scenario = "hang " + seed;
    TASK_APP.stubFor(LoopbackWireMock.rolloutOfSeed(seed)
        .inScenario(scenario).whenScenarioStateIs(STARTED).willSetStateTo("hung")
        .willReturn(ok().withFixedDelay(20_000)));
    TASK_APP.stubFor(LoopbackWireMock.rolloutOfSeed(seed)
        .inScenario(scenario).whenScenarioStateIs("hung").willReturn(ok().withFixedDelay(20)));
  }

  private EngineExecutionResults run(String seeds, String... keysAndValues) {
    var request = EngineTestKit.engine(TestEngines.hermetic(Map.of(), outputDir))
        .configurationParameter("evalunit.taskApp.url", TASK_APP.baseUrl())
        .configurationParameter("evalunit.seeds", seeds)
        // One at a time: seeds 0..7 are timed before seed 8 starts.
        .configurationParameter("evalunit.concurrency", "1")
        .configurationParameter("evalunit.timeout.rollout", "3s")
        .configurationParameter("evalunit.retry.baseDelay", "100ms")
        .selectors(selectClass(FaultSuite.class));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      request.configurationParameter(keysAndValues[i], keysAndValues[i + 1]);
    }
    return request.execute();
  }

  private JsonNode row(long seed) throws Exception {
    for (String line : Files.readAllLines(outputDir.resolve("target/evalunit/"
        + FaultSuite.class.getName() + "/results.jsonl"))) {
      JsonNode row = JSON.readTree(line);
      if (row.get("seed").asLong() == seed) {
        return row;
      }
    }
    throw new AssertionError("no row for seed " + seed);
  }

  private static Throwable failureOf(EngineExecutionResults results, String name) {
    return results.testEvents().finished().list().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(name)).findFirst()
        .orElseThrow().getRequiredPayload(TestExecutionResult.class).getThrowable()
        .orElse(null);
  }

  private static int callsOf(int seed) {
    return TASK_APP.findAll(postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))).size();
  }

  @Test
  void adaptiveCutRetriesAFirstCallThatHangsAndTheSeedPassesInsideItsDeadline() throws Exception {
    hangOnceOnSeed8();
    EngineExecutionResults results = run("0.." + HUNG_SEED);

    assertThat(failureOf(results, "seed " + HUNG_SEED)).as("the hung seed passes").isNull();
    JsonNode row = row(HUNG_SEED);
    assertThat(row.get("status").asText()).isEqualTo("completed");
    assertThat(row.get("attempts").asInt()).isEqualTo(2);
    // Cut at the 1 s least adaptive cut (10 x p99 of 20 ms calls is less), then retried.
    assertThat(row.get("latency_ms").asDouble()).isBetween(1_000.0, 3_000.0);
    assertThat(callsOf(HUNG_SEED)).isEqualTo(2);
    assertThat(results.testEvents().succeeded().count()).as("9 seeds and the verdict")
        .isEqualTo(10);
  }

  @Test
  void aCutAttemptIsNotTimedSoTheNextHangIsCutAsSoon() throws Exception {
    hangOnceOnSeed8();
    hangOnce(9);
    EngineExecutionResults results = run("0..9");

    // Had seed 8's cut (about 1 s) been timed, the cut would have risen to about 10 s, past
    // seed 9's 3 s: seed 9 would have timed out on its hung first call.
    assertThat(failureOf(results, "seed 9")).isNull();
    assertThat(row(9).get("attempts").asInt()).isEqualTo(2);
    assertThat(row(9).get("latency_ms").asDouble()).isLessThan(3_000.0);
  }

  @Test
  void aFixedTimeoutAttemptCutsEvenTheFirstCallOfTheSuite() throws Exception {
    hangOnceOnSeed8();
    EngineExecutionResults results = run(Integer.toString(HUNG_SEED),
        "evalunit.timeout.attempt", "500ms");

    assertThat(failureOf(results, "seed " + HUNG_SEED)).isNull();
    JsonNode row = row(HUNG_SEED);
    assertThat(row.get("attempts").asInt()).isEqualTo(2);
    assertThat(row.get("latency_ms").asDouble()).isBetween(500.0, 3_000.0);
  }

  @Test
  void withTheCutOffTheHangHoldsTheWholeDeadline() throws Exception {
    hangOnceOnSeed8();
    EngineExecutionResults results = run("0.." + HUNG_SEED, "evalunit.timeout.attempt", "off");

    assertThat(failureOf(results, "seed " + HUNG_SEED))
        .hasMessageStartingWith("seed " + HUNG_SEED + ": no result within timeout.rollout = 3s"
            + " (1 attempt)");
    JsonNode row = row(HUNG_SEED);
    assertThat(row.get("status").asText()).isEqualTo("errored");
    assertThat(row.get("attempts").asInt()).isEqualTo(1);
    assertThat(row.get("latency_ms").asDouble()).isGreaterThanOrEqualTo(2_900.0);
    assertThat(callsOf(HUNG_SEED)).isEqualTo(1);
  }

  @Test
  void noCutWhenNoRetryIsLeft() throws Exception {
    hangOnceOnSeed8();
    EngineExecutionResults results = run(Integer.toString(HUNG_SEED),
        "evalunit.timeout.attempt", "500ms", "evalunit.retry.maxRetries", "0");

    // Cutting would only throw away a late answer: the call keeps the whole deadline.
    assertThat(failureOf(results, "seed " + HUNG_SEED))
        .hasMessageStartingWith("seed " + HUNG_SEED + ": no result within timeout.rollout = 3s");
    assertThat(row(HUNG_SEED).get("latency_ms").asDouble()).isGreaterThanOrEqualTo(2_900.0);
    assertThat(callsOf(HUNG_SEED)).isEqualTo(1);
  }

  @Test
  void aBadTimeoutAttemptNamesTheKeyAndTheForms() {
    EngineExecutionResults results = run("0", "evalunit.timeout.attempt", "sometimes");
    String message = results.allEvents().list().stream()
        .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable))
        .flatMap(java.util.Optional::stream).map(Throwable::getMessage).findFirst()
        .orElseThrow();
    assertThat(message).contains("timeout.attempt")
        .contains("adaptive, off, or a positive duration such as 90s or 1500ms")
        .contains("\"sometimes\"");
  }
}
