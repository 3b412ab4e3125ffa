package dev.evalunit.engine.backend;

/**
 * A call to the eval backend failed, or its answer does not follow the protocol. The message
 * names the call, the status and an excerpt of the body, with the key masked.
 */
public final class BackendException extends RuntimeException {

  /** What kind of failure; decides whether polling again may help. */
  public enum Kind {
    /** Connection refused or reset, timeout. */
    TRANSPORT,
    /** A non-2xx status. */
    HTTP,
    /** A 2xx whose body is not what the protocol describes. */
    PROTOCOL
  }

  private final Kind kind;
  private final int status;

  public BackendException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0. */
  public int status() {
    return status;
  }

  /** True for failures a later poll may not see again: transport errors, 5xx, 429. */
  public boolean isTransient() {
    return kind == Kind.TRANSPORT
        || (kind == Kind.HTTP && (status >= 500 || status == 429 || status == 408));
  }

  /** A short label for reports: {@code backend_transport}, {@code backend_http_400}, ... */
  public String type() {
    return switch (kind) {
      case TRANSPORT -> "backend_transport";
      case HTTP -> "backend_http_" + status;
      case PROTOCOL -> "backend_protocol";
    };
  }
}
