package dev.evalunit.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

  private final AtomicLong clock = new AtomicLong();
  private final ConcurrencyLimiter limiter =
      new ConcurrencyLimiter(8, 3, Duration.ofSeconds(1), clock::get);

  private void advance(Duration by) {
    clock.addAndGet(by.toNanos());
  }

  /** A task app answering every call 429 for a while: the share of 429s nears 1. */
  private static void everyCallRateLimited(ConcurrencyLimiter limiter) {
    for (int i = 0; i < 60; i++) {
      limiter.onRateLimited();
    }
  }

  @Test
  void whenEveryCallIsRateLimitedTheLimitHalvesOncePerCooldownDownToOne() {
    everyCallRateLimited(limiter);
    assertThat(limiter.limit()).as("the first 429s: little is known yet").isEqualTo(8);

    advance(Duration.ofSeconds(1));
    limiter.onRateLimited();
    assertThat(limiter.limit()).isEqualTo(4);
    limiter.onRateLimited();
    assertThat(limiter.limit()).as("the same burst of 429s counts once").isEqualTo(4);

    advance(Duration.ofSeconds(1));
    limiter.onRateLimited();
    assertThat(limiter.limit()).isEqualTo(2);
    advance(Duration.ofSeconds(1));
    limiter.onRateLimited();
    advance(Duration.ofSeconds(1));
    limiter.onRateLimited();
    assertThat(limiter.limit()).isEqualTo(1);
  }

  @Test
  void aStray429AmongManyGoodAnswersBarelyMovesTheLimit() {
    ConcurrencyLimiter timed = new ConcurrencyLimiter(16, ConcurrencyLimiter.SUCCESSES_PER_STEP,
        ConcurrencyLimiter.COOLDOWN, clock::get);
    int lowest = 16;
    // One minute at 160 calls a second, one in fourteen answered 429 (the soak's share).
    for (int tick = 0; tick < 600; tick++) {
      for (int call = 0; call < 16; call++) {
        if ((tick * 16 + call) % 14 == 0) {
          timed.onRateLimited();
        } else if (call % 4 == 0) {
          timed.onOtherFailure(); // 5xx, resets, timeouts: no sign of a rate limit
        } else {
          timed.onSuccess();
        }
      }
      lowest = Math.min(lowest, timed.limit());
      advance(Duration.ofMillis(100));
    }
    assertThat(lowest).isGreaterThanOrEqualTo(14);
  }

  @Test
  void sustainedSuccessRaisesTheLimitByOneUpToTheMaximum() {
    everyCallRateLimited(limiter);
    advance(Duration.ofSeconds(1));
    limiter.onRateLimited();
    assertThat(limiter.limit()).isEqualTo(4);

    limiter.onSuccess();
    limiter.onSuccess();
    assertThat(limiter.limit()).isEqualTo(4);
    limiter.onSuccess();
    assertThat(limiter.limit()).isEqualTo(5);

    for (int i = 0; i < 100; i++) {
      limiter.onSuccess();
    }
    assertThat(limiter.limit()).isEqualTo(8);
  }

  @Test
  void aRateLimitBreaksTheSuccessStreak() {
    everyCallRateLimited(limiter);
    advance(Duration.ofSeconds(1));
    limiter.onRateLimited();
    limiter.onSuccess();
    limiter.onSuccess();
    advance(Duration.ofMillis(10));
    limiter.onRateLimited(); // within the cooldown: no decrease, but the streak restarts
    limiter.onSuccess();
    limiter.onSuccess();

    assertThat(limiter.limit()).isEqualTo(4);
  }

  @Test
  void permitsFollowTheCurrentLimit() {
    ConcurrencyLimiter two = new ConcurrencyLimiter(2, 1, Duration.ZERO, clock::get);
    assertThat(two.tryAcquire()).isTrue();
    assertThat(two.tryAcquire()).isTrue();
    assertThat(two.tryAcquire()).isFalse();

    everyCallRateLimited(two);
    assertThat(two.limit()).isEqualTo(1);
    two.release();
    assertThat(two.inUse()).isEqualTo(1);
    assertThat(two.tryAcquire()).as("one call is still under way and the limit is 1").isFalse();

    two.release();
    assertThat(two.tryAcquire()).isTrue();
    two.onSuccess();
    assertThat(two.limit()).isEqualTo(2);
    assertThat(two.tryAcquire()).isTrue();
  }

  @Test
  void callsThatHangCannotKeepALoweredLimitLow() {
    ConcurrencyLimiter four = new ConcurrencyLimiter(4, 10, Duration.ofSeconds(1), clock::get);
    everyCallRateLimited(four);
    for (int i = 0; i < 2; i++) {
      advance(Duration.ofSeconds(1));
      four.onRateLimited();
    }
    assertThat(four.limit()).isEqualTo(1);
    assertThat(four.tryAcquire()).isTrue(); // this call hangs: it never succeeds nor fails

    assertThat(four.tryAcquire()).as("within the cooldown").isFalse();
    advance(Duration.ofSeconds(1));
    assertThat(four.tryAcquire()).as("a cooldown without a 429 regrows the limit").isTrue();
    advance(Duration.ofSeconds(5));
    assertThat(four.limit()).as("never above the maximum").isEqualTo(4);
    assertThat(four.tryAcquire()).isTrue();
    assertThat(four.tryAcquire()).isTrue();
    assertThat(four.tryAcquire()).isFalse();
  }

  @Test
  void slowCallsAndServerErrorsNeverLowerTheLimit() {
    for (int i = 0; i < 8; i++) {
      assertThat(limiter.tryAcquire()).isTrue();
    }
    advance(Duration.ofMinutes(10)); // eight calls under way for ten minutes, then they fail
    for (int i = 0; i < 8; i++) {
      limiter.onOtherFailure();
      limiter.release();
    }
    assertThat(limiter.limit()).isEqualTo(8);
  }

  @Test
  void releaseWithoutAcquireIsABug() {
    assertThatThrownBy(limiter::release).isInstanceOf(IllegalStateException.class);
  }
}
