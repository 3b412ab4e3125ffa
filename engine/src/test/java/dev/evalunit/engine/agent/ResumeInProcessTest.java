package dev.evalunit.engine.agent;

import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.report.ResultsJsonl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.EvalSuite;
import dev.evalunit.Rollout;
import dev.evalunit.agent.AgentContext;
import dev.evalunit.agent.EvalOutput;
import dev.evalunit.agent.TestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * OpenHands' run_evaluation skips the instances already in output.jsonl; here a run of an
 * in-process suite is killed half way as a real process (no shutdown hooks), then resumed: no
 * instance the killed run finished is called again, every other one is called once, and
 * output.jsonl ends with one line per instance.
 */
class ResumeInProcessTest {

  static final String CALLS_PROPERTY = "agentsuite.calls";
  private static final int SEEDS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Takes 250 ms a seed, writing the seed to the calls file as it starts. */
  @EvalSuite(seeds = "0..7")
  public static class SlowAgentSuite {
    @Rollout
    EvalOutput run(long seed, AgentContext ctx) throws InterruptedException {
      try {
        Files.writeString(Path.of(System.getProperty(CALLS_PROPERTY)), seed + "\n",
            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread.sleep(250);
      return EvalOutput.of("seed " + seed, TestResult.of(1.0));
    }
  }

  static Map<String, String> parameters(String outputDir) {
    return Map.of("evalunit.output.dir", outputDir, "evalunit.progress.interval", "0",
        "evalunit.backend.enabled", "false");
  }

  @TempDir Path baseDir;

  @Test
  void noInstanceTheKilledRunFinishedIsCalledAgain() throws Exception {
    Path output = baseDir.resolve("out");
    Path jsonl = output.resolve("results.jsonl");
    Path killedCalls = baseDir.resolve("killed-calls.txt");
    Path log = baseDir.resolve("killed-run.log");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-D" + CALLS_PROPERTY + "=" + killedCalls, "-cp", System.getProperty("java.class.path"),
        KilledAgentRunMain.class.getName(), output.toString())
        .directory(baseDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("GITHUB_STEP_SUMMARY");
    Process killed = builder.start();
    try {
      long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // against a hang only
      while (completed(jsonl).size() < 3) {
        assertThat(killed.isAlive()).as("the run is going; log:\n%s", read(log)).isTrue();
        assertThat(System.nanoTime()).as("3 seeds within 120 s").isLessThan(guard);
        Thread.sleep(20);
      }
    } finally {
      killed.destroyForcibly();
      killed.waitFor(30, TimeUnit.SECONDS);
    }
    Set<Long> finished = completed(jsonl);
    assertThat(finished).as("killed half way").hasSizeBetween(3, SEEDS - 1);

    Path resumedCalls = baseDir.resolve("resumed-calls.txt");
    String before = System.getProperty(CALLS_PROPERTY);
    System.setProperty(CALLS_PROPERTY, resumedCalls.toString());
    try {
      EngineTestKit.Builder kit = EngineTestKit.engine(
          dev.evalunit.engine.TestEngines.hermetic(Map.of(), baseDir));
      parameters(output.toString()).forEach(kit::configurationParameter);
      kit.configurationParameter("evalunit.resume", "true")
          .selectors(selectClass(SlowAgentSuite.class)).execute()
          .testEvents().assertStatistics(s -> s.started(SEEDS + 1).succeeded(SEEDS + 1));
    } finally {
      if (before == null) {
        System.clearProperty(CALLS_PROPERTY);
      } else {
        System.setProperty(CALLS_PROPERTY, before);
      }
    }
    List<Long> calledAgain = Files.readAllLines(resumedCalls).stream().map(Long::parseLong)
        .toList();
    assertThat(calledAgain).doesNotContainAnyElementsOf(finished).doesNotHaveDuplicates();
    Set<Long> all = new TreeSet<>(finished);
    all.addAll(calledAgain);
    assertThat(all).hasSize(SEEDS);
    Set<String> ids = new TreeSet<>();
    List<String> lines = Files.readAllLines(output.resolve("output.jsonl"));
    for (String line : lines) {
      ids.add(JSON.readTree(line).get("instance_id").asText());
    }
    assertThat(lines).as("one line per instance").hasSize(SEEDS);
    assertThat(ids).hasSize(SEEDS);
  }

  private static Set<Long> completed(Path jsonl) {
    Set<Long> seeds = new TreeSet<>();
    if (Files.exists(jsonl)) {
      // the project's row reader skips the line being written when the process died
      ResultsJsonl.readRows(jsonl, row -> {
        if (row.result().status() == SeedResult.Status.COMPLETED) {
          seeds.add(row.result().seed());
        }
      });
    }
    return seeds;
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
