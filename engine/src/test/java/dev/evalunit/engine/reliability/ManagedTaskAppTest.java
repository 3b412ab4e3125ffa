package dev.evalunit.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.TestEngines;
import dev.evalunit.engine.descriptor.RolloutFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A task app the engine starts as a real process ({@link TaskAppMain}): it is stopped after the
 * suite, and when it exits early, never becomes healthy or is killed mid-run, the suite or its
 * seeds fail with its exit code and the last lines of its log.
 */
class ManagedTaskAppTest {

  @TempDir Path outputDir;

  private Path suiteDir() {
    return outputDir.resolve("target/evalunit/" + ManagedSuite.class.getName());
  }

  private Path log() {
    return suiteDir().resolve("task-app.log");
  }

  private EngineExecutionResults run(String command, String... params) {
    EngineTestKit.Builder kit = EngineTestKit.engine(TestEngines.hermetic(Map.of(), outputDir))
        .configurationParameter("evalunit.suite.ManagedSuite.taskApp.command", command)
        .configurationParameter("evalunit.taskApp.startupTimeout", "20s")
        .configurationParameter("evalunit.retry.baseDelay", "1ms");
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    return kit.selectors(selectClass(ManagedSuite.class)).execute();
  }

  @Test
  void servesTheSuiteFromAFreePortAndIsStoppedAfterIt() {
    Path pid = outputDir.resolve("app.pid");

    EngineExecutionResults results = run(ChildJvm.taskApp("serve", 0, pid));

    results.testEvents().assertStatistics(s -> s.succeeded(7).failed(0));
    assertThat(ChildJvm.contains(log(), "[task-app] rollout 6 started")).isTrue();
    assertThat(ChildJvm.gone(pid)).as("the task app is stopped after the suite").isTrue();
  }

  @Test
  void replicasStartEachOnItsOwnPortWithItsOwnLogAndShareTheRollouts() throws Exception {
    Path pid = outputDir.resolve("app.pid");

    EngineExecutionResults results = run(ChildJvm.taskApp("serve", 0, pid),
        "evalunit.taskApp.replicas", "2", "evalunit.concurrency", "2");

    results.testEvents().assertStatistics(s -> s.succeeded(7).failed(0));
    Path secondLog = suiteDir().resolve("task-app-2.log");
    assertThat(ChildJvm.contains(log(), "[task-app] rollout")).isTrue();
    assertThat(ChildJvm.contains(secondLog, "[task-app] rollout")).isTrue();
    List<String> replicas = new ArrayList<>();
    for (String line : Files.readAllLines(suiteDir().resolve("results.jsonl"))) {
      replicas.add(new ObjectMapper().readTree(line).path("replica").asText());
    }
    assertThat(replicas).hasSize(6).allMatch(url -> url.startsWith("http://127.0.0.1:"));
    assertThat(replicas.stream().distinct().count()).as("two ports, both used").isEqualTo(2);
  }

  @Test
  void aProcessThatExitsEarlyFailsTheSuiteWithItsExitCodeAndLog() {
    Path pid = outputDir.resolve("app.pid");

    EngineExecutionResults results = run(ChildJvm.taskApp("exit", 3, pid));

    results.containerEvents().assertThatEvents().haveExactly(1, event(
        container(ManagedSuite.class.getSimpleName()), finishedWithFailure(message(m ->
            m.contains("the task app exited with code 3 before it became healthy")
                && m.contains("task-app.log")
                && m.contains("[task-app] failing on purpose with exit code 3")))));
    results.testEvents().assertStatistics(s -> s.started(0));
  }

  @Test
  void aProcessThatNeverBecomesHealthyFailsAfterTheStartupTimeoutAndIsStopped() {
    Path pid = outputDir.resolve("app.pid");

    EngineExecutionResults results = run(ChildJvm.taskApp("unhealthy", 0, pid),
        "evalunit.taskApp.startupTimeout", "1500ms");

    results.containerEvents().assertThatEvents().haveExactly(1, event(
        container(ManagedSuite.class.getSimpleName()), finishedWithFailure(message(m ->
            m.contains("did not answer GET /health with 200 within taskApp.startupTimeout = 1.5s")
                && m.contains("[task-app] health check: not ready (503)")))));
    assertThat(ChildJvm.gone(pid)).as("the unhealthy process is stopped").isTrue();
  }

  @Test
  void aTaskAppKilledMidRunErrorsTheInFlightAndLaterSeedsWithItsExitCodeAndLog()
      throws Exception {
    Path pid = outputDir.resolve("app.pid");
    CompletableFuture<EngineExecutionResults> running = CompletableFuture.supplyAsync(
        () -> run(ChildJvm.taskApp("hang-after", 2, pid)));
    ChildJvm.await("the third rollout to hang", Duration.ofSeconds(60),
        () -> ChildJvm.contains(log(), "[task-app] rollout 3 hangs"));

    ChildJvm.process(pid).orElseThrow().destroyForcibly();
    EngineExecutionResults results = running.get(60, TimeUnit.SECONDS);

    results.testEvents().assertStatistics(s -> s.succeeded(3).failed(4)); // the verdict passes
    for (int seed = 2; seed <= 5; seed++) {
      results.testEvents().assertThatEvents().haveExactly(1, event(test(),
          displayName("seed " + seed), finishedWithFailure(instanceOf(RolloutFailedException.class),
              message(m -> m.contains("the task app process exited with code 137 during the run")
                  && m.contains("task-app.log") && m.contains("[task-app] rollout 3 hangs")))));
    }
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(suiteDir().resolve("results.jsonl"))) {
      rows.add(new ObjectMapper().readTree(line));
    }
    assertThat(rows).extracting(r -> r.get("seed").asInt() + ":" + r.get("status").asText()
            + ":" + r.get("attempts").asInt())
        .containsExactly("0:completed:1", "1:completed:1", "2:errored:1", "3:errored:0",
            "4:errored:0", "5:errored:0");
    assertThat(rows.subList(2, 6)).allSatisfy(r ->
        assertThat(r.get("error").get("type").asText()).isEqualTo("task_app_exited"));
  }
}
