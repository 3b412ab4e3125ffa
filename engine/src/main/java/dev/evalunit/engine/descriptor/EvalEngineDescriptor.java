package dev.evalunit.engine.descriptor;

import dev.evalunit.engine.execution.EvalExecutionContext;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/** The root of the tree; closes the execution's shared services when everything has run. */
public final class EvalEngineDescriptor extends EngineDescriptor
    implements Node<EvalExecutionContext> {

  public EvalEngineDescriptor(UniqueId uniqueId) {
    super(uniqueId, "evalunit");
  }

  @Override
  public void after(EvalExecutionContext context) {
    context.services().close();
  }
}
