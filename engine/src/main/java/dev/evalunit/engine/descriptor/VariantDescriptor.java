package dev.evalunit.engine.descriptor;

import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.EvalExecutionContext;
import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/** One column of a matrix suite: the seeds and verdict under one policy variant. */
public final class VariantDescriptor extends AbstractTestDescriptor
    implements Node<EvalExecutionContext> {

  public static final String SEGMENT_TYPE = "variant";

  private final Variant variant;
  private final LearnedSeeds learnedSeeds = new LearnedSeeds();

  public VariantDescriptor(UniqueId parentId, Variant variant) {
    super(parentId.append(SEGMENT_TYPE, variant.key()), variant.key());
    this.variant = variant;
  }

  public Variant variant() {
    return variant;
  }

  @Override
  public Type getType() {
    return Type.CONTAINER;
  }

  /** Marks the variant as selected whole: it learns its seeds from the task app when run. */
  public void learnSeedsWhenRun() {
    learnedSeeds.learn();
  }

  boolean learnsSeeds() {
    return learnedSeeds.learns();
  }

  /** The suite learns seeds at run time and may register them under this variant. */
  @Override
  public boolean mayRegisterTests() {
    return learnsSeeds();
  }

  /** Registers the seeds the suite learned from the task app under this variant. */
  @Override
  public EvalExecutionContext execute(EvalExecutionContext context,
      DynamicTestExecutor dynamicTestExecutor) {
    SuiteDescriptor suite = (SuiteDescriptor) getParent().orElseThrow();
    learnedSeeds.register(this, variant, context.suiteRun(),
        suite.config().orElseThrow().output().seedLines(), dynamicTestExecutor);
    return context;
  }

  /** Variants run one after another, in the launcher's thread (their rollouts still overlap). */
  @Override
  public ExecutionMode getExecutionMode() {
    return ExecutionMode.SAME_THREAD;
  }

  @Override
  public Set<TestTag> getTags() {
    return getParent().map(p -> p.getTags()).orElse(Set.of());
  }
}
