package dev.evalunit.engine.execution;

import dev.evalunit.engine.client.TaskAppException;
import dev.evalunit.engine.config.SuiteConfig.Reliability.Retry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Decides whether a failed rollout call is tried again, and how long to wait first. Transport
 * errors, 5xx and 429 are retried up to {@code retry.maxRetries} times; other 4xx and 200s with
 * a malformed body are final, since sending the same request again cannot change them. The wait
 * is the server's {@code Retry-After} when it sent one (capped at {@code retry.maxRetryAfter}),
 * else exponential backoff with full jitter: a uniform random pause between 0 and
 * {@code min(retry.maxDelay, retry.baseDelay * 2^(n-1))} before retry {@code n}, so that workers
 * failing together do not retry together.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.of(config.reliability().retry());
 * if (policy.retryable(e) && retries < policy.maxRetries()) {
 *   Duration pause = policy.delayBefore(retries + 1, e, Instant.now());
 *   timer.schedule(retry, pause.toNanos(), TimeUnit.NANOSECONDS);   // no thread waits
 * }
 * }</pre>
 */
public final class RetryPolicy {

  private final Retry settings;
  private final DoubleSupplier random;

  /**
   * @param random uniform values in [0, 1); injected so tests can pin the jitter
   */
  public RetryPolicy(Retry settings, DoubleSupplier random) {
    this.settings = settings;
    this.random = random;
  }

  public static RetryPolicy of(Retry settings) {
    return new RetryPolicy(settings, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Retries allowed after the first attempt; 0 means none. */
  public int maxRetries() {
    return settings.maxRetries();
  }

  /**
   * True for failures a later attempt may not repeat: transport errors, 5xx and 429, and the
   * exceptions an in-process rollout method declared retryable.
   */
  public boolean retryable(TaskAppException failure) {
    return switch (failure.kind()) {
      case TRANSPORT -> true;
      case HTTP -> failure.status() == 429 || failure.status() >= 500;
      case PROTOCOL -> false;
      case AGENT -> true;
    };
  }

  /**
   * The pause before retry number {@code retry} (1 for the first retry) after {@code failure}.
   *
   * @param now the current time, to turn a {@code Retry-After} date into a wait
   */
  public Duration delayBefore(int retry, TaskAppException failure, Instant now) {
    return retryAfter(failure.retryAfter(), now)
        .map(wait -> wait.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : wait)
        .orElseGet(() -> backoff(retry));
  }

  /** Full jitter: uniform in [0, min(maxDelay, baseDelay * 2^(retry-1))). */
  Duration backoff(int retry) {
    return Duration.ofMillis((long) (ceilingMillis(retry) * random.getAsDouble()));
  }

  /** The longest backoff before retry number {@code retry} ({@code Retry-After} aside). */
  Duration backoffCeiling(int retry) {
    return Duration.ofMillis((long) ceilingMillis(retry));
  }

  private double ceilingMillis(int retry) {
    return Math.min(settings.maxDelay().toMillis(),
        settings.baseDelay().toMillis() * Math.pow(2, Math.max(0, retry - 1)));
  }

  /**
   * A {@code Retry-After} header as a wait from {@code now}: delay-seconds ({@code "120"}) or an
   * HTTP date ({@code "Wed, 21 Oct 2015 07:28:00 GMT"}); a date in the past is no wait. Empty
   * when there is no header or it is neither form.
   */
  static Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
