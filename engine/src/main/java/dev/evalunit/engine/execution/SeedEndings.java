package dev.evalunit.engine.execution;

import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The results of seeds that ended without a rollout result of their own: something was thrown
 * while running them, the run was interrupted, or the suite ended before they ran. {@link SuiteRun}
 * turns every such ending into one of these in one place, so a seed is reported the same way
 * however its end was noticed.
 */
final class SeedEndings {

  /** The error type of a seed ended by something the engine threw (any {@link Throwable}). */
  static final String INTERNAL = "internal";
  /** The error type of a seed the suite ended before it ran. */
  static final String NOT_RUN = "not_run";

  private SeedEndings() {}

  /** A seed whose rollout threw {@code failure}: errored, counted, with a row. */
  static SeedResult thrown(RolloutKey key, Throwable failure) {
    Throwable cause = unwrap(failure);
    return SeedResult.errored(key.variant().name(), key.seed().seed(), key.seed().instanceId(),
        new ErrorInfo(INTERNAL, label(key) + ": internal error in the engine: " + cause))
        .withAttempts(0).withEpoch(key.epoch());
  }

  /** A seed cut short because the run is being shut down: no row, so a resumed run redoes it. */
  static SeedResult interrupted(RolloutKey key) {
    return SeedResult.aborted(key.variant().name(), key.seed().seed(), key.seed().instanceId(),
        new ErrorInfo(RolloutTask.INTERRUPTED, label(key) + ": run interrupted"))
        .withEpoch(key.epoch());
  }

  /** A seed the suite ended before it ran: no row, so a resumed run does it. */
  static SeedResult notRun(RolloutKey key, String reason) {
    return SeedResult.notRun(key.variant().name(), key.seed().seed(), key.seed().instanceId(),
        label(key) + ": " + reason).withEpoch(key.epoch());
  }

  /** True for the endings that leave no row: the seed did not finish and may be run again. */
  static boolean unfinished(SeedResult result) {
    return result.error() != null && (result.error().type().equals(RolloutTask.INTERRUPTED)
        || result.error().type().equals(NOT_RUN));
  }

  /** {@code seed 7}, {@code seed 7 epoch 2}, {@code seed 7 (variant gpt-4o)}. */
  static String label(RolloutKey key) {
    return key.seed().displayName() + (key.epoch() == 0 ? "" : " epoch " + key.epoch())
        + (key.variant().name() == null ? "" : " (variant " + key.variant().name() + ")");
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
