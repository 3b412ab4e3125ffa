package dev.evalunit.engine.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.engine.pricing.TokenCounts;

/**
 * Finds token usage and cost in a trace when {@code metrics.details} has none. Token order:
 * {@code trace.usage.total_tokens}; the sum over {@code trace.event_history[]} of
 * {@code usage}, {@code response.usage} and {@code llm_response.usage} totals;
 * {@code trace.metadata.usage}; the older {@code trajectories[].steps[].info}. Zero is unknown.
 * Each event and each step counts once where synth-ai adds every place (see TokenRulesTest).
 */
final class TraceUsage {

  private static final String[] EVENT_USAGE_PATHS = {"usage", "response", "llm_response"};

  private TraceUsage() {}

  static Long totalTokens(JsonNode trace, JsonNode trajectories) {
    if (trace != null) {
      Long direct = RolloutResponseReader.positiveLong(trace.path("usage").path("total_tokens"));
      if (direct != null) {
        return direct;
      }
      long sum = 0;
      for (JsonNode event : trace.path("event_history")) {
        // One call's usage may be mirrored in several places; count the first one only.
        for (String path : EVENT_USAGE_PATHS) {
          long tokens = tokensOf(usageAt(event, path));
          if (tokens > 0) {
            sum = WireNumbers.addTokens(sum, tokens, "trace.event_history");
            break;
          }
        }
      }
      if (sum > 0) {
        return sum;
      }
      Long fromMetadata = positive(tokensOf(trace.path("metadata").path("usage")));
      if (fromMetadata != null) {
        return fromMetadata;
      }
    }
    long sum = 0;
    for (JsonNode trajectory : trajectories) {
      for (JsonNode step : trajectory.path("steps")) {
        JsonNode info = step.path("info");
        Long direct = RolloutResponseReader.positiveLong(info.path("tokens"));
        sum = WireNumbers.addTokens(sum, direct != null ? direct : tokensOf(info.path("usage")),
            "trajectories[].steps[].info");
      }
    }
    return positive(sum);
  }

  /** Sum of {@code cost_usd} on trace events and their usage objects, or null if none. */
  static Double costUsd(JsonNode trace) {
    if (trace == null) {
      return null;
    }
    double sum = 0;
    boolean any = false;
    for (JsonNode event : trace.path("event_history")) {
      Double cost = firstCost(event.path("cost_usd"),
          usageAt(event, "usage").path("cost_usd"), usageAt(event, "response").path("cost_usd"),
          usageAt(event, "llm_response").path("cost_usd"));
      if (cost != null) {
        sum += cost;
        any = true;
      }
    }
    return any ? sum : null;
  }

  /**
   * The prompt/completion/cached split, for pricing: {@code metrics.details} first, then
   * {@code trace.usage}, then the sum over {@code trace.event_history[]} (first usage object per
   * event, as for totals), then {@code trace.metadata.usage}. OpenAI names
   * ({@code prompt_tokens}, {@code completion_tokens},
   * {@code prompt_tokens_details.cached_tokens}) and Anthropic names ({@code input_tokens},
   * {@code output_tokens}, {@code cache_read_input_tokens}, which input_tokens excludes).
   */
  static TokenCounts split(JsonNode details, JsonNode trace) {
    TokenCounts direct = splitOf(details);
    if (direct.known() || trace == null) {
      return direct;
    }
    TokenCounts top = splitOf(trace.path("usage"));
    if (top.known()) {
      return top;
    }
    TokenCounts sum = TokenCounts.NONE;
    for (JsonNode event : trace.path("event_history")) {
      for (String path : EVENT_USAGE_PATHS) {
        TokenCounts one = splitOf(usageAt(event, path));
        if (one.known()) {
          sum = sum.plus(one);
          break;
        }
      }
    }
    return sum.known() ? sum : splitOf(trace.path("metadata").path("usage"));
  }

  private static TokenCounts splitOf(JsonNode usage) {
    if (!usage.isObject()) {
      return TokenCounts.NONE;
    }
    long cacheRead = count(usage.path("cache_read_input_tokens"));
    long prompt = usage.has("prompt_tokens") ? count(usage.path("prompt_tokens"))
        : count(usage.path("input_tokens")) + cacheRead;
    long completion = usage.has("completion_tokens") ? count(usage.path("completion_tokens"))
        : count(usage.path("output_tokens"));
    long cached = Math.max(count(usage.path("prompt_tokens_details").path("cached_tokens")),
        Math.max(count(usage.path("cached_tokens")), cacheRead));
    return new TokenCounts(prompt, completion, cached);
  }

  private static long count(JsonNode node) {
    Long value = RolloutResponseReader.positiveLong(node);
    return value == null ? 0 : value;
  }

  private static JsonNode usageAt(JsonNode event, String path) {
    return path.equals("usage") ? event.path("usage") : event.path(path).path("usage");
  }

  private static long tokensOf(JsonNode usage) {
    if (!usage.isObject()) {
      return 0;
    }
    Long total = RolloutResponseReader.positiveLong(usage.path("total_tokens"));
    if (total != null) {
      return total;
    }
    Long prompt = RolloutResponseReader.positiveLong(usage.path("prompt_tokens"));
    Long completion = RolloutResponseReader.positiveLong(usage.path("completion_tokens"));
    return WireNumbers.addTokens(prompt == null ? 0 : prompt, completion == null ? 0 : completion,
        "prompt_tokens + completion_tokens");
  }

  /** A negative or non-finite cost is refused, never summed (it would lower the spend). */
  private static Double firstCost(JsonNode... nodes) {
    for (JsonNode node : nodes) {
      Double cost = WireNumbers.cost(node);
      if (cost != null) {
        return cost;
      }
    }
    return null;
  }

  private static Long positive(long value) {
    return value > 0 ? value : null;
  }
}
