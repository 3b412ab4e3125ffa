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

  @Override
  public Set<TestTag> getTags() {
    return getParent().map(p -> p.getTags()).orElse(Set.of());
  }
}
