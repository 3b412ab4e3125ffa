package dev.evalunit.engine.results;

import java.time.Instant;
import java.util.Objects;

/**
 * How one rollout of a seed ended, with its numbers. Immutable; one per seed, variant and epoch.
 *
 * <p>Build one with a named factory ({@link #completed}, {@link #errored}, {@link #aborted},
 * {@link #notRun}, {@link #of}) and the withers, never by position: components will be added.
 * A seed run {@code epochs = N} times has N results, one per epoch ({@link #epoch}, 0 to N-1;
 * the factories give epoch 0, {@link #withEpoch} sets it).
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
 * @param epoch which repeat of the seed this is, from 0 (0 without epochs); one result per epoch
 * @param cached true when the rollout was replayed from the cache ({@code cache.mode}), not
 *     sent: its latency is the recording's and its cost was saved, not spent
 * @param replica the base URL of the task-app replica its last attempt went to, when the suite
 *     runs a replica pool; else null
 */
public record SeedResult(
    String variant, long seed, String instanceId, String runId, Status status,
    RolloutMetrics metrics, Double latencyMs, int attempts, ErrorInfo error, String tracePath,
    Instant startedAt, Instant endedAt, boolean reused, int epoch, boolean cached,
    String replica) {

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

  /**
   * A rollout the task app answered with a well-formed result: one attempt, no run id, timing or
   * trace until set with the withers.
   *
   * <pre>{@code
   * SeedResult r = SeedResult.completed("gpt-4o", 7, null, metrics)
   *     .withRunId("eval-seed-7-0000abcd").withLatencyMs(412.5).withTimes(start, end);
   * }</pre>
   */
  public static SeedResult completed(String variant, long seed, String instanceId,
      RolloutMetrics metrics) {
    return new SeedResult(variant, seed, instanceId, null, Status.COMPLETED,
        Objects.requireNonNull(metrics, "metrics"), null, 1, null, null, null, null, false, 0,
        false, null);
  }

  /** A rollout that ended in an error after one attempt; no metrics until {@link #withMetrics}. */
  public static SeedResult errored(String variant, long seed, String instanceId,
      ErrorInfo error) {
    return new SeedResult(variant, seed, instanceId, null, Status.ERRORED, RolloutMetrics.NONE,
        null, 1, Objects.requireNonNull(error, "error"), null, null, null, false, 0, false, null);
  }

  /** A rollout stopped by a budget, deadline, fail-fast or interrupt; no attempts made yet. */
  public static SeedResult aborted(String variant, long seed, String instanceId,
      ErrorInfo error) {
    return new SeedResult(variant, seed, instanceId, null, Status.ABORTED, RolloutMetrics.NONE,
        null, 0, Objects.requireNonNull(error, "error"), null, null, null, false, 0, false, null);
  }

  /** A seed that never ran, with the reason (error type {@code not_run}). */
  public static SeedResult notRun(String variant, long seed, String instanceId, String reason) {
    return aborted(variant, seed, instanceId, new ErrorInfo("not_run", reason));
  }

  /**
   * A result with the given status, as read back from a file: {@code error} may be null only
   * when completed.
   */
  public static SeedResult of(Status status, String variant, long seed, String instanceId,
      RolloutMetrics metrics, ErrorInfo error) {
    return new SeedResult(variant, seed, instanceId, null, Objects.requireNonNull(status),
        Objects.requireNonNull(metrics, "metrics"), null, status == Status.ABORTED ? 0 : 1, error,
        null, null, null, false, 0, false, null);
  }

  public SeedResult withRunId(String runId) {
    return new SeedResult(variant, seed, instanceId, runId, status, metrics, latencyMs, attempts,
        error, tracePath, startedAt, endedAt, reused, epoch, cached, replica);
  }

  public SeedResult withMetrics(RolloutMetrics metrics) {
    return new SeedResult(variant, seed, instanceId, runId, status,
        Objects.requireNonNull(metrics, "metrics"), latencyMs, attempts, error, tracePath,
        startedAt, endedAt, reused, epoch, cached, replica);
  }

  public SeedResult withLatencyMs(Double latencyMs) {
    return new SeedResult(variant, seed, instanceId, runId, status, metrics, latencyMs, attempts,
        error, tracePath, startedAt, endedAt, reused, epoch, cached, replica);
  }

  public SeedResult withAttempts(int attempts) {
    return new SeedResult(variant, seed, instanceId, runId, status, metrics, latencyMs, attempts,
        error, tracePath, startedAt, endedAt, reused, epoch, cached, replica);
  }

  public SeedResult withTracePath(String tracePath) {
    return new SeedResult(variant, seed, instanceId, runId, status, metrics, latencyMs, attempts,
        error, tracePath, startedAt, endedAt, reused, epoch, cached, replica);
  }

  public SeedResult withTimes(Instant startedAt, Instant endedAt) {
    return new SeedResult(variant, seed, instanceId, runId, status, metrics, latencyMs, attempts,
        error, tracePath, startedAt, endedAt, reused, epoch, cached, replica);
  }

  /** The same result, errored for {@code error}; its metrics, timing and trace are kept. */
  public SeedResult asErrored(ErrorInfo error) {
    return new SeedResult(variant, seed, instanceId, runId, Status.ERRORED, metrics, latencyMs,
        attempts, Objects.requireNonNull(error, "error"), tracePath, startedAt, endedAt, reused,
        epoch, cached, replica);
  }

  public SeedResult withReused(boolean reused) {
    return new SeedResult(variant, seed, instanceId, runId, status, metrics, latencyMs, attempts,
        error, tracePath, startedAt, endedAt, reused, epoch, cached, replica);
  }

  public SeedResult withCached(boolean cached) {
    return new SeedResult(variant, seed, instanceId, runId, status, metrics, latencyMs, attempts,
        error, tracePath, startedAt, endedAt, reused, epoch, cached, replica);
  }

  /** The same result marked as replayed from the cache instead of sent. */
  public SeedResult asCached() {
    return withCached(true);
  }

  /** The same result as epoch {@code epoch} of its seed (0 to N-1 with {@code epochs = N}). */
  public SeedResult withEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    return new SeedResult(variant, seed, instanceId, runId, status, metrics, latencyMs, attempts,
        error, tracePath, startedAt, endedAt, reused, epoch, cached, replica);
  }

  /** The same result, its last attempt sent to the replica at {@code replica} (a pool's URL). */
  public SeedResult withReplica(String replica) {
    return new SeedResult(variant, seed, instanceId, runId, status, metrics, latencyMs, attempts,
        error, tracePath, startedAt, endedAt, reused, epoch, cached, replica);
  }

  /** The same result marked as read back from an earlier run. */
  public SeedResult asReused() {
    return withReused(true);
  }

  public boolean completed() {
    return status == Status.COMPLETED;
  }

  /** The key of this seed in the test tree: the instance id, else the seed number. */
  public String seedKey() {
    return instanceId != null ? instanceId : Long.toString(seed);
  }
}
