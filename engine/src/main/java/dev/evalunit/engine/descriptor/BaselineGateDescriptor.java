package dev.evalunit.engine.descriptor;

import dev.evalunit.engine.baseline.GateOutcome;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.EvalExecutionContext;
import org.junit.platform.engine.UniqueId;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The baseline regression gate as its own test, beside the suite verdict: runs after the seeds
 * and judges the whole suite (reusing recorded results when only some seeds were selected, as
 * the verdict does) against the baseline file, paired by seed. Passes, fails with the interval
 * of the mean change, δ and the dropped seeds, or is aborted when inconclusive (failed with
 * {@code baseline.inconclusiveFails}), when the baseline file is missing (naming the path it
 * looked for) or when the suite cannot be judged as a whole.
 *
 * <pre>{@code
 * [engine:evalunit]/[suite:com.acme.Banking77Eval]/[baseline:gate]
 * [engine:evalunit]/[suite:com.acme.Banking77Eval]/[variant:gpt-4o]/[baseline:gate]
 * }</pre>
 */
public final class BaselineGateDescriptor extends VariantTest {

  public static final String SEGMENT_TYPE = "baseline";
  public static final String SEGMENT_VALUE = "gate";

  public BaselineGateDescriptor(UniqueId parentId, Variant variant) {
    super(parentId.append(SEGMENT_TYPE, SEGMENT_VALUE), "baseline gate", "baseline gate",
        variant);
  }

  @Override
  public EvalExecutionContext execute(EvalExecutionContext context,
      DynamicTestExecutor dynamicTestExecutor) {
    SuiteConfig config = context.suiteRun().config();
    GateOutcome gate = context.suiteRun().gate(variant());
    String label = label(config.suiteName());
    String message = label + " baseline gate " + gate.status().label() + " against "
        + gate.file() + ": " + gate.text();
    System.out.println("[evalunit] " + message);
    switch (gate.status()) {
      case PASSED -> { }
      case FAILED -> throw new AssertionFailedError(message);
      case INCONCLUSIVE -> {
        if (config.baseline().inconclusiveFails()) {
          throw new AssertionFailedError(message);
        }
        throw new TestAbortedException(message);
      }
      case NO_BASELINE, NOT_JUDGED -> throw new TestAbortedException(message);
    }
    return context;
  }
}
