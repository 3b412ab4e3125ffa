package dev.evalunit.engine.descriptor;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.EvalExecutionContext;
import dev.evalunit.engine.execution.SuiteRun;
import dev.evalunit.engine.report.ResultsTable;
import dev.evalunit.engine.report.SeedReport;
import dev.evalunit.engine.results.Estimate;
import dev.evalunit.engine.results.SuiteOutcome;
import dev.evalunit.engine.results.SuiteVerdict;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The suite-level thresholds as their own test: runs after the seeds, publishes the aggregates,
 * prints the results table and fails when a suite threshold is missed (aborted when the
 * outcome is inconclusive or the whole suite cannot be judged).
 */
public final class VerdictDescriptor extends VariantTest {

  public static final String SEGMENT_TYPE = "verdict";
  public static final String SEGMENT_VALUE = "suite";

  public VerdictDescriptor(UniqueId parentId, Variant variant) {
    super(parentId.append(SEGMENT_TYPE, SEGMENT_VALUE), "suite verdict", "verdict", variant);
  }

  @Override
  public EvalExecutionContext execute(EvalExecutionContext context,
      DynamicTestExecutor dynamicTestExecutor) {
    SuiteRun run = context.suiteRun();
    SuiteConfig config = run.config();
    // The one outcome of this variant: the reports written when the suite ends state it too.
    SuiteOutcome outcome = run.outcome(variant());
    SuiteVerdict verdict = outcome.verdict();
    Map<String, String> entries = SeedReport.entries(outcome);
    context.listener().reportingEntryPublished(this, ReportEntry.from(entries));
    String label = label(config.suiteName());
    System.out.println("[evalunit] results of " + label + "\n"
        + ResultsTable.render(outcome.results()));
    System.out.println(SeedReport.line("verdict " + verdict.outcome().label(), entries));
    outcome.stopNote().ifPresent(note -> System.out.println("[evalunit] " + label + " " + note));
    if (outcome.reuse().note() != null) {
      System.out.println("[evalunit] " + label + ": " + outcome.reuse().note());
    }
    // Every verdict message states the intervals, so a reader sees how far the numbers can move.
    String message = label + ": " + String.join("; ", verdict.reasons())
        + (verdict.estimates().isEmpty() ? "" : " [" + verdict.estimates().stream()
            .map(Estimate::text).collect(Collectors.joining("; ")) + "]");
    switch (verdict.outcome()) {
      case NO_DATA -> throw new RolloutFailedException(message);
      case FAILED -> throw new AssertionFailedError(message);
      case ABORTED -> throw new TestAbortedException(message);
      case INCONCLUSIVE -> {
        if (config.suiteThresholds().inconclusiveFails()) {
          throw new AssertionFailedError(message);
        }
        throw new TestAbortedException(message);
      }
      case PASSED -> { }
    }
    return context;
  }
}
