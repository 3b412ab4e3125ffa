package dev.evalunit.engine.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.evalunit.engine.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The soak run: 1,000 rollouts against a task app that injects a fault into about 30% of its
 * answers (5xx, 429, connection resets, empty and chunk-broken responses, malformed 200s), with
 * retries on. Prints the seeds per outcome and the retries spent, and checks that no seed is
 * lost or duplicated, neither in {@code results.jsonl} nor in the JUnit events. Behind the
 * {@code soak} Maven profile: {@code ./mvnw -B -o -pl engine -am test -Psoak}.
 */
@Tag("soak")
class SoakTest {

  private static final int SEEDS = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path outputDir;

  /** Answers each call at random (seeded, so a run can be repeated): 70% fine, 30% faulty. */
  static final class RandomFaults implements ResponseDefinitionTransformerV2 {
    private final Random random = new Random(20_240_611);
    private final Map<String, Integer> injected = new TreeMap<>();

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      int roll;
      synchronized (this) {
        roll = random.nextInt(100);
      }
      String fault;
      ResponseDefinitionBuilder answer;
      if (roll < 8) {
        fault = "http_500";
        answer = aResponse().withStatus(500).withBody("Internal Server Error");
      } else if (roll < 13) {
        fault = "http_503";
        answer = aResponse().withStatus(503).withBody("{\"detail\":\"busy\"}");
      } else if (roll < 18) {
        fault = "http_429";
        answer = aResponse().withStatus(429).withHeader("Retry-After", "0")
            .withBody("{\"detail\":\"rate limited\"}");
      } else if (roll < 22) {
        fault = "connection_reset";
        answer = aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
      } else if (roll < 25) {
        fault = "empty_response";
        answer = aResponse().withFault(Fault.EMPTY_RESPONSE);
      } else if (roll < 27) {
        fault = "malformed_chunk";
        answer = aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK);
      } else if (roll < 30) {
        fault = "malformed_200";
        answer = aResponse().withStatus(200).withBody("{\"detail\":\"no metrics here\"}");
      } else {
        return serveEvent.getResponseDefinition();
      }
      synchronized (this) {
        injected.merge(fault, 1, Integer::sum);
      }
      return answer.build();
    }

    @Override
    public String getName() {
      return "random-faults";
    }

    synchronized Map<String, Integer> injected() {
      return new TreeMap<>(injected);
    }
  }

  @Test
  void thousandRolloutsWithThirtyPercentFaultsLoseAndDuplicateNothing() throws Exception {
    RandomFaults faults = new RandomFaults();
    WireMockServer taskApp = new WireMockServer(wireMockConfig().dynamicPort()
        .bindAddress("127.0.0.1").containerThreads(64).extensions(faults));
    taskApp.start();
    try {
      taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody("{\"metrics\":{\"mean_return\":1.0,\"details\":{\"tokens\":100}}}")));
      long t0 = System.nanoTime();
      EngineExecutionResults results = EngineTestKit.engine(
              TestEngines.hermetic(Map.of(), outputDir))
          .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
          .configurationParameter("evalunit.seeds", "0.." + (SEEDS - 1))
          .configurationParameter("evalunit.concurrency", "16")
          .configurationParameter("evalunit.retry.maxRetries", "3")
          .configurationParameter("evalunit.retry.baseDelay", "5ms")
          .configurationParameter("evalunit.retry.maxDelay", "50ms")
          .configurationParameter("evalunit.output.seedLines", "false")
          .selectors(selectClass(FaultSuite.class))
          .execute();
      double seconds = (System.nanoTime() - t0) / 1e9;
      int requests = taskApp.findAll(postRequestedFor(urlEqualTo("/rollout"))).size();

      List<JsonNode> rows = Files.readAllLines(outputDir.resolve("target/evalunit/"
          + FaultSuite.class.getName() + "/results.jsonl")).stream().map(SoakTest::parse).toList();
      Map<String, Long> byOutcome = rows.stream().collect(Collectors.groupingBy(
          r -> r.get("status").asText() + (r.get("error").isNull() ? ""
              : " (" + r.get("error").get("type").asText() + ")"),
          TreeMap::new, Collectors.counting()));
      int attempts = rows.stream().mapToInt(r -> r.get("attempts").asInt()).sum();
      List<Event> seedEvents = results.testEvents().finished().list().stream()
          .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("seed ")).toList();
      Map<TestExecutionResult.Status, Long> junit = seedEvents.stream().collect(
          Collectors.groupingBy(e -> e.getRequiredPayload(TestExecutionResult.class).getStatus(),
              TreeMap::new, Collectors.counting()));
      long distinctRows = rows.stream().map(r -> r.get("seed").asLong()).distinct().count();
      long distinctEvents = seedEvents.stream().map(e -> e.getTestDescriptor().getUniqueId())
          .distinct().count();

      System.out.printf("[soak] %d seeds, concurrency 16, retries 3, in %.1f s%n", SEEDS, seconds);
      System.out.println("[soak] faults injected by the task app: " + faults.injected()
          + " = " + faults.injected().values().stream().mapToInt(Integer::intValue).sum()
          + " of " + requests + " calls");
      System.out.println("[soak] seeds per outcome: " + byOutcome);
      System.out.println("[soak] JUnit seed outcomes: " + junit);
      System.out.println("[soak] attempts: " + attempts + ", retries spent: "
          + (attempts - rows.stream().filter(r -> r.get("attempts").asInt() > 0).count())
          + ", calls the task app saw: " + requests);
      System.out.println("[soak] results.jsonl rows: " + rows.size() + " (" + distinctRows
          + " distinct seeds); JUnit seed tests finished: " + seedEvents.size() + " ("
          + distinctEvents + " distinct)");

      assertThat(rows).hasSize(SEEDS);
      assertThat(distinctRows).isEqualTo(SEEDS);
      assertThat(rows.stream().map(r -> r.get("seed").asLong()).collect(Collectors.toSet()))
          .isEqualTo(java.util.stream.LongStream.range(0, SEEDS).boxed()
              .collect(Collectors.toSet()));
      assertThat(seedEvents).hasSize(SEEDS);
      assertThat(distinctEvents).isEqualTo(SEEDS);
      assertThat(results.testEvents().started().count()).isEqualTo(SEEDS + 1);
      assertThat(attempts).as("every call is accounted to a seed").isEqualTo(requests);
      assertThat(byOutcome.keySet()).allMatch(k -> k.equals("completed")
          || k.startsWith("errored"));
    } finally {
      taskApp.stop();
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not a whole JSON row: " + line, e);
    }
  }
}
