package dev.evalunit.engine.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.engine.pricing.TokenCounts;
import dev.evalunit.engine.results.RolloutMetrics;

/**
 * A well-formed rollout response, read leniently.
 *
 * @param metrics the numbers, in the protocol's lookup order
 * @param trace the trace object, or null when none was returned
 * @param abortReason why the task app aborted the rollout, or null if it did not
 * @param usage the prompt/completion/cached split of the tokens, for pricing; NONE if unknown
 */
public record RolloutReply(RolloutMetrics metrics, JsonNode trace, String abortReason,
    TokenCounts usage) {

  public RolloutReply(RolloutMetrics metrics, JsonNode trace, String abortReason) {
    this(metrics, trace, abortReason, TokenCounts.NONE);
  }

  public boolean aborted() {
    return abortReason != null;
  }
}
