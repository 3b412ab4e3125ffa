package dev.evalunit.engine.execution;

/**
 * A suite whose seeds come from the task app ({@code seeds = "task_info"}) could not learn them
 * as it started: {@code GET /task_info} failed or named no usable seeds. The suite fails once with
 * this, naming the URL and the cause, and no rollout starts.
 */
public final class SeedsNotLearnedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  SeedsNotLearnedException(String suiteName, String seeds, String cause) {
    super(suiteName + ": cannot learn the seeds (seeds = \"" + seeds + "\") from the task app: "
        + cause + ". No rollout was started. Start the task app, fix its /task_info, or list "
        + "the seeds instead (seeds = \"0..19\").");
  }
}
