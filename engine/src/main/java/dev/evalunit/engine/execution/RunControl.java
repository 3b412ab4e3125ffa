package dev.evalunit.engine.execution;

import dev.evalunit.engine.config.SuiteConfig.Reliability.Budget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one engine execution controls across its suites: the run budget
 * ({@code evalunit.run.budget.*}), whether the run was interrupted, and the resources to release
 * if it is. It registers a JVM shutdown hook for its own lifetime (never a static one), so that
 * Ctrl-C or SIGTERM during a run stops new rollouts from starting, cancels the HTTP calls in
 * flight, and closes every running suite, which stops its workers (each finished row is already
 * flushed to {@code results.jsonl}) and its task app process.
 *
 * <pre>{@code
 * try (RunControl run = RunControl.start(runBudget, () -> http.dispatcher().cancelAll())) {
 *   run.track(suiteRun);   // closed on interrupt, last tracked first
 *   ...
 *   run.untrack(suiteRun);
 * }
 * }</pre>
 */
public final class RunControl implements AutoCloseable {

  private final BudgetMeter budget;
  private final Runnable cancelCalls;
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final List<AutoCloseable> resources = Collections.synchronizedList(new ArrayList<>());
  private final Thread hook;

  private RunControl(BudgetMeter budget, Runnable cancelCalls, boolean withHook) {
    this.budget = budget;
    this.cancelCalls = cancelCalls;
    this.hook = withHook ? new Thread(this::interrupt, "evalunit-interrupt") : null;
  }

  /**
   * Starts the run's budget clock and registers the shutdown hook until {@link #close()}.
   *
   * @param cancelCalls cancels every HTTP call in flight
   */
  public static RunControl start(Budget runBudget, Runnable cancelCalls) {
    RunControl run = new RunControl(BudgetMeter.forRun(runBudget, System::nanoTime), cancelCalls,
        true);
    Runtime.getRuntime().addShutdownHook(run.hook);
    return run;
  }

  /** Without a shutdown hook: for tests that call {@link #interrupt()} themselves. */
  static RunControl withoutHook(Budget runBudget, Runnable cancelCalls) {
    return new RunControl(BudgetMeter.forRun(runBudget, System::nanoTime), cancelCalls, false);
  }

  /** The run budget every suite of this execution spends from. */
  public BudgetMeter budget() {
    return budget;
  }

  /** True once the run is being shut down. */
  public boolean interrupted() {
    return interrupted.get();
  }

  /** Closes {@code resource} if the run is interrupted before it is untracked. */
  public void track(AutoCloseable resource) {
    resources.add(resource);
  }

  public void untrack(AutoCloseable resource) {
    resources.remove(resource);
  }

  /** How many resources are tracked now; for tests that interrupt at a given moment. */
  int trackedCount() {
    return resources.size();
  }

  /**
   * What the shutdown hook does: no rollout starts any more, calls in flight are cancelled, and
   * tracked resources are closed, the last tracked first. Runs once.
   */
  public void interrupt() {
    if (!interrupted.compareAndSet(false, true)) {
      return;
    }
    System.err.println("[evalunit] interrupted: cancelling rollouts in flight, stopping task apps");
    cancelCalls.run();
    List<AutoCloseable> open;
    synchronized (resources) {
      open = new ArrayList<>(resources);
    }
    Collections.reverse(open);
    for (AutoCloseable resource : open) {
      try {
        resource.close();
      } catch (Exception e) {
        // Keep going: every other resource still has to be released.
        System.err.println("[evalunit] while stopping " + resource + ": " + e);
      }
    }
  }

  /** Removes the shutdown hook; the execution ended normally. */
  @Override
  public void close() {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }
}
