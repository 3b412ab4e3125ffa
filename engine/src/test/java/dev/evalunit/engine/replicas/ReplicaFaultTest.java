package dev.evalunit.engine.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.EvalSuite;
import dev.evalunit.engine.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A replica pool of three, one of which goes down mid-run: every seed still ends in a definite
 * outcome, and the down replica's share moves to the other two.
 */
class ReplicaFaultTest {

  @EvalSuite(env = "intents", seeds = "0..59", concurrency = 6, model = "test-model")
  static class PoolSuite {}

  @TempDir Path dir;

  private EngineExecutionResults run(List<StubReplica> replicas, String... params) {
    EngineTestKit.Builder kit = EngineTestKit.engine(TestEngines.hermetic(Map.of(), dir))
        .configurationParameter("evalunit.taskApp.url",
            String.join(",", replicas.stream().map(StubReplica::url).toList()))
        .configurationParameter("evalunit.output.dir", dir.resolve("out").toString())
        .configurationParameter("evalunit.retry.baseDelay", "1ms")
        .configurationParameter("evalunit.output.seedLines", "false");
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    return kit.selectors(selectClass(PoolSuite.class)).execute();
  }

  private Map<String, Integer> rowsPerReplica() throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(dir.resolve("out/results.jsonl"))) {
      JsonNode row = json.readTree(line);
      assertThat(row.path("status").asText()).as(line).isEqualTo("completed");
      counts.merge(row.path("replica").asText(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void oneOfThreeReplicasGoesDownMidRunAndItsShareMovesToTheOthers() throws Exception {
    List<StubReplica> replicas = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replicas.add(new StubReplica(20));
    }
    StubReplica down = replicas.get(1);
    try {
      // Down after its fifth answer: mid-run, with calls of its own in flight.
      CompletableFuture<Void> takenDown = CompletableFuture.runAsync(() -> {
        long until = System.nanoTime() + 10_000_000_000L;
        while (down.answered() < 5 && System.nanoTime() < until) {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        down.takeDown();
      });

      EngineExecutionResults results = run(replicas);
      takenDown.get();

      // Every seed passed: the attempts that hit the dead replica were retried on the others.
      results.testEvents().assertStatistics(s -> s.started(61).succeeded(61).failed(0));
      Map<String, Integer> rows = rowsPerReplica();
      assertThat(rows.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
      // A seed is recorded on the replica that answered it, and the down one answered only
      // what it did before it went down.
      assertThat(rows.getOrDefault(down.url(), 0)).isEqualTo(down.answered());
      assertThat(down.answered()).isBetween(5, 12);
      for (StubReplica up : List.of(replicas.get(0), replicas.get(2))) {
        assertThat(rows.get(up.url())).isEqualTo(up.answered()).isGreaterThan(20);
      }
      // Every report states the same split: report.json by seed, summary.md and the HTML page
      // with the attempts too (the down replica's failed ones, and that it was taken out).
      JsonNode report = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
      Map<String, Integer> reported = new TreeMap<>();
      report.path("replicas").forEach(r -> reported.put(r.path("url").asText(),
          r.path("seeds").asInt()));
      assertThat(reported).isEqualTo(rows);
      String summary = Files.readString(dir.resolve("out/summary.md"));
      assertThat(summary).containsPattern("\\| " + java.util.regex.Pattern.quote(down.url())
          + " \\| \\d+ \\| [1-9]\\d* \\| " + down.answered() + " \\| 0 \\| 1 \\|");
      assertThat(Files.readString(dir.resolve("out/report.html")))
          .contains("Task-app replicas", "<td>" + down.url() + "</td>");
    } finally {
      replicas.forEach(StubReplica::close);
    }
  }

  @Test
  void aReplicaDownAtTheStartFailsItsReadinessProbeAndTakesNoSeed() throws Exception {
    List<StubReplica> replicas = List.of(new StubReplica(5), new StubReplica(5),
        new StubReplica(5));
    try {
      replicas.get(0).takeDown();

      EngineExecutionResults results = run(replicas);

      results.testEvents().assertStatistics(s -> s.started(61).succeeded(61));
      Map<String, Integer> rows = rowsPerReplica();
      assertThat(rows).doesNotContainKey(replicas.get(0).url());
      assertThat(rows.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
      assertThat(Files.readString(dir.resolve("out/summary.md")))
          .contains("| " + replicas.get(0).url() + " | 0 | 0 | 0 | 0 | 1 |");
    } finally {
      replicas.forEach(StubReplica::close);
    }
  }

  @Test
  void aPoolWithNoReplicaUpFailsTheSuiteOnceNamingEachReplica() throws Exception {
    List<StubReplica> replicas = List.of(new StubReplica(0), new StubReplica(0));
    replicas.forEach(StubReplica::takeDown);

    EngineExecutionResults results = run(replicas);

    results.containerEvents().assertThatEvents().haveExactly(1, event(
        container(PoolSuite.class.getSimpleName()), finishedWithFailure(message(m ->
            m.contains("every replica of " + replicas.get(0).url() + "," + replicas.get(1).url())
                && m.contains(replicas.get(0).url() + ": GET / failed")
                && m.contains(replicas.get(1).url() + ": GET / failed")
                && m.contains("No rollout was started")))));
    assertThat(results.testEvents().started().count()).isZero();
  }

  @Test
  void rolloutsSpreadByLeastInFlightWithinThePerReplicaLimit() throws Exception {
    List<StubReplica> replicas = List.of(new StubReplica(30), new StubReplica(30),
        new StubReplica(30));
    try {
      EngineExecutionResults results = run(replicas, "evalunit.concurrency", "9",
          "evalunit.taskApp.replicaConcurrency", "2");

      results.testEvents().assertStatistics(s -> s.started(61).succeeded(61));
      Map<String, Integer> rows = rowsPerReplica();
      for (StubReplica replica : replicas) {
        assertThat(replica.mostInFlight()).as(replica.url()).isLessThanOrEqualTo(2);
        // Least in flight: each replica takes a fair share (20 each when all are equal).
        assertThat(rows.get(replica.url())).as(replica.url()).isBetween(14, 26);
      }
    } finally {
      replicas.forEach(StubReplica::close);
    }
  }
}
