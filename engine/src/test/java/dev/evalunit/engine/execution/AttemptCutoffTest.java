package dev.evalunit.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig.AttemptTimeout;
import dev.evalunit.engine.config.SuiteConfig.Reliability.Retry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptCutoffTest {

  private static final Duration LEFT = Duration.ofSeconds(3);
  private final AttemptFloor calls = new AttemptFloor();
  // 3 retries, pauses of at most 100 ms, 200 ms, ...
  private final RetryPolicy retry = new RetryPolicy(new Retry(3, Duration.ofMillis(100),
      Duration.ofSeconds(1), Duration.ofSeconds(60)), () -> 0.5);

  private void timeCalls(int n, long millis) {
    for (int i = 0; i < n; i++) {
      calls.observe(Duration.ofMillis(millis));
    }
  }

  @Test
  void adaptiveCutsNothingUntilEnoughCallsAreTimed() {
    AttemptCutoff cutoff = new AttemptCutoff(AttemptTimeout.ADAPTIVE, calls);
    timeCalls(AttemptCutoff.MIN_CALLS - 1, 20);
    assertThat(cutoff.limit(LEFT, 1, retry)).isEqualTo(new AttemptCutoff.Limit(LEFT, null));
    timeCalls(1, 20);
    assertThat(cutoff.limit(LEFT, 1, retry).duration()).isEqualTo(AttemptCutoff.MINIMUM);
  }

  @Test
  void adaptiveCutIsTenTimesTheRecentP99() {
    AttemptCutoff cutoff = new AttemptCutoff(AttemptTimeout.ADAPTIVE, calls);
    timeCalls(63, 100);
    timeCalls(1, 150);
    AttemptCutoff.Limit limit = cutoff.limit(LEFT, 1, retry);
    assertThat(limit.duration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(limit.rule()).contains("10 x the recent 99th percentile 150ms");
  }

  @Test
  void noCutWhenTheRetryWouldNotFitOrIsNotAllowed() {
    AttemptCutoff cutoff = new AttemptCutoff(AttemptTimeout.fixed(Duration.ofSeconds(2)), calls);
    // 2 s cut + up to 100 ms pause + 50 ms floor fit in 3 s, not in 2.1 s.
    assertThat(cutoff.limit(LEFT, 1, retry).cut()).isTrue();
    assertThat(cutoff.limit(Duration.ofMillis(2100), 1, retry))
        .isEqualTo(new AttemptCutoff.Limit(Duration.ofMillis(2100), null));
    // Attempt 4 is the last of 1 + 3 retries: nothing would follow the cut.
    assertThat(cutoff.limit(LEFT, 4, retry).cut()).isFalse();
    assertThat(cutoff.limit(LEFT, 3, retry).cut()).isTrue();
  }

  @Test
  void offNeverCuts() {
    AttemptCutoff cutoff = new AttemptCutoff(AttemptTimeout.OFF, calls);
    timeCalls(64, 1);
    assertThat(cutoff.limit(Duration.ofMinutes(10), 1, retry))
        .isEqualTo(new AttemptCutoff.Limit(Duration.ofMinutes(10), null));
  }
}
