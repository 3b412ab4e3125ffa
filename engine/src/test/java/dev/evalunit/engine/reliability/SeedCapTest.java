package dev.evalunit.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.evalunit.engine.TestEngines;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A suite selecting more seeds than the engine can hold fails alone, at once, with a message
 * naming the setting, the cap and a valid range; the suite beside it still runs (issue 10:
 * {@code seeds = 0..9999999} was allowed by a 10M cap, and the fork died of OOM while building
 * the test plan, two minutes later, without running the good suite).
 */
class SeedCapTest {

  @TempDir Path outputDir;

  @Test
  void tenMillionSeedsFailThatSuiteWhileTheOtherRuns() {
    EngineExecutionResults results = EngineTestKit.engine(
            TestEngines.hermetic(Map.of(), outputDir))
        .configurationParameter("evalunit.suite.BudgetSuite.seeds", "0..9999999")
        .configurationParameter("evalunit.suite.FaultSuite.seeds", "0..2")
        .configurationParameter("evalunit.suite.FaultSuite.retry.maxRetries", "0")
        // Its seeds are meant to reach the dead URL and error one by one.
        .configurationParameter("evalunit.taskApp.probe", "none")
        .selectors(selectClass(BudgetSuite.class), selectClass(FaultSuite.class))
        .execute();

    Event budgetSuite = results.containerEvents().finished().list().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals("BudgetSuite")).findFirst()
        .orElseThrow();
    TestExecutionResult failed = budgetSuite.getRequiredPayload(TestExecutionResult.class);
    assertThat(failed.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(failed.getThrowable().orElseThrow().getMessage())
        .contains("seeds")
        .contains("expected at most 1000000 seeds per suite, what the engine can hold "
            + "(\"0..9999999\" alone selects 10000000)")
        .contains("such as \"0..999999\"");
    assertThat(results.testEvents().finished().list().stream()
        .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains("FaultSuite"))
        .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("seed ")))
        .as("the other suite's seeds ran").hasSize(3);
  }
}
