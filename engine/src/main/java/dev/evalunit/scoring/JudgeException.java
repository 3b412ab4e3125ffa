package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The judge could not grade: its reply was not a valid grade (the message quotes the start of
 * it), the endpoint refused the call, or retries ran out. Let it propagate from a rollout
 * method: the seed then errors (Surefire {@code <error>}) instead of scoring 0. Messages never
 * contain the API key.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public class JudgeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient JudgeUsage usage;

  public JudgeException(String message, JudgeUsage usageSoFar, Throwable cause) {
    super(message, cause);
    this.usage = usageSoFar == null ? JudgeUsage.NONE : usageSoFar;
  }

  /** What the judging had used before it failed (earlier votes, failed attempts). */
  public JudgeUsage usage() {
    return usage;
  }
}
