/**
 * Scorers to compose instead of hand-writing: grade an agent's answer against an expected one
 * ({@link dev.evalunit.scoring.Scorers}: exact, normalised, contains, regex, numeric tolerance,
 * JSON equality and subset) or have an LLM judge it ({@link dev.evalunit.scoring.LlmJudge}).
 * Every scorer returns a {@link dev.evalunit.scoring.Score} in [0, 1] with a reason.
 *
 * <pre>{@code
 * Scorer scorer = Scorers.anyOf(Scorers.normalized(), Scorers.numeric(0.01, 0));
 * Score score = scorer.score(row.expected(), answer);   // 1.0 for "  FORTY-two " vs "forty-two"
 * }</pre>
 *
 * <p>Signatures use only JDK types (Strings, Maps, Lists), never a library type: the engine's
 * own libraries are relocated inside its jar.
 */
@API(status = EXPERIMENTAL, since = "0.1")
package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
