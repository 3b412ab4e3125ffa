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
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The fault soak of issue 10: 1,000 seeds, concurrency 16, {@code timeout.rollout = 3s}, against
 * a task app that answers in 100 ms and injects a fault into about 30% of its calls (500, 503,
 * connection reset, a chunked body cut off, 429 + {@code Retry-After: 1}, and a rare 20 s hang).
 * It runs the same seeds once without faults, then with them, and prints: seeds per outcome,
 * the share of fail-once seeds (first call faulty, second one fine) that passed, wall with
 * faults / wall without, and the retries sent and abandoned (cut off by the deadline). It
 * checks that no seed is lost or duplicated, in {@code results.jsonl} or the JUnit events, and
 * that every call the task app saw is counted. The targets (>= 99% fail-once passed, ratio
 * <= 1.5, 0 abandoned) are printed with the figures, not asserted: docs/reliability.md records
 * the run. Behind the {@code soak} Maven profile: {@code ./mvnw -B -o -pl engine -am test -Psoak}.
 */
@Tag("soak")
class SoakTest {

  private static final int SEEDS = 1_000;
  private static final int LATENCY_MS = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path outputDir;

  /** The faults, each with its share of calls in per mille (300 in all). */
  enum Injected {
    HTTP_500(70), HTTP_503(60), CONNECTION_RESET(50), CUT_BODY(47), HTTP_429(70), HANG_20S(3);

    final int perMille;

    Injected(int perMille) {
      this.perMille = perMille;
    }

    /** The fault of a seed's n-th call (1-based), or null: the same in every run. */
    static Injected of(long seed, int call) {
      int roll = new Random(seed * 1_000_003L + call).nextInt(1000);
      for (Injected fault : values()) {
        if (roll < fault.perMille) {
          return fault;
        }
        roll -= fault.perMille;
      }
      return null;
    }

    ResponseDefinitionBuilder answer() {
      return switch (this) {
        case HTTP_500 -> aResponse().withStatus(500).withBody("Internal Server Error");
        case HTTP_503 -> aResponse().withStatus(503).withBody("{\"detail\":\"busy\"}");
        case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
        case CUT_BODY -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK);
        case HTTP_429 -> aResponse().withStatus(429).withHeader("Retry-After", "1")
            .withBody("{\"detail\":\"rate limited\"}");
        case HANG_20S -> ok().withFixedDelay(20_000);
      };
    }
  }

  private static ResponseDefinitionBuilder ok() {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"metrics\":{\"mean_return\":1.0,\"details\":{\"tokens\":100}}}");
  }

  /** Answers each seed's n-th call as {@link Injected#of} says, when faults are on. */
  static final class SeededFaults implements ResponseDefinitionTransformerV2 {
    volatile boolean on;
    final Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<Injected, AtomicInteger> injected = new ConcurrentHashMap<>();
    /** Seeds whose call number 2 or later got a hang: a retry the deadline must cut off. */
    final Set<Long> hungRetries = ConcurrentHashMap.newKeySet();
    /** The call number of each seed's hang (at most one per seed in this plan). */
    final Map<Long, Integer> hungCall = new ConcurrentHashMap<>();

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      long seed;
      try {
        seed = JSON.readTree(serveEvent.getRequest().getBodyAsString()).get("env").get("seed")
            .asLong();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      int call = calls.computeIfAbsent(seed, s -> new AtomicInteger()).incrementAndGet();
      Injected fault = on ? Injected.of(seed, call) : null;
      if (fault == null) {
        return serveEvent.getResponseDefinition();
      }
      injected.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
      if (fault == Injected.HANG_20S) {
        hungCall.put(seed, call);
        if (call > 1) {
          hungRetries.add(seed);
        }
      }
      return fault.answer().build();
    }

    @Override
    public String getName() {
      return "seeded-faults";
    }
  }

  private record Run(double seconds, List<JsonNode> rows, List<Event> seedEvents,
      EngineExecutionResults results) {}

  private Run run(WireMockServer taskApp, String name) throws Exception {
    Path base = outputDir.resolve(name);
    long t0 = System.nanoTime();
    EngineExecutionResults results = EngineTestKit.engine(TestEngines.hermetic(Map.of(), base))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.seeds", "0.." + (SEEDS - 1))
        .configurationParameter("evalunit.concurrency", "16")
        .configurationParameter("evalunit.timeout.rollout", "3s")
        .configurationParameter("evalunit.retry.maxRetries", "3")
        .configurationParameter("evalunit.retry.baseDelay", "100ms")
        .configurationParameter("evalunit.retry.maxDelay", "1s")
        .configurationParameter("evalunit.output.seedLines", "false")
        .selectors(selectClass(FaultSuite.class))
        .execute();
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<JsonNode> rows = Files.readAllLines(base.resolve("target/evalunit/"
        + FaultSuite.class.getName() + "/results.jsonl")).stream().map(SoakTest::parse).toList();
    List<Event> seedEvents = results.testEvents().finished().list().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("seed ")).toList();
    return new Run(seconds, rows, seedEvents, results);
  }

  @Test
  void thousandSeedsWithThirtyPercentFaultsKeepTheirSlotsAndLoseNothing() throws Exception {
    SeededFaults faults = new SeededFaults();
    WireMockServer taskApp = new WireMockServer(wireMockConfig().dynamicPort()
        .bindAddress("127.0.0.1").containerThreads(64).extensions(faults));
    taskApp.start();
    try {
      taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(ok().withFixedDelay(LATENCY_MS)));
      run(taskApp, "warm-up"); // JIT and WireMock warm, so the two timed runs compare
      faults.calls.clear();
      taskApp.resetRequests();
      Run clean = run(taskApp, "clean");
      int cleanCalls = taskApp.findAll(postRequestedFor(urlEqualTo("/rollout"))).size();

      faults.calls.clear();
      taskApp.resetRequests();
      faults.on = true;
      Run faulty = run(taskApp, "faulty");
      int calls = taskApp.findAll(postRequestedFor(urlEqualTo("/rollout"))).size();

      Map<String, Long> byOutcome = faulty.rows().stream().collect(Collectors.groupingBy(
          r -> r.get("status").asText() + (r.get("error").isNull() ? ""
              : " (" + r.get("error").get("type").asText() + ")"),
          TreeMap::new, Collectors.counting()));
      Map<Long, JsonNode> bySeed = faulty.rows().stream()
          .collect(Collectors.toMap(r -> r.get("seed").asLong(), r -> r));
      List<Long> failOnce = LongStream.range(0, SEEDS)
          .filter(s -> Injected.of(s, 1) != null && Injected.of(s, 2) == null).boxed().toList();
      long failOncePassed = failOnce.stream()
          .filter(s -> bySeed.get(s).get("status").asText().equals("completed")).count();
      Map<Injected, Long> failOnceMissed = failOnce.stream()
          .filter(s -> !bySeed.get(s).get("status").asText().equals("completed"))
          .collect(Collectors.groupingBy(s -> Injected.of(s, 1), TreeMap::new,
              Collectors.counting()));
      int attempts = faulty.rows().stream().mapToInt(r -> r.get("attempts").asInt()).sum();
      long retries = attempts - faulty.rows().stream()
          .filter(r -> r.get("attempts").asInt() > 0).count();
      // A retry cut off by the deadline: the seed timed out with its last call under way.
      List<JsonNode> abandoned = faulty.rows().stream()
          .filter(r -> r.get("attempts").asInt() > 1 && !r.get("error").isNull()
              && r.get("error").get("type").asText().equals("timeout")
              && r.get("error").get("message").asText().contains("timed out after"))
          .toList();
      long abandonedOnHang = abandoned.stream()
          .filter(r -> faults.hungRetries.contains(r.get("seed").asLong())).count();
      long notSent = faulty.rows().stream().filter(r -> !r.get("error").isNull()
          && (r.get("error").get("message").asText().contains("would leave less than")
          || r.get("error").get("message").asText().contains("was not sent"))).count();
      double ratio = faulty.seconds() / clean.seconds();
      // A hung call was cut (timeout.attempt) when its seed sent another call after it.
      long hungCut = faults.hungCall.entrySet().stream()
          .filter(e -> bySeed.get(e.getKey()).get("attempts").asInt() > e.getValue()).count();
      long hungPassed = faults.hungCall.keySet().stream()
          .filter(s -> bySeed.get(s).get("status").asText().equals("completed")).count();

      System.out.printf(Locale.ROOT, "[soak] %d seeds, concurrency 16, timeout.rollout 3s, "
          + "retries 3, task app latency %d ms%n", SEEDS, LATENCY_MS);
      System.out.printf(Locale.ROOT, "[soak] without faults: %.2f s, %d calls; with faults: "
          + "%.2f s, %d calls%n", clean.seconds(), cleanCalls, faulty.seconds(), calls);
      System.out.println("[soak] faults injected: " + new TreeMap<>(faults.injected) + " = "
          + faults.injected.values().stream().mapToInt(AtomicInteger::get).sum() + " of "
          + calls + " calls");
      System.out.println("[soak] seeds per outcome: " + byOutcome);
      System.out.printf(Locale.ROOT, "[soak] fail-once seeds passed: %d of %d = %.1f%% "
          + "(target >= 99%%); missed by first fault: %s%n", failOncePassed, failOnce.size(),
          100.0 * failOncePassed / failOnce.size(), failOnceMissed);
      System.out.printf(Locale.ROOT, "[soak] wall with faults / without: %.2f / %.2f = %.2f "
          + "(target <= 1.5)%n", faulty.seconds(), clean.seconds(), ratio);
      System.out.printf(Locale.ROOT, "[soak] retries sent: %d; abandoned at the deadline: %d "
          + "(target 0), of which %d on an injected 20 s hang; retries not sent for lack of "
          + "time: %d%n", retries, abandoned.size(), abandonedOnHang, notSent);
      System.out.printf(Locale.ROOT, "[soak] hung calls: %d; cut as hung and retried: %d; "
          + "seeds with a hung call that passed: %d%n", faults.hungCall.size(), hungCut,
          hungPassed);

      assertThat(clean.rows()).hasSize(SEEDS)
          .allMatch(r -> r.get("status").asText().equals("completed"));
      assertThat(faulty.rows()).hasSize(SEEDS);
      assertThat(bySeed.keySet()).isEqualTo(LongStream.range(0, SEEDS).boxed()
          .collect(Collectors.toSet()));
      assertThat(faulty.seedEvents()).hasSize(SEEDS);
      assertThat(faulty.seedEvents().stream().map(e -> e.getTestDescriptor().getUniqueId())
          .distinct().count()).isEqualTo(SEEDS);
      assertThat(faulty.results().testEvents().started().count()).isEqualTo(SEEDS + 1);
      assertThat(attempts).as("every call is accounted to a seed").isEqualTo(calls);
      Map<TestExecutionResult.Status, Long> junit = faulty.seedEvents().stream().collect(
          Collectors.groupingBy(e -> e.getRequiredPayload(TestExecutionResult.class).getStatus(),
              TreeMap::new, Collectors.counting()));
      assertThat(junit.getOrDefault(TestExecutionResult.Status.SUCCESSFUL, 0L))
          .isEqualTo(byOutcome.getOrDefault("completed", 0L));
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
