package dev.evalunit.samples.shards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.samples.taskapp.SampleTaskApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 14, "done when": the same suite run once whole and as 4 shards plus a merge, each in its
 * own JVM through the JUnit launcher (as separate CI jobs would), gets the same verdict, the same
 * intervals and the same report.json up to timing fields; the merge runs after the task app has
 * stopped (so it cannot have run a rollout) and its Surefire-style XML lists every seed. (A merge
 * with a shard missing or run under another config is engine/ShardRunTest's, in one JVM: each
 * child JVM here costs a JVM start.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "shards-test-key";
  private static final String SUITE = ShardedKeywordSuite.class.getName();
  private static final Pattern NODE = Pattern.compile("\\[node] (\\w+) (seed \\d+|suite verdict|"
      + "ShardedKeywordSuite)(?:: (.*))?");

  @TempDir static Path work;
  private SampleTaskApp app;
  /** The task app's URL: the merges are given it too (as CI gives every job the same settings). */
  private String url;
  private String whole;
  private final List<String> shards = new ArrayList<>();
  private String merge;

  /** Every child JVM of the test, run while the task app is up, then the merges without it. */
  @BeforeAll
  void runEverything() throws IOException {
    app = SampleTaskApp.start(0, KEY);
    url = app.baseUrl();
    List<CompletableFuture<String>> runs = new ArrayList<>();
    runs.add(child("whole", "whole/{suite}"));
    for (int k = 1; k <= 4; k++) {
      runs.add(child("shard-" + k, "sharded/{suite}", "-Devalunit.shard=" + k + "/4"));
    }
    whole = runs.get(0).join();
    for (int k = 1; k <= 4; k++) {
      shards.add(runs.get(k).join());
    }
    app.close();
    app = null;

    merge = child("merge", "sharded/{suite}", "-Devalunit.shard=merge").join();
  }

  @AfterAll
  void stopApp() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void theMergeHasTheWholeRunsVerdictIntervalsAndReport() throws IOException {
    Map<String, String> wholeNodes = nodes(whole);
    Map<String, String> mergeNodes = nodes(merge);
    assertThat(wholeNodes).containsKey("suite verdict").hasSize(41);
    assertThat(mergeNodes).as("every seed and the verdict, with the same status")
        .isEqualTo(wholeNodes);
    assertThat(mergeNodes.get("suite verdict")).isEqualTo("SUCCESSFUL");

    JsonNode wholeMeta = json(work.resolve("whole").resolve(SUITE).resolve("metadata.json"));
    JsonNode mergeMeta = json(work.resolve("sharded").resolve(SUITE).resolve("metadata.json"));
    JsonNode wholeVerdict = wholeMeta.path("verdicts").path("default");
    JsonNode mergeVerdict = mergeMeta.path("verdicts").path("default");
    assertThat(wholeVerdict.path("intervals")).isNotEmpty();
    assertThat(mergeVerdict.path("intervals")).isEqualTo(wholeVerdict.path("intervals"));
    assertThat(mergeVerdict.path("outcome")).isEqualTo(wholeVerdict.path("outcome"));
    assertThat(mergeVerdict.path("mean_score")).isEqualTo(wholeVerdict.path("mean_score"));
    assertThat(mergeMeta.path("mode").asText()).isEqualTo("merge");
    assertThat(mergeMeta.path("config_hash")).isEqualTo(wholeMeta.path("config_hash"));

    JsonNode wholeReport = withoutTiming(
        json(work.resolve("whole").resolve(SUITE).resolve("report.json")));
    JsonNode mergeReport = withoutTiming(
        json(work.resolve("sharded").resolve(SUITE).resolve("report.json")));
    assertThat(mergeReport.path("results")).hasSize(40);
    assertThat(mergeReport).isEqualTo(wholeReport);
    // The traces (junit-platform.properties asks for them) are copied from the shards.
    Path merged = work.resolve("sharded").resolve(SUITE);
    for (int seed = 0; seed < 40; seed++) {
      Path trace = Path.of("traces", "seed_" + seed + "_trace.json");
      List<Path> inShards = new ArrayList<>();
      for (int k = 1; k <= 4; k++) {
        Path candidate = merged.resolve("shard-" + k + "-of-4").resolve(trace);
        if (Files.exists(candidate)) {
          inShards.add(candidate);
        }
      }
      assertThat(inShards).as("shards with the trace of seed %d", seed).hasSize(1);
      assertThat(merged.resolve(trace)).hasSameTextualContentAs(inShards.get(0));
    }
  }

  @Test
  void theMergesXmlReportListsEverySeedAsTheWholeRunsDoes() throws Exception {
    Map<String, String> wholeCases = testcases(work.resolve("xml-whole"));
    Map<String, String> mergeCases = testcases(work.resolve("xml-merge"));
    assertThat(mergeCases).hasSize(41).isEqualTo(wholeCases);
  }

  @Test
  void eachShardRunsADisjointQuarterAndLeavesTheVerdictToTheMerge() {
    Set<String> seen = new HashSet<>();
    for (int k = 1; k <= 4; k++) {
      Map<String, String> nodes = nodes(shards.get(k - 1));
      String verdict = nodes.remove("suite verdict");
      assertThat(verdict).isEqualTo("ABORTED");
      assertThat(shards.get(k - 1)).contains("ABORTED suite verdict: " + SUITE + ": shard " + k + "/4: ran "
          + nodes.size() + " of the suite's 40 seeds; the suite's verdict is the merge's");
      for (String seed : nodes.keySet()) {
        assertThat(seen.add(seed)).as("%s in two shards", seed).isTrue();
      }
    }
    assertThat(seen).hasSize(40);
  }

  /** Starts a child JVM running the suite; completes with its console once it exited. */
  private CompletableFuture<String> child(String name, String outputDir, String... settings) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
        "-cp", System.getProperty("java.class.path"),
        "-Devalunit.taskApp.apiKey=" + KEY,
        "-Devalunit.taskApp.url=" + url,
        "-Devalunit.output.dir=" + outputDir,
        "-Devalunit.progress.interval=0"));
    command.addAll(List.of(settings));
    command.addAll(List.of(LauncherMain.class.getName(), SUITE,
        work.resolve("xml-" + name).toString()));
    Path log = work.resolve(name + ".log");
    return CompletableFuture.supplyAsync(() -> {
      try {
        Process process = new ProcessBuilder(command).directory(work.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(name + " did not finish within 60 s: " + Files.readString(log));
        }
        return Files.readString(log);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + name);
      }
    });
  }

  /** The status of each seed and the verdict (and a failed suite) as the child printed them. */
  private static Map<String, String> nodes(String console) {
    Map<String, String> nodes = new TreeMap<>();
    for (String line : console.split("\n")) {
      Matcher m = NODE.matcher(line.strip());
      if (m.matches() && !m.group(2).equals("ShardedKeywordSuite")) {
        nodes.put(m.group(2), m.group(1));
      }
    }
    return nodes;
  }

  /** Each testcase of the XML report by name: passed, failure, error or skipped. */
  private static Map<String, String> testcases(Path folder) throws Exception {
    Map<String, String> cases = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
        NodeList list = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(file.toFile()).getElementsByTagName("testcase");
        for (int i = 0; i < list.getLength(); i++) {
          Element testcase = (Element) list.item(i);
          String status = "passed";
          for (String kind : List.of("failure", "error", "skipped")) {
            if (testcase.getElementsByTagName(kind).getLength() > 0) {
              status = kind;
            }
          }
          cases.put(testcase.getAttribute("name"), status);
        }
      }
    }
    return cases;
  }

  /** report.json without its timing fields: each result's {@code latency_ms}. */
  private static JsonNode withoutTiming(JsonNode report) {
    report.path("results").forEach(row -> ((ObjectNode) row).remove("latency_ms"));
    return report;
  }

  private static JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

}
