package dev.evalunit.engine.execution;

import dev.evalunit.engine.config.SuiteConfig.AttemptTimeout;
import java.time.Duration;
import java.util.Optional;

/**
 * Hang detection ({@code timeout.attempt}): how long one attempt may run before it is cut and
 * retried as a transport error. Adaptive (the default): {@value #MULTIPLE} times the 99th
 * percentile of the suite's recent calls ({@link AttemptFloor}), at least {@link #MINIMUM},
 * and no cut until {@value #MIN_CALLS} calls have been timed. An attempt is cut only when a
 * retry is still allowed and would still fit before the rollout's deadline (the pause and the
 * {@link AttemptFloor} after the cut); otherwise it gets all the time left, since a cut that
 * leaves no room for a retry would only throw away a late answer. The task app may have done,
 * and billed, the work of a cut attempt; {@code timeout.attempt = off} never cuts.
 *
 * <pre>{@code
 * AttemptCutoff.Limit limit = cutoff.limit(timeLeft, attempt, retry);
 * client.rollout(body, limit.duration());
 * }</pre>
 */
final class AttemptCutoff {

  /** The adaptive cut, in multiples of the recent 99th percentile. */
  static final int MULTIPLE = 10;
  /** The least adaptive cut. */
  static final Duration MINIMUM = Duration.ofSeconds(1);
  /** Calls timed before the adaptive cut applies. */
  static final int MIN_CALLS = 8;

  /**
   * How long one attempt may run.
   *
   * @param duration the time this attempt is given
   * @param rule why it is shorter than the time left (for the error message), or null when the
   *     attempt is not cut short: then it runs to the rollout's deadline
   */
  record Limit(Duration duration, String rule) {
    boolean cut() {
      return rule != null;
    }
  }

  private final AttemptTimeout setting;
  private final AttemptFloor calls;

  AttemptCutoff(AttemptTimeout setting, AttemptFloor calls) {
    this.setting = setting;
    this.calls = calls;
  }

  /**
   * The limit of attempt number {@code attempt} (1 for the first) with {@code left} before the
   * rollout's deadline.
   */
  Limit limit(Duration left, int attempt, RetryPolicy retry) {
    Optional<Limit> cut = cutAfter();
    if (cut.isEmpty() || attempt > retry.maxRetries()) {
      return new Limit(left, null);
    }
    Duration after = cut.get().duration();
    Duration roomForRetry = after.plus(retry.backoffCeiling(attempt)).plus(calls.floor());
    return roomForRetry.compareTo(left) <= 0 ? cut.get() : new Limit(left, null);
  }

  private Optional<Limit> cutAfter() {
    if (!setting.enabled()) {
      return Optional.empty();
    }
    if (!setting.adaptive()) {
      return Optional.of(new Limit(setting.cutAfter(),
          "timeout.attempt = " + DurationText.format(setting.cutAfter())));
    }
    return calls.p99(MIN_CALLS).map(p99 -> {
      Duration cut = p99.multipliedBy(MULTIPLE);
      return new Limit(cut.compareTo(MINIMUM) < 0 ? MINIMUM : cut,
          "timeout.attempt = adaptive: " + MULTIPLE + " x the recent 99th percentile "
              + DurationText.format(p99) + ", at least " + DurationText.format(MINIMUM));
    });
  }
}
