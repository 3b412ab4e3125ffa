package dev.evalunit.engine.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.engine.pricing.TokenCounts;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;

/**
 * A well-formed rollout response, read leniently.
 *
 * @param metrics the numbers, in the protocol's lookup order
 * @param trace the trace object, or null when none was returned
 * @param abortReason why the task app aborted the rollout, or null if it did not
 * @param usage the prompt/completion/cached split of the tokens, for pricing; NONE if unknown
 * @param failure an error the rollout itself reported with its numbers (an in-process agent's
 *     {@code EvalOutput.error}, or its exception): the seed errors, keeping metrics and trace;
 *     null when none
 */
public record RolloutReply(RolloutMetrics metrics, JsonNode trace, String abortReason,
    TokenCounts usage, ErrorInfo failure) {

  public RolloutReply(RolloutMetrics metrics, JsonNode trace, String abortReason) {
    this(metrics, trace, abortReason, TokenCounts.NONE, null);
  }

  public RolloutReply(RolloutMetrics metrics, JsonNode trace, String abortReason,
      TokenCounts usage) {
    this(metrics, trace, abortReason, usage, null);
  }

  /** A rollout that ran and reported {@code failure}: the seed errors with its numbers kept. */
  public static RolloutReply failed(RolloutMetrics metrics, JsonNode trace, ErrorInfo failure) {
    return new RolloutReply(metrics, trace, null, TokenCounts.NONE,
        java.util.Objects.requireNonNull(failure, "failure"));
  }

  public boolean aborted() {
    return abortReason != null;
  }
}
