package dev.evalunit.engine.descriptor;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.EvalExecutionContext;
import dev.evalunit.engine.execution.StopConditions;
import dev.evalunit.engine.execution.SuiteRun;
import dev.evalunit.engine.report.ResultsTable;
import dev.evalunit.engine.report.SeedReport;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SuiteSummary;
import dev.evalunit.engine.results.SuiteVerdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;
import org.opentest4j.AssertionFailedError;

/**
 * The suite-level thresholds as their own test: runs after the seeds, publishes the aggregates,
 * prints the results table and fails when a suite threshold is missed.
 */
public final class VerdictDescriptor extends AbstractTestDescriptor
    implements Node<EvalExecutionContext> {

  public static final String SEGMENT_TYPE = "verdict";
  public static final String SEGMENT_VALUE = "suite";

  private final Variant variant;

  public VerdictDescriptor(UniqueId parentId, Variant variant) {
    super(parentId.append(SEGMENT_TYPE, SEGMENT_VALUE),
        "suite verdict" + (variant.name() == null ? "" : " (" + variant.name() + ")"));
    this.variant = variant;
  }

  @Override
  public Type getType() {
    return Type.TEST;
  }

  @Override
  public String getLegacyReportingName() {
    return "verdict" + (variant.name() == null ? "" : " (" + variant.name() + ")");
  }

  @Override
  public Set<TestTag> getTags() {
    return getParent().map(p -> p.getTags()).orElse(Set.of());
  }

  @Override
  public EvalExecutionContext execute(EvalExecutionContext context,
      DynamicTestExecutor dynamicTestExecutor) {
    SuiteRun run = context.suiteRun();
    SuiteConfig config = run.config();
    List<SeedResult> results = run.results(variant);
    SuiteSummary summary = SuiteSummary.of(results, config.seedThresholds());
    Map<String, String> entries = new LinkedHashMap<>(SeedReport.entries(summary));
    SuiteVerdict verdict = SuiteVerdict.of(summary, config.suiteThresholds());
    // A suite stopped early (budget, deadline, error limit, fail-fast) says so, and fails unless
    // a partial run is allowed; thresholds were judged on the completed seeds only.
    Optional<StopConditions.Stop> stop = run.stop().filter(s -> summary.aborted() > 0);
    if (stop.isPresent()) {
      entries.put("stopped", stop.get().reason());
      verdict = stop.get().judge(verdict, summary);
    }
    context.listener().reportingEntryPublished(this, ReportEntry.from(entries));
    String label = config.suiteName() + (variant.name() == null ? "" : " [" + variant.name() + "]");
    System.out.println("[evalunit] results of " + label + "\n" + ResultsTable.render(results));
    System.out.println(SeedReport.line("verdict " + verdict.outcome().name().toLowerCase(),
        entries));
    stop.ifPresent(s -> System.out.println("[evalunit] " + label + " " + s.note(summary)));
    switch (verdict.outcome()) {
      case NO_DATA -> throw new RolloutFailedException(label + ": "
          + String.join("; ", verdict.reasons()));
      case FAILED -> throw new AssertionFailedError(label + ": "
          + String.join("; ", verdict.reasons()));
      case PASSED -> { }
    }
    return context;
  }
}
