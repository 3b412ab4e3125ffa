package dev.evalunit.engine.descriptor;

/**
 * A seed's rollout errored (transport, HTTP, protocol, aborted by the task app). Deliberately not
 * an assertion error, so Surefire reports it as {@code <error>}, apart from threshold failures.
 */
public final class RolloutFailedException extends RuntimeException {

  public RolloutFailedException(String message) {
    super(message, null, false, false);
  }
}
