package dev.evalunit.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.evalunit.EvalSuite;
import dev.evalunit.Rollout;
import dev.evalunit.Threshold;
import dev.evalunit.agent.AgentContext;
import dev.evalunit.agent.EvalOutput;
import dev.evalunit.agent.Instance;
import dev.evalunit.agent.TestResult;
import dev.evalunit.engine.TestEngines;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The cache sits above the transport: a Java-method rollout is recorded and replayed too. */
class InProcessReplayTest {

  /** How often the suite's method ran (the tests of this class run one at a time). */
  static final AtomicInteger CALLS = new AtomicInteger();

  /** Seed n scores n / 2: seed 0 misses the threshold of 0.5. */
  @EvalSuite(seeds = "0..2")
  @Threshold(score = 0.5)
  static class MethodSuite {
    @Rollout
    EvalOutput run(Instance instance, AgentContext ctx) {
      CALLS.incrementAndGet();
      return EvalOutput.of("seed " + instance.seed(), TestResult.of(instance.seed() / 2.0));
    }
  }

  @TempDir Path dir;

  private EngineExecutionResults run(String mode, String agentVersion) {
    return EngineTestKit.engine(TestEngines.hermetic(Map.of(), dir))
        .configurationParameter("evalunit.progress.interval", "0")
        .configurationParameter("evalunit.cache.mode", mode)
        .configurationParameter("evalunit.cache.agentVersion", agentVersion)
        .selectors(selectClass(MethodSuite.class)).execute();
  }

  private static List<Map<String, String>> entries(EngineExecutionResults results) {
    return results.allEvents().reportingEntryPublished().stream()
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).toList();
  }

  @Test
  void aRecordedMethodRolloutIsReplayedWithoutCallingTheMethod() {
    CALLS.set(0);
    EngineExecutionResults recorded = run("write", "m-1");
    recorded.testEvents().assertStatistics(s -> s.succeeded(3).failed(1));
    assertThat(CALLS.get()).isEqualTo(3);

    CALLS.set(0);
    EngineExecutionResults replayed = run("strict", "m-1");

    replayed.testEvents().assertStatistics(s -> s.succeeded(3).failed(1));
    assertThat(CALLS.get()).isZero();
    List<Map<String, String>> seeds = entries(replayed);
    assertThat(seeds.subList(0, 3)).allSatisfy(e -> assertThat(e).containsEntry("cached", "true"));
    List<Map<String, String>> before = entries(recorded);
    assertThat(seeds.get(seeds.size() - 1)).containsEntry("seeds_cached", "3")
        .containsEntry("mean_score", before.get(before.size() - 1).get("mean_score"));

    CALLS.set(0);
    run("strict", "m-2").testEvents().assertStatistics(s -> s.failed(4));
    assertThat(CALLS.get()).isZero(); // a new agent version misses, and strict calls nothing
  }
}
