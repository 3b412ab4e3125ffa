package dev.evalunit.engine.execution;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * An adaptive limit on the rollout calls under way at once, which is acquired before each
 * attempt and released after it (not while a seed waits to retry). It starts at the configured
 * concurrency. Only a 429, the task app's own rate-limit signal, lowers it, at most once per
 * cooldown (one burst of 429s answers many calls at once and should count as one signal), and
 * by half the recent share of calls answered 429, as DCTCP does with congestion marks: a task
 * app that answers every call 429 halves it (never below 1); a stray 429 among many good answers
 * barely moves it. Slow or hung calls, timeouts, 5xx and transport errors never lower it. It grows by one again after a run of successful calls, and also after each cooldown with
 * no 429, so that calls which hang (and so never succeed) cannot keep a lowered limit low;
 * never above the configured concurrency: additive increase, multiplicative decrease, as TCP
 * does.
 *
 * <pre>{@code
 * if (!limiter.tryAcquire()) return;   // try again when a call ends
 * try {
 *   client.rollout(body);
 *   limiter.onSuccess();
 * } catch (TaskAppException e) {
 *   if (e.status() == 429) limiter.onRateLimited(); else limiter.onOtherFailure();
 * } finally {
 *   limiter.release();
 * }
 * }</pre>
 */
public final class ConcurrencyLimiter {

  /** Successful calls in a row that raise the limit by one. */
  public static final int SUCCESSES_PER_STEP = 10;
  /** The weight of each call's outcome in the share of rate-limited calls (DCTCP's g). */
  static final double SHARE_GAIN = 1.0 / 16;
  /** The least time between two decreases; also how often the limit regrows without a 429. */
  public static final Duration COOLDOWN = Duration.ofSeconds(1);

  private final int max;
  private final int successesPerStep;
  private final long cooldownNanos;
  private final LongSupplier nanoClock;
  private final ReentrantLock lock = new ReentrantLock();
  private int limit;
  private int inUse;
  private int successStreak;
  private boolean decreasedBefore;
  private long lastDecrease;
  /** The share of recent calls answered 429, an exponentially weighted average. */
  private double rateLimitedShare;
  /** When the limit last changed: a decrease, or a step of regrowth. */
  private long lastChange;

  public ConcurrencyLimiter(int max) {
    this(max, SUCCESSES_PER_STEP, COOLDOWN, System::nanoTime);
  }

  /**
   * @param nanoClock a monotonic clock in nanoseconds; injected so tests control the cooldown
   */
  public ConcurrencyLimiter(int max, int successesPerStep, Duration cooldown,
      LongSupplier nanoClock) {
    if (max < 1 || successesPerStep < 1) {
      throw new IllegalArgumentException("max and successesPerStep must be at least 1");
    }
    this.max = max;
    this.successesPerStep = successesPerStep;
    this.cooldownNanos = cooldown.toNanos();
    this.nanoClock = nanoClock;
    this.limit = max;
  }

  /** Counts this call if the limit allows it now; never waits. */
  public boolean tryAcquire() {
    lock.lock();
    try {
      regrow();
      if (inUse >= limit) {
        return false;
      }
      inUse++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Ends a call counted by {@link #tryAcquire()}. */
  public void release() {
    lock.lock();
    try {
      if (inUse == 0) {
        throw new IllegalStateException("release without acquire");
      }
      inUse--;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The task app answered 429: unless the limit was lowered within the cooldown, lower it by
   * half the recent share of rate-limited calls (all calls 429: halved; one in twenty: 2.5%).
   */
  public void onRateLimited() {
    lock.lock();
    try {
      successStreak = 0;
      rateLimitedShare += SHARE_GAIN * (1 - rateLimitedShare);
      long now = nanoClock.getAsLong();
      if (decreasedBefore && now - lastDecrease < cooldownNanos) {
        return;
      }
      decreasedBefore = true;
      lastDecrease = now;
      lastChange = now;
      limit = Math.max(1, (int) Math.round(limit * (1 - rateLimitedShare / 2)));
    } finally {
      lock.unlock();
    }
  }

  /** A call succeeded: after enough in a row, raise the limit by one (up to the maximum). */
  public void onSuccess() {
    lock.lock();
    try {
      rateLimitedShare -= SHARE_GAIN * rateLimitedShare;
      if (limit >= max) {
        return;
      }
      if (++successStreak >= successesPerStep) {
        successStreak = 0;
        limit++;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A call failed otherwise (5xx, transport error, timeout, a hung call cut off): not a sign of
   * a rate limit, so it only dilutes the share of rate-limited calls and never lowers the limit.
   */
  public void onOtherFailure() {
    lock.lock();
    try {
      rateLimitedShare -= SHARE_GAIN * rateLimitedShare;
    } finally {
      lock.unlock();
    }
  }

  /** One step up per cooldown since the last change, whether or not any call succeeded. */
  private void regrow() {
    if (limit >= max || !decreasedBefore) {
      return;
    }
    long now = nanoClock.getAsLong();
    long steps = (now - lastChange) / Math.max(1, cooldownNanos);
    if (steps > 0) {
      limit = (int) Math.min(max, limit + steps);
      lastChange = now;
    }
  }

  /** The current limit. */
  public int limit() {
    lock.lock();
    try {
      regrow();
      return limit;
    } finally {
      lock.unlock();
    }
  }

  /** Calls under way now. */
  public int inUse() {
    lock.lock();
    try {
      return inUse;
    } finally {
      lock.unlock();
    }
  }
}
