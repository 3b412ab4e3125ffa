package dev.evalunit.engine.descriptor;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.execution.EvalExecutionContext;
import java.util.Optional;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * The root of the tree; closes the execution's shared services when everything has run. Holds the
 * execution's {@link OutputTurn}, which its seeds and its {@link TreeExecutor} share.
 */
public final class EvalEngineDescriptor extends EngineDescriptor
    implements Node<EvalExecutionContext> {

  /** Most seeds waiting or running at once, whatever the suites' concurrency. */
  static final int MAX_WINDOW = 512;

  private final OutputTurn turn = new OutputTurn();

  public EvalEngineDescriptor(UniqueId uniqueId) {
    super(uniqueId, "evalunit");
  }

  OutputTurn turn() {
    return turn;
  }

  /**
   * Runs this tree. Seeds whose rollouts have begun but not ended can be more than a suite's
   * concurrency while some wait to retry: room for twice as many, plus one for the next seed.
   */
  public TreeExecutor executor() {
    int concurrency = getChildren().stream()
        .flatMap(child -> child instanceof SuiteDescriptor suite ? suite.config().stream()
            : Optional.<SuiteConfig>empty().stream())
        .mapToInt(SuiteConfig::concurrency).max().orElse(1);
    return new TreeExecutor((int) Math.min(MAX_WINDOW, 2L * concurrency + 1), turn);
  }

  @Override
  public ExecutionMode getExecutionMode() {
    return ExecutionMode.SAME_THREAD;
  }

  @Override
  public void after(EvalExecutionContext context) {
    context.services().close();
  }
}
