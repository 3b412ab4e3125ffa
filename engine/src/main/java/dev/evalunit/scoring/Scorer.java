package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Grades an answer against the expected one. Implementations are immutable and thread-safe, so
 * one scorer can serve every seed of a suite. Bad expected values (a dataset error: an invalid
 * regex, an expected number that is not one) throw {@link IllegalArgumentException} naming the
 * value; a bad answer is a score of 0 with the reason.
 *
 * <pre>{@code
 * Scorer scorer = Scorers.normalized();
 * scorer.score("Paris", " paris ").value();   // 1.0
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Scorer {

  /**
   * @param expected the reference answer (from the dataset row)
   * @param actual the agent's answer; null means it gave none (a score of 0)
   */
  Score score(String expected, String actual);
}
