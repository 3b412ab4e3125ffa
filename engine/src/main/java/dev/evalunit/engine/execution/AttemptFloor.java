package dev.evalunit.engine.execution;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The least time left before a seed's {@code timeout.rollout} for which another attempt is still
 * sent: the 90th percentile of how long this suite's recent calls took (the last
 * {@value #WINDOW} that ended on their own, answered or failed, not those cut by the deadline),
 * and at least {@link #MINIMUM}. A retry with less time left would most likely be abandoned
 * while the task app does, and bills, the work anyway; the seed ends as a timeout instead.
 * Thread-safe; one per suite.
 *
 * <pre>{@code
 * AttemptFloor floor = new AttemptFloor();
 * floor.observe(Duration.ofMillis(190));   // after each call
 * if (timeLeft.compareTo(floor.floor()) < 0) { ... do not send ... }
 * }</pre>
 */
final class AttemptFloor {

  /** The floor before any call was timed, and its least value. */
  static final Duration MINIMUM = Duration.ofMillis(50);
  /** How many recent calls the percentile is taken over. */
  static final int WINDOW = 64;

  private final long[] recent = new long[WINDOW];
  private int count;
  private int next;
  private long floorNanos = MINIMUM.toNanos();

  /** Records how long one call took. */
  synchronized void observe(Duration took) {
    recent[next] = took.toNanos();
    next = (next + 1) % WINDOW;
    count = Math.min(WINDOW, count + 1);
    long[] sorted = Arrays.copyOf(recent, count);
    Arrays.sort(sorted);
    long p90 = sorted[(int) Math.ceil(0.9 * count) - 1];
    floorNanos = Math.max(MINIMUM.toNanos(), p90);
  }

  /**
   * The 99th percentile of the recent calls, or empty while fewer than {@code minCalls} have
   * been timed.
   */
  synchronized Optional<Duration> p99(int minCalls) {
    if (count < Math.max(1, minCalls)) {
      return Optional.empty();
    }
    long[] sorted = Arrays.copyOf(recent, count);
    Arrays.sort(sorted);
    return Optional.of(Duration.ofNanos(sorted[(int) Math.ceil(0.99 * count) - 1]));
  }

  /** The least time left for which another call is sent. */
  synchronized Duration floor() {
    return Duration.ofNanos(floorNanos);
  }
}
