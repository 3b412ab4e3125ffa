package dev.evalunit.engine.execution;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether the suite's task app process is still there. A rollout asks before it starts and after
 * a transport error, so that the seeds of a task app that died fail with its exit code and log
 * rather than with a bare "connection refused", and are not retried against a dead process.
 */
@FunctionalInterface
interface TaskAppLiveness {

  /** For a task app the engine did not start: never known to be gone. */
  TaskAppLiveness UNMANAGED = grace -> Optional.empty();

  /**
   * Why the task app is gone (its exit code and the last lines of its log), waiting up to
   * {@code grace} for a process whose connections just broke to finish exiting; empty while it
   * runs.
   */
  Optional<String> exitNotice(Duration grace) throws InterruptedException;
}
