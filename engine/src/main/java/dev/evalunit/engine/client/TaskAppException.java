package dev.evalunit.engine.client;

/**
 * A call to the task app failed: transport error, HTTP error status, or a response that does not
 * follow the protocol. The message names the endpoint, the status and an excerpt of the body,
 * with the key masked.
 */
public final class TaskAppException extends RuntimeException {

  /** What kind of failure; decides whether a retry may help. */
  public enum Kind {
    /** Connection refused or reset, timeout, broken stream. */
    TRANSPORT,
    /** A non-2xx status. */
    HTTP,
    /** A 2xx whose body is not a valid response. */
    PROTOCOL,
    /**
     * An in-process rollout method ({@code @Rollout}) threw an exception of a type it declared
     * retryable ({@code retryOn}); other exceptions end the seed without this.
     */
    AGENT
  }

  private final Kind kind;
  private final int status;
  private final String retryAfter;

  public TaskAppException(Kind kind, int status, String message, String retryAfter,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when there was none. */
  public int status() {
    return status;
  }

  /** The {@code Retry-After} header of an HTTP error, or null. */
  public String retryAfter() {
    return retryAfter;
  }

  /** A short label for reports: {@code transport}, {@code http_503}, {@code protocol}. */
  public String type() {
    return switch (kind) {
      case TRANSPORT -> "transport";
      case HTTP -> "http_" + status;
      case PROTOCOL -> "protocol";
      case AGENT -> "agent_exception";
    };
  }
}
