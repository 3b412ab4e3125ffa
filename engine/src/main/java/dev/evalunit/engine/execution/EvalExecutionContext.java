package dev.evalunit.engine.execution;

import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/**
 * Flows down the test tree during execution: the listener, the shared services, and once a suite
 * has started, that suite's {@link SuiteRun}.
 */
public final class EvalExecutionContext implements EngineExecutionContext {

  private final EngineExecutionListener listener;
  private final EngineServices services;
  private final EngineOptions options;
  private final SuiteRun suiteRun;

  public EvalExecutionContext(EngineExecutionListener listener, EngineServices services,
      EngineOptions options) {
    this(listener, services, options, null);
  }

  private EvalExecutionContext(EngineExecutionListener listener, EngineServices services,
      EngineOptions options, SuiteRun suiteRun) {
    this.listener = listener;
    this.services = services;
    this.options = options;
    this.suiteRun = suiteRun;
  }

  public EvalExecutionContext withSuiteRun(SuiteRun run) {
    return new EvalExecutionContext(listener, services, options, run);
  }

  public EngineOptions options() {
    return options;
  }

  public EngineExecutionListener listener() {
    return listener;
  }

  public EngineServices services() {
    return services;
  }

  /** True once a suite has started its run (false when its start failed). */
  public boolean hasSuiteRun() {
    return suiteRun != null;
  }

  /** The running suite; only inside a suite. */
  public SuiteRun suiteRun() {
    if (suiteRun == null) {
      throw new IllegalStateException("no suite is running");
    }
    return suiteRun;
  }
}
