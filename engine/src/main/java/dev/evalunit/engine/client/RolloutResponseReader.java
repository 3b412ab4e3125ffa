package dev.evalunit.engine.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.engine.pricing.TokenCounts;
import dev.evalunit.engine.results.RolloutMetrics;

/**
 * Reads rollout responses of every server generation: {@code metrics} or {@code reward_info},
 * score from {@code outcome_objectives.reward}, {@code outcome_reward}, {@code outcome_score},
 * {@code mean_return} or {@code reward_mean}; tokens and cost from {@code details} or the trace.
 */
final class RolloutResponseReader {

  private RolloutResponseReader() {}

  /** Like {@link #read(JsonNode, String, boolean)}, keeping the trace. */
  static RolloutReply read(JsonNode body, String endpoint) {
    return read(body, endpoint, true);
  }

  /**
   * @param keepTrace whether the reply keeps the trace (only when the request asked for one; an
   *     unrequested trace still feeds token usage, then is dropped)
   * @throws TaskAppException of kind PROTOCOL when the body has no metrics or no score, or when
   *     a number breaks its rule ({@link WireNumbers}): the message names the field and value
   */
  static RolloutReply read(JsonNode body, String endpoint, boolean keepTrace) {
    if (body == null || !body.isObject()) {
      throw protocol(endpoint, "the body is not a JSON object");
    }
    String metricsName = "metrics";
    JsonNode metrics = body.path("metrics");
    if (!metrics.isObject()) {
      metricsName = "reward_info";
      metrics = body.path("reward_info");
    }
    boolean aborted = body.path("aborted").asBoolean(false);
    JsonNode trace = body.path("trace").isObject() ? body.get("trace") : null;
    JsonNode kept = keepTrace ? trace : null;
    if (!metrics.isObject()) {
      if (aborted) {
        return new RolloutReply(RolloutMetrics.NONE, kept, abortReason(body, metrics));
      }
      throw protocol(endpoint, "the body has no \"metrics\" object (keys: "
          + fieldNames(body) + ")");
    }
    JsonNode details = metrics.path("details");
    String m = metricsName + ".";
    Double score = firstScore(endpoint,
        m + "outcome_objectives.reward", metrics.path("outcome_objectives").path("reward"),
        m + "outcome_reward", metrics.path("outcome_reward"),
        m + "outcome_score", metrics.path("outcome_score"),
        m + "mean_return", metrics.path("mean_return"),
        m + "reward_mean", metrics.path("reward_mean"));
    Double rewardMean = firstScore(endpoint, m + "mean_return", metrics.path("mean_return"),
        m + "reward_mean", metrics.path("reward_mean"));
    JsonNode reportedTokens = details.path("tokens");
    Long tokens = checked(endpoint, m + "details.tokens",
        () -> WireNumbers.tokens(reportedTokens));
    // As runner.py: the trace is counted only when details has no tokens (a reported 0 stays
    // unknown, it is not replaced by the trace's count).
    if (tokens == null && (reportedTokens.isMissingNode() || reportedTokens.isNull())) {
      tokens = checked(endpoint, "the token usage of the trace",
          () -> TraceUsage.totalTokens(trace, body.path("trajectories")));
    }
    Double cost = checked(endpoint, m + "details.cost_usd",
        () -> WireNumbers.cost(details.path("cost_usd")));
    if (cost == null) {
      cost = checked(endpoint, "the cost_usd of the trace", () -> TraceUsage.costUsd(trace));
    }
    RolloutMetrics read = new RolloutMetrics(
        score,
        rewardMean,
        firstScore(endpoint, m + "outcome_score", metrics.path("outcome_score")),
        firstScore(endpoint, m + "events_score", metrics.path("events_score")),
        firstScore(endpoint, m + "details.verifier_score", details.path("verifier_score")),
        tokens,
        cost);
    TokenCounts usage = TraceUsage.split(details, trace);
    if (aborted) {
      return new RolloutReply(read, kept, abortReason(body, metrics), usage);
    }
    if (score == null) {
      throw protocol(endpoint, "the metrics carry no score (looked for outcome_objectives.reward,"
          + " outcome_reward, outcome_score, mean_return, reward_mean; found: "
          + fieldNames(metrics) + ")");
    }
    return new RolloutReply(read, kept, null, usage);
  }

  /** The first present score of (name, node) pairs; a broken one is an error naming it. */
  private static Double firstScore(String endpoint, Object... namesAndNodes) {
    for (int i = 0; i < namesAndNodes.length; i += 2) {
      String name = (String) namesAndNodes[i];
      JsonNode node = (JsonNode) namesAndNodes[i + 1];
      Double value = checked(endpoint, name, () -> WireNumbers.score(node));
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static <T> T checked(String endpoint, String field,
      java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (WireNumbers.Violation e) {
      throw protocol(endpoint, field + " " + e.getMessage());
    }
  }

  private static String abortReason(JsonNode body, JsonNode metrics) {
    for (JsonNode candidate : new JsonNode[] {body.path("abort_reason"),
        metrics.path("details").path("abort_reason"), body.path("error"),
        metrics.path("details").path("error")}) {
      if (candidate.isTextual() && !candidate.asText().isBlank()) {
        return candidate.asText();
      }
    }
    return "the task app reported aborted=true";
  }

  /** The first present score among {@code nodes}; throws a Violation for a broken one. */
  static Double firstNumber(JsonNode... nodes) {
    for (JsonNode node : nodes) {
      Double value = WireNumbers.score(node);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** A token count: null for absent or 0; throws a Violation for a broken one. */
  static Long positiveLong(JsonNode node) {
    return WireNumbers.tokens(node);
  }

  private static String fieldNames(JsonNode node) {
    StringBuilder names = new StringBuilder();
    node.fieldNames().forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ").append(n));
    return names.length() == 0 ? "none" : names.toString();
  }

  private static TaskAppException protocol(String endpoint, String problem) {
    return new TaskAppException(TaskAppException.Kind.PROTOCOL, 200,
        endpoint + " returned 200 but " + problem, null, null);
  }
}
