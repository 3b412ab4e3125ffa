package dev.evalunit.engine.execution;

import java.util.Optional;
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

  /** The running suite, or empty outside a suite or when the suite failed to start. */
  public Optional<SuiteRun> startedSuiteRun() {
    return Optional.ofNullable(suiteRun);
  }

  /** The running suite; only inside a suite. */
  public SuiteRun suiteRun() {
    if (suiteRun == null) {
      throw new IllegalStateException("no suite is running");
    }
    return suiteRun;
  }
}
