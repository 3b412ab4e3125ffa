package dev.evalunit.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.client.TaskAppException;
import dev.evalunit.engine.client.TaskAppException.Kind;
import dev.evalunit.engine.config.SuiteConfig.Reliability.Retry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Retry SETTINGS = new Retry(3, Duration.ofMillis(500),
      Duration.ofSeconds(3), Duration.ofSeconds(10));
  private static final Instant NOW = Instant.parse("2015-10-21T07:27:55Z");

  private static TaskAppException http(int status, String retryAfter) {
    return new TaskAppException(Kind.HTTP, status, "HTTP " + status, retryAfter, null);
  }

  @Test
  void transportErrors5xxAnd429AreRetriedOther4xxAndProtocolErrorsAreNot() {
    RetryPolicy policy = new RetryPolicy(SETTINGS, () -> 0.5);

    assertThat(policy.retryable(new TaskAppException(Kind.TRANSPORT, 0, "reset", null, null)))
        .isTrue();
    assertThat(policy.retryable(http(500, null))).isTrue();
    assertThat(policy.retryable(http(502, null))).isTrue();
    assertThat(policy.retryable(http(503, null))).isTrue();
    assertThat(policy.retryable(http(429, null))).isTrue();
    assertThat(policy.retryable(http(400, null))).isFalse();
    assertThat(policy.retryable(http(404, null))).isFalse();
    assertThat(policy.retryable(http(422, null))).isFalse();
    assertThat(policy.retryable(new TaskAppException(Kind.PROTOCOL, 200, "no metrics", null,
        null))).isFalse();
  }

  @Test
  void backoffDoublesFromTheBaseDelayUpToTheCapAndIsScaledByTheJitter() {
    RetryPolicy highest = new RetryPolicy(SETTINGS, () -> 1.0);
    assertThat(highest.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(highest.backoff(2)).isEqualTo(Duration.ofMillis(1000));
    assertThat(highest.backoff(3)).isEqualTo(Duration.ofMillis(2000));
    assertThat(highest.backoff(4)).isEqualTo(Duration.ofMillis(3000));
    assertThat(highest.backoff(60)).isEqualTo(Duration.ofMillis(3000));

    RetryPolicy half = new RetryPolicy(SETTINGS, () -> 0.5);
    assertThat(half.backoff(2)).isEqualTo(Duration.ofMillis(500));
    RetryPolicy none = new RetryPolicy(SETTINGS, () -> 0.0);
    assertThat(none.delayBefore(3, http(500, null), NOW)).isZero();
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDateWinsOverTheBackoffUpToItsCap() {
    RetryPolicy policy = new RetryPolicy(SETTINGS, () -> 0.5);

    assertThat(policy.delayBefore(1, http(429, "2"), NOW)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayBefore(1, http(503, "Wed, 21 Oct 2015 07:28:00 GMT"), NOW))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.delayBefore(1, http(429, "Wed, 21 Oct 2015 07:00:00 GMT"), NOW)).isZero();
    assertThat(policy.delayBefore(1, http(429, "3600"), NOW)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delayBefore(2, http(429, "soon"), NOW))
        .as("an unreadable Retry-After falls back to the backoff")
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void zeroRetriesTurnsRetriesOff() {
    RetryPolicy policy = RetryPolicy.of(new Retry(0, Duration.ofMillis(500),
        Duration.ofSeconds(3), Duration.ofSeconds(10)));

    assertThat(policy.maxRetries()).isZero();
  }
}
