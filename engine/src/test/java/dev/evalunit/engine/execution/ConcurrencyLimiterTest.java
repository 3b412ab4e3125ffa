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

  @Test
  void aRateLimitHalvesTheLimitOncePerCooldownDownToOne() {
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
  void sustainedSuccessRaisesTheLimitByOneUpToTheMaximum() {
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

    two.onRateLimited();
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
    four.onRateLimited();
    advance(Duration.ofSeconds(1));
    four.onRateLimited();
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
      limiter.release();
    }
    assertThat(limiter.limit()).isEqualTo(8);
  }

  @Test
  void releaseWithoutAcquireIsABug() {
    assertThatThrownBy(limiter::release).isInstanceOf(IllegalStateException.class);
  }
}
