package dev.evalunit.engine;

import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.report.ResultsJsonl;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A run is killed half way as a real separate process ({@code destroyForcibly}, no shutdown
 * hooks), then resumed: every rollout the killed run finished is reported from
 * {@code results.jsonl} without a second request, and every other one runs once more. With
 * {@code epochs = 3} the kill comes while a seed has some of its epochs recorded and not others:
 * only the missing epochs are sent again.
 */
class ResumeAfterKillTest {

  private static final int SEEDS = 12;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path baseDir;
  private HttpServer taskApp;
  /** Requests per rollout, keyed {@code "seed/epoch"} (the epoch read from the run id). */
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  /** The same settings for the killed run and the resumed one, so the config hash matches. */
  static Map<String, String> parameters(String taskAppUrl, String outputDir, int epochs) {
    return Map.of(
        "evalunit.taskApp.url", taskAppUrl,
        "evalunit.output.dir", outputDir,
        "evalunit.concurrency", "2",
        "evalunit.progress.interval", "0",
        "evalunit.backend.enabled", "false",
        "evalunit.epochs", Integer.toString(epochs));
  }

  @BeforeEach
  void startSlowTaskApp() throws IOException {
    taskApp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    taskApp.setExecutor(Executors.newCachedThreadPool());
    taskApp.createContext("/rollout", exchange -> {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      int seed = request.path("env").path("seed").asInt();
      Matcher epoch = EPOCH_IN_RUN_ID.matcher(request.path("run_id").asText());
      requests.computeIfAbsent(seed + "/" + (epoch.find() ? epoch.group(1) : "0"),
          s -> new AtomicInteger()).incrementAndGet();
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

  private static final Pattern EPOCH_IN_RUN_ID = Pattern.compile("-epoch-(\\d+)-");

  @ParameterizedTest(name = "epochs = {0}")
  @ValueSource(ints = {1, 3})
  void noFinishedRolloutRunsTwiceAndNoneIsMissing(int epochs) throws Exception {
    Path output = baseDir.resolve("out");
    Path jsonl = output.resolve("results.jsonl");
    Path log = baseDir.resolve("killed-run.log");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        KilledRunMain.class.getName(), url(), output.toString(), Integer.toString(epochs))
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
      // With epochs, wait for a seed with some epochs recorded and others not.
      while (completed(jsonl).size() < 4 || (epochs > 1 && partialSeeds(jsonl, epochs).isEmpty())) {
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
    Set<String> finishedBeforeKill = completed(jsonl);
    assertThat(finishedBeforeKill).as("the kill came half way")
        .hasSizeBetween(4, SEEDS * epochs - 1);
    Map<String, Integer> requestsBeforeResume = snapshot();
    System.out.println("killed run finished rollouts " + finishedBeforeKill + " (seeds with some "
        + "epochs only: " + partialSeeds(jsonl, epochs) + "); requests so far "
        + requestsBeforeResume);

    EngineTestKit.Builder kit = EngineTestKit.engine(new EvalUnitTestEngine(Map.of(), baseDir));
    parameters(url(), output.toString(), epochs).forEach(kit::configurationParameter);
    kit.configurationParameter("evalunit.resume", "true");
    EngineExecutionResults resumed = kit.selectors(selectClass(SlowSuite.class)).execute();

    resumed.testEvents().assertStatistics(s -> s.started(SEEDS + 1).succeeded(SEEDS + 1));
    for (String rollout : finishedBeforeKill) {
      assertThat(requests.get(rollout).get()).as("requests for finished rollout %s", rollout)
          .isOne();
    }
    for (int seed = 0; seed < SEEDS; seed++) {
      for (int epoch = 0; epoch < epochs; epoch++) {
        String rollout = seed + "/" + epoch;
        assertThat(requests).as("rollout %s was requested", rollout).containsKey(rollout);
        if (!finishedBeforeKill.contains(rollout)) {
          assertThat(requests.get(rollout).get() - requestsBeforeResume.getOrDefault(rollout, 0))
              .as("rollout %s ran once after the resume", rollout).isOne();
        }
      }
    }
    List<Map<String, String>> entries = resumed.allEvents().reportingEntryPublished().stream()
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).toList();
    long reused = entries.stream().filter(e -> "true".equals(e.get("reused"))).count();
    // A seed is reported reused when every one of its epochs was.
    assertThat(reused).isEqualTo(IntStream.range(0, SEEDS).filter(seed -> IntStream.range(0,
        epochs).allMatch(e -> finishedBeforeKill.contains(seed + "/" + e))).count());
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

  private Map<String, Integer> snapshot() {
    Map<String, Integer> copy = new ConcurrentHashMap<>();
    requests.forEach((seed, count) -> copy.put(seed, count.get()));
    return copy;
  }

  /** Seeds with some but not all of their epochs completed. */
  private static Set<Integer> partialSeeds(Path jsonl, int epochs) throws IOException {
    Map<Integer, Integer> done = new java.util.TreeMap<>();
    completed(jsonl).forEach(r -> done.merge(Integer.parseInt(r.split("/")[0]), 1, Integer::sum));
    Set<Integer> partial = new TreeSet<>();
    done.forEach((seed, n) -> {
      if (n < epochs) {
        partial.add(seed);
      }
    });
    return partial;
  }

  /** The rollouts recorded as completed, {@code "seed/epoch"}. */
  private static Set<String> completed(Path jsonl) {
    Set<String> seeds = new TreeSet<>();
    if (Files.exists(jsonl)) {
      // the project's row reader skips the line being written when the process died
      ResultsJsonl.readRows(jsonl, row -> {
        if (row.result().status() == SeedResult.Status.COMPLETED) {
          seeds.add(row.result().seed() + "/" + row.result().epoch());
        }
      });
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
