package dev.evalunit.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.EvalSuite;
import dev.evalunit.Rollout;
import dev.evalunit.Threshold;
import dev.evalunit.agent.AgentContext;
import dev.evalunit.agent.EvalOutput;
import dev.evalunit.agent.Instance;
import dev.evalunit.agent.TestResult;
import dev.evalunit.engine.TestEngines;
import dev.evalunit.engine.descriptor.RolloutFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/**
 * A suite whose rollout is a Java method (OpenHands' process_instance): called once per seed,
 * scored by what it returns, its exceptions seed errors, its outputs the same files as an HTTP
 * suite's plus OpenHands' output.jsonl.
 */
class InProcessRolloutTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper JSON_READER = JSON;
  /** Seeds each suite's method was called with, per suite class (tests run one at a time). */
  static final Map<Class<?>, List<Long>> CALLS = new ConcurrentHashMap<>();
  static final AtomicInteger CLOSED = new AtomicInteger();

  static void called(Class<?> suite, long seed) {
    CALLS.computeIfAbsent(suite, s -> java.util.Collections.synchronizedList(new ArrayList<>()))
        .add(seed);
  }

  /** Seed n scores n / 3: seeds 0 and 1 miss the threshold of 0.5, seeds 2 and 3 meet it. */
  @EvalSuite(seeds = "0..3", concurrency = 2)
  @Threshold(score = 0.5)
  static class ScoredSuite implements AutoCloseable {
    private final AtomicInteger instances = new AtomicInteger();

    ScoredSuite() {
      instances.incrementAndGet();
    }

    @Rollout(agentClass = "EchoAgent", evalNote = "first try", maxIterations = 7)
    EvalOutput run(Instance instance, AgentContext ctx) {
      called(ScoredSuite.class, instance.seed());
      ctx.history().action("think(" + instance.seed() + ")");
      ctx.log("iterations " + ctx.maxIterations());
      return EvalOutput.of("score seed " + instance.seed(),
          TestResult.of(instance.seed() / 3.0).withDetail("seed", instance.seed()));
    }

    @Override
    public void close() {
      CLOSED.incrementAndGet();
    }
  }

  /** Seed 2 throws; the others score 1. */
  @EvalSuite(seeds = "0..3")
  static class ThrowingSuite {
    @Rollout
    EvalOutput run(long seed, AgentContext ctx) {
      called(ThrowingSuite.class, seed);
      if (seed == 2) {
        throw new IllegalStateException("tool registry is empty");
      }
      return EvalOutput.of("task " + seed, TestResult.of(1.0));
    }
  }

  /** Seed 1 reports an agent error in its EvalOutput (OpenHands' state.last_error). */
  @EvalSuite(seeds = "0..1")
  static class AgentErrorSuite {
    @Rollout
    EvalOutput run(long seed, AgentContext ctx) {
      return seed == 1 ? EvalOutput.failed("task 1", "context window exceeded")
          : EvalOutput.of("task 0", TestResult.of(1.0));
    }
  }

  @TempDir Path dir;

  @BeforeEach
  void reset() {
    CALLS.clear();
    CLOSED.set(0);
  }

  private EngineTestKit.Builder kit() {
    return kit(dir);
  }

  private Path out(Class<?> suite) {
    return out(dir, suite);
  }

  /** The hermetic engine with its base directory in {@code dir}, progress lines off. */
  static EngineTestKit.Builder kit(Path dir) {
    return EngineTestKit.engine(TestEngines.hermetic(Map.of(), dir))
        .configurationParameter("evalunit.progress.interval", "0");
  }

  /** The suite's output folder under {@code dir}. */
  static Path out(Path dir, Class<?> suite) {
    return dir.resolve("target").resolve("evalunit").resolve(suite.getName());
  }

  @Test
  void passingAndFailingSeedsAreJudgedByTheReturnedScoreAndTheSuiteIsClosedOnce()
      throws IOException {
    EngineExecutionResults results = kit().selectors(selectClass(ScoredSuite.class)).execute();

    // Seeds 2 and 3 and the verdict (no suite threshold) succeed; seeds 0 and 1 miss.
    results.testEvents().assertStatistics(s -> s.started(5).succeeded(3).failed(2));
    results.testEvents().assertThatEvents().haveExactly(2, event(test(),
        finishedWithFailure(instanceOf(AssertionFailedError.class))));
    assertThat(CALLS.get(ScoredSuite.class)).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
    assertThat(CLOSED.get()).as("the suite instance is closed after the suite").isOne();

    List<JsonNode> rows = lines(out(ScoredSuite.class).resolve("results.jsonl"));
    assertThat(rows).extracting(r -> r.get("status").asText()).containsOnly("completed");
    assertThat(rows).extracting(r -> r.get("score").asDouble())
        .containsExactlyInAnyOrder(0.0, 1 / 3.0, 2 / 3.0, 1.0);
    // Every report of an HTTP suite is there for an in-process one (issue 13, section 6).
    for (String report : List.of("report.json", "report.txt", "summary.md", "report.html",
        "metadata.json")) {
      assertThat(out(ScoredSuite.class).resolve(report)).as(report).isNotEmptyFile();
    }
    JsonNode report = JSON.readTree(out(ScoredSuite.class).resolve("report.json").toFile());
    assertThat(report.get("results")).hasSize(4);
    assertThat(Files.readString(out(ScoredSuite.class).resolve("report.txt")))
        .contains("in-process:run");
  }

  @Test
  void outputJsonlHoldsOneOpenHandsEvalOutputPerInstanceAndMetadataTheEvalMetadata()
      throws IOException {
    kit().selectors(selectClass(ScoredSuite.class)).execute();

    // OpenHands' EvalOutput: instance_id, instruction, test_result, metadata, history, metrics,
    // error, one JSON object per line of output.jsonl.
    List<JsonNode> lines = lines(out(ScoredSuite.class).resolve("output.jsonl"));
    assertThat(lines).hasSize(4);
    JsonNode two = lines.stream().filter(l -> l.get("instance_id").asText().equals("2"))
        .findFirst().orElseThrow();
    assertThat(two.fieldNames()).toIterable().contains("instance_id", "instruction",
        "test_result", "metadata", "history", "metrics", "error");
    assertThat(two.get("instruction").asText()).isEqualTo("score seed 2");
    assertThat(two.get("test_result").get("score").asDouble()).isEqualTo(2 / 3.0);
    assertThat(two.get("test_result").get("seed").asInt()).isEqualTo(2);
    assertThat(two.get("error").isNull()).isTrue();
    assertThat(two.get("history").get(0).get("content").asText()).isEqualTo("think(2)");
    assertThat(two.get("metadata").get("agent_class").asText()).isEqualTo("EchoAgent");
    assertThat(two.get("metadata").get("max_iterations").asInt()).isEqualTo(7);

    JsonNode metadata = JSON.readTree(out(ScoredSuite.class).resolve("metadata.json").toFile());
    assertThat(metadata.get("agent_class").asText()).isEqualTo("EchoAgent");
    assertThat(metadata.get("max_iterations").asInt()).isEqualTo(7);
    assertThat(metadata.get("eval_note").asText()).isEqualTo("first try");
    assertThat(metadata.get("mode").asText()).isEqualTo("in_process");
    assertThat(metadata.has("llm_config")).isTrue();
    assertThat(metadata.has("dataset")).isTrue();

    // The history is the seed's trace file.
    JsonNode trace = JSON.readTree(out(ScoredSuite.class).resolve("traces")
        .resolve("seed_2_trace.json").toFile());
    assertThat(trace.get("history").get(0).get("kind").asText()).isEqualTo("action");
  }

  @Test
  void anExceptionIsASeedErrorNamingTheSeedNeverAScoreAndIsNotRetried() throws IOException {
    EngineExecutionResults results = kit().selectors(selectClass(ThrowingSuite.class))
        .execute();

    results.testEvents().assertThatEvents().haveExactly(1, event(test(),
        finishedWithFailure(instanceOf(RolloutFailedException.class),
            message(m -> m.startsWith("seed 2: the rollout method run threw "
                + "java.lang.IllegalStateException: tool registry is empty at ")))));
    assertThat(CALLS.get(ThrowingSuite.class)).as("not retried: not in retryOn")
        .containsOnlyOnce(2L);
    JsonNode row = lines(out(ThrowingSuite.class).resolve("results.jsonl")).stream()
        .filter(r -> r.get("seed").asInt() == 2).findFirst().orElseThrow();
    assertThat(row.get("status").asText()).isEqualTo("errored");
    assertThat(row.get("score").isNull()).as("no score, never 0").isTrue();
    assertThat(row.get("error").get("type").asText()).isEqualTo("agent_exception");
    JsonNode line = lines(out(ThrowingSuite.class).resolve("output.jsonl")).stream()
        .filter(l -> l.get("instance_id").asText().equals("2")).findFirst().orElseThrow();
    assertThat(line.get("error").asText()).contains("tool registry is empty");
  }

  @Test
  void anEvalOutputWithAnErrorIsASeedError() {
    EngineExecutionResults results = kit().selectors(selectClass(AgentErrorSuite.class))
        .execute();

    results.testEvents().assertThatEvents().haveExactly(1, event(test(),
        finishedWithFailure(instanceOf(RolloutFailedException.class),
            message("seed 1: the agent reported an error: context window exceeded"))));
    results.testEvents().assertStatistics(s -> s.started(3).succeeded(2).failed(1));
  }

  @Test
  void aUniqueIdRerunsOneSeedAndCallsTheMethodOnceForIt() {
    UniqueId seed = UniqueId.forEngine("evalunit").append("suite", ScoredSuite.class.getName())
        .append("seed", "3");

    kit().selectors(selectUniqueId(seed)).execute()
        .testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(CALLS.get(ScoredSuite.class)).containsExactly(3L);
  }

  static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        rows.add(JSON.readTree(line));
      }
    }
    return rows;
  }

  static Set<Long> seeds(List<JsonNode> rows) {
    Set<Long> seeds = new java.util.TreeSet<>();
    rows.forEach(r -> seeds.add(r.get("seed").asLong()));
    return seeds;
  }
}
