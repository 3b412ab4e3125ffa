package dev.evalunit.engine.results;

import java.time.Instant;

/**
 * How one seed's rollout ended, with its numbers. Immutable; one per seed and variant.
 *
 * @param variant the variant's name, or null without a matrix
 * @param seed the seed sent to the task app
 * @param instanceId the dataset instance id, or null
 * @param runId the run id sent with the rollout, or null if none was sent
 * @param status whether the rollout completed, errored or was not run
 * @param metrics the reported numbers ({@link RolloutMetrics#NONE} unless completed)
 * @param latencyMs wall time of the rollout call including retries, or null if not run
 * @param attempts how many HTTP attempts were made
 * @param error the error or abort reason, or null when completed
 * @param tracePath the trace file relative to the suite's output folder, or null
 * @param startedAt when the rollout started, or null if not run
 * @param endedAt when it ended, or null if not run
 * @param reused true when the result was read back from an earlier run
 */
public record SeedResult(
    String variant, long seed, String instanceId, String runId, Status status,
    RolloutMetrics metrics, Double latencyMs, int attempts, ErrorInfo error, String tracePath,
    Instant startedAt, Instant endedAt, boolean reused) {

  /** The ways a rollout can end. */
  public enum Status {
    /** The task app returned a well-formed result. */
    COMPLETED,
    /** Transport, HTTP or protocol error, or the task app aborted the rollout. */
    ERRORED,
    /** Not run: budget, deadline, fail-fast or interruption. */
    ABORTED
  }

  /**
   * What went wrong.
   *
   * @param type a short kind, e.g. {@code http_500}, {@code transport}, {@code protocol},
   *     {@code aborted_by_task_app}, {@code not_run}
   * @param message a message that names the seed, status and body excerpt (no secrets)
   */
  public record ErrorInfo(String type, String message) {}

  public boolean completed() {
    return status == Status.COMPLETED;
  }

  /** The key of this seed in the test tree: the instance id, else the seed number. */
  public String seedKey() {
    return instanceId != null ? instanceId : Long.toString(seed);
  }
}
