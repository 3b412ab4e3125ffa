package dev.evalunit.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.evalunit.EvalSuite;
import dev.evalunit.Rollout;
import dev.evalunit.agent.AgentContext;
import dev.evalunit.agent.EvalOutput;
import dev.evalunit.agent.TestResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** A wrongly declared rollout method fails its suite with a message naming what to change. */
class RolloutDeclarationTest {

  @EvalSuite(taskApp = "http://127.0.0.1:9", seeds = "0")
  static class BothSuite {
    @Rollout
    EvalOutput run(long seed, AgentContext ctx) {
      return EvalOutput.of("x", TestResult.of(1.0));
    }
  }

  @EvalSuite(seeds = "0")
  static class WrongShapeSuite {
    @Rollout
    String run(long seed) {
      return "x";
    }
  }

  @EvalSuite(seeds = "0")
  static class CloseFailsSuite implements AutoCloseable {
    @Rollout
    EvalOutput run(long seed, AgentContext ctx) {
      return EvalOutput.of("x", TestResult.of(1.0));
    }

    @Override
    public void close() {
      throw new IllegalStateException("pool already closed");
    }
  }

  @TempDir Path dir;

  private EngineTestKit.Builder kit() {
    return InProcessRolloutTest.kit(dir);
  }

  @Test
  void aSuiteWithBothATaskAppAndARolloutMethodFailsNamingBoth() {
    kit().selectors(selectClass(BothSuite.class)).execute().containerEvents()
        .assertThatEvents().haveExactly(1, event(container(), finishedWithFailure(message(m ->
            m.contains("declares both a @Rollout method (run) and a task app (@EvalSuite on "
                + BothSuite.class.getName() + " taskApp)")))));
  }

  @Test
  void aRolloutMethodOfTheWrongShapeFailsNamingTheExpectedOne() {
    kit().selectors(selectClass(WrongShapeSuite.class)).execute().containerEvents()
        .assertThatEvents().haveExactly(1, event(container(), finishedWithFailure(message(m ->
            m.contains("@Rollout method " + WrongShapeSuite.class.getName() + ".run returns "
                + "String; expected EvalOutput run(Instance | long | <row type>, "
                + "AgentContext)")))));
  }

  @Test
  void anExceptionClosingTheSuiteInstanceFailsTheSuiteAfterItsSeedsPassed() {
    var results = kit().selectors(selectClass(CloseFailsSuite.class)).execute();

    results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    results.containerEvents().assertThatEvents().haveExactly(1, event(container(),
        finishedWithFailure(message(m -> m.contains("closing the suite instance of "
            + CloseFailsSuite.class.getName() + " failed")
            && m.contains("pool already closed")))));
    assertThat(dir.resolve("target").resolve("evalunit").resolve(CloseFailsSuite.class.getName())
        .resolve("report.html")).as("reports written before the close").exists();
  }
}
