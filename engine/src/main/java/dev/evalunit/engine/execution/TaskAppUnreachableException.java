package dev.evalunit.engine.execution;

/**
 * The task app did not answer the probe before the suite's first rollout: the suite fails once
 * with this, and no rollout starts.
 */
public final class TaskAppUnreachableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  TaskAppUnreachableException(String url, String cause) {
    super("the task app at " + url + " did not answer before the first rollout: " + cause
        + ". No rollout was started. Start the task app or point evalunit.taskApp.url at it; "
        + TaskAppProbe.KEY + "=none skips this check, =health asks GET /health instead.");
  }
}
