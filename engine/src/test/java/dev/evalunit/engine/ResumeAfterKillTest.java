package dev.evalunit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.evalunit.engine.reportsuites.SlowSuite;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A run is killed half way as a real separate process ({@code destroyForcibly}, no shutdown
 * hooks), then resumed: every seed the killed run finished is reported from
 * {@code results.jsonl} without a second request, and every other seed runs once more.
 */
class ResumeAfterKillTest {

  private static final int SEEDS = 12;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path baseDir;
  private HttpServer taskApp;
  private final Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();

  /** The same settings for the killed run and the resumed one, so the config hash matches. */
  static Map<String, String> parameters(String taskAppUrl, String outputDir) {
    return Map.of(
        "evalunit.taskApp.url", taskAppUrl,
        "evalunit.output.dir", outputDir,
        "evalunit.concurrency", "2",
        "evalunit.progress.interval", "0",
        "evalunit.backend.enabled", "false");
  }

  @BeforeEach
  void startSlowTaskApp() throws IOException {
    taskApp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    taskApp.setExecutor(Executors.newCachedThreadPool());
    taskApp.createContext("/rollout", exchange -> {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      int seed = request.path("env").path("seed").asInt();
      requests.computeIfAbsent(seed, s -> new AtomicInteger()).incrementAndGet();
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = ("{\"metrics\":{\"mean_return\":" + (seed % 2 == 0 ? "1.0" : "0.5")
          + ",\"details\":{\"tokens\":" + (100 + seed) + "}}}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    taskApp.start();
  }

  @AfterEach
  void stop() {
    taskApp.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + taskApp.getAddress().getPort();
  }

  @Test
  void noFinishedSeedRunsTwiceAndNoneIsMissing() throws Exception {
    Path output = baseDir.resolve("out");
    Path jsonl = output.resolve("results.jsonl");
    Path log = baseDir.resolve("killed-run.log");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        KilledRunMain.class.getName(), url(), output.toString())
        .directory(baseDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    for (String name : List.of("SYNTH_API_KEY", "SYNTH_BASE_URL", "SYNTH_API_BASE",
        "GITHUB_STEP_SUMMARY")) {
      builder.environment().remove(name);
    }
    Process killed = builder.start();
    try {
      // Guard against a hang only; the test's claims do not depend on timing.
      long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (finishedLines(jsonl) < 4) {
        assertThat(killed.isAlive()).as("the run is still going; its log:\n%s", logOf(log))
            .isTrue();
        assertThat(System.nanoTime()).as("4 seeds finished within 120 s; log:\n%s", logOf(log))
            .isLessThan(guard);
        Thread.sleep(20);
      }
    } finally {
      killed.destroyForcibly();
      killed.waitFor(30, TimeUnit.SECONDS);
    }
    Set<Integer> finishedBeforeKill = completedSeeds(jsonl);
    assertThat(finishedBeforeKill).as("the kill came half way").hasSizeBetween(4, SEEDS - 1);
    Map<Integer, Integer> requestsBeforeResume = snapshot();
    System.out.println("killed run finished seeds " + finishedBeforeKill + "; requests so far "
        + requestsBeforeResume);

    EngineTestKit.Builder kit = EngineTestKit.engine(new EvalUnitTestEngine(Map.of(), baseDir));
    parameters(url(), output.toString()).forEach(kit::configurationParameter);
    kit.configurationParameter("evalunit.resume", "true");
    EngineExecutionResults resumed = kit.selectors(selectClass(SlowSuite.class)).execute();

    resumed.testEvents().assertStatistics(s -> s.started(SEEDS + 1).succeeded(SEEDS + 1));
    for (int seed : finishedBeforeKill) {
      assertThat(requests.get(seed).get()).as("requests for finished seed %d", seed).isOne();
    }
    for (int seed = 0; seed < SEEDS; seed++) {
      assertThat(requests).as("seed %d was requested", seed).containsKey(seed);
      if (!finishedBeforeKill.contains(seed)) {
        assertThat(requests.get(seed).get() - requestsBeforeResume.getOrDefault(seed, 0))
            .as("seed %d ran once after the resume", seed).isOne();
      }
    }
    List<Map<String, String>> entries = resumed.allEvents().reportingEntryPublished().stream()
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).toList();
    long reused = entries.stream().filter(e -> "true".equals(e.get("reused"))).count();
    assertThat(reused).isEqualTo(finishedBeforeKill.size());
    assertThat(entries.get(entries.size() - 1)).containsEntry("seeds", Integer.toString(SEEDS))
        .containsEntry("seeds_ok", Integer.toString(SEEDS)).containsEntry("mean_score", "0.75");
    JsonNode report = JSON.readTree(output.resolve("report.json").toFile());
    List<Integer> reported = new ArrayList<>();
    report.get("results").forEach(r -> {
      assertThat(r.get("error").isNull()).isTrue();
      reported.add(r.get("seed").asInt());
    });
    assertThat(reported).containsExactlyElementsOf(IntStream.range(0, SEEDS).boxed().toList());
  }

  private Map<Integer, Integer> snapshot() {
    Map<Integer, Integer> copy = new ConcurrentHashMap<>();
    requests.forEach((seed, count) -> copy.put(seed, count.get()));
    return copy;
  }

  private static int finishedLines(Path jsonl) throws IOException {
    return completedSeeds(jsonl).size();
  }

  private static Set<Integer> completedSeeds(Path jsonl) throws IOException {
    Set<Integer> seeds = new TreeSet<>();
    if (!Files.exists(jsonl)) {
      return seeds;
    }
    for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      try {
        JsonNode row = JSON.readTree(line);
        if ("completed".equals(row.path("status").asText())) {
          seeds.add(row.get("seed").asInt());
        }
      } catch (IOException truncated) {
        // the line being written when the process died
      }
    }
    return seeds;
  }

  private static String logOf(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
