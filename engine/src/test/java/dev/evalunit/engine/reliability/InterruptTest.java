package dev.evalunit.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a JVM in the middle of a run (what Ctrl-C and CI cancellation send): the run's
 * shutdown hook cancels the rollouts in flight, every finished row is whole on disk, and the
 * task app process the engine started is gone.
 */
class InterruptTest {

  @TempDir Path baseDir;

  private static long lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void sigtermStopsTheRunKeepsEveryFinishedRowWholeAndStopsTheTaskApp() throws Exception {
    Path pidFile = baseDir.resolve("app.pid");
    Path engineLog = baseDir.resolve("engine.log");
    Path suiteDir = baseDir.resolve("target/evalunit/" + ManagedSuite.class.getName());
    Path jsonl = suiteDir.resolve("results.jsonl");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        InterruptibleRunMain.class.getName(), pidFile.toString()));
    Process engine = new ProcessBuilder(command).directory(baseDir.toFile())
        .redirectErrorStream(true).redirectOutput(engineLog.toFile()).start();
    try {
      ChildJvm.await("finished rows in " + jsonl, Duration.ofSeconds(90),
          () -> lines(jsonl) >= 6 || !engine.isAlive());
      assertThat(engine.isAlive()).as("the run is still going").isTrue();

      engine.destroy(); // SIGTERM on Linux and macOS

      assertThat(engine.waitFor(30, TimeUnit.SECONDS)).as("the JVM exits").isTrue();
    } finally {
      engine.destroyForcibly();
    }
    String log = Files.readString(engineLog);
    assertThat(log).contains("[evalunit] interrupted: cancelling rollouts in flight");
    byte[] bytes = Files.readAllBytes(jsonl);
    assertThat(bytes[bytes.length - 1]).as("the last row is whole").isEqualTo((byte) '\n');
    Set<Long> seeds = new HashSet<>();
    ObjectMapper json = new ObjectMapper();
    List<String> rows = Files.readAllLines(jsonl);
    assertThat(rows).hasSizeBetween(6, 999);
    for (String row : rows) {
      JsonNode node = json.readTree(row);
      assertThat(node.get("status").asText()).isEqualTo("completed");
      assertThat(seeds.add(node.get("seed").asLong())).as("seed %s once", node.get("seed"))
          .isTrue();
    }
    assertThat(ChildJvm.gone(pidFile)).as("the task app process is stopped").isTrue();
  }
}
