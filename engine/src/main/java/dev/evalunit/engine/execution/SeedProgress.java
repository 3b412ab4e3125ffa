package dev.evalunit.engine.execution;

import dev.evalunit.engine.results.SeedResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One seed's progress through its suite run, and the handshake that makes the seed's test span
 * its rollout: the test waits in {@code prepare()} until the rollout begins, the platform then
 * reports the test's start, and only after that does the rollout make its first call. So the
 * test's time in a report (Surefire's {@code time}) covers the whole rollout.
 *
 * <p>The rollout's side waits (its permit in hand) at most {@link #TEST_READY_WAIT} for the test to
 * be waiting (the first seeds of a suite begin while their tests are being dispatched; a matrix
 * variant's tests are dispatched only after the previous variant's), and at most
 * {@link #TEST_START_WAIT} for the start to be reported; past that it goes on, and the test's
 * time is then shorter than the rollout's. A seed that ends without beginning (reused from an
 * earlier run, stopped, not run) releases its test at once.
 */
final class SeedProgress extends CompletableFuture<SeedResult> {

  static final Duration TEST_READY_WAIT = Duration.ofMillis(100);
  static final Duration TEST_START_WAIT = Duration.ofSeconds(1);

  /** All guarded by {@code this}. */
  private boolean testWaiting;
  private boolean begun;
  private boolean testStarted;

  /**
   * The rollout's side, before its first attempt: lets the test report its start, then waits
   * for that (both waits bounded, see the class comment).
   */
  synchronized void begin() throws InterruptedException {
    try {
      awaitUntil(TEST_READY_WAIT, () -> testWaiting);
    } finally {
      begun = true;
      notifyAll();
    }
    if (testWaiting) {
      awaitUntil(TEST_START_WAIT, () -> testStarted);
    }
  }

  /** Marks the rollout begun without waiting for a test (a backend job, which has none to wait). */
  synchronized void begun() {
    begun = true;
    notifyAll();
  }

  /** The test's side, in prepare(): blocks until the rollout has begun or the seed has ended. */
  synchronized void awaitBegun() throws InterruptedException {
    testWaiting = true;
    notifyAll();
    while (!begun && !isDone()) {
      wait();
    }
  }

  /** The test's side, once its start has been reported: the rollout may make its call. */
  synchronized void testStarted() {
    testStarted = true;
    notifyAll();
  }

  @Override
  public boolean complete(SeedResult result) {
    boolean completed = super.complete(result);
    synchronized (this) {
      notifyAll();
    }
    return completed;
  }

  private void awaitUntil(Duration limit, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    long left;
    while (!condition.getAsBoolean() && !isDone() && (left = end - System.nanoTime()) > 0) {
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
