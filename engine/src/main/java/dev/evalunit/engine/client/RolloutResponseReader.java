package dev.evalunit.engine.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.engine.results.RolloutMetrics;

/**
 * Reads rollout responses of every server generation: {@code metrics} or {@code reward_info},
 * score from {@code outcome_objectives.reward}, {@code outcome_reward}, {@code outcome_score},
 * {@code mean_return} or {@code reward_mean}; tokens and cost from {@code details} or the trace.
 */
final class RolloutResponseReader {

  private RolloutResponseReader() {}

  /**
   * @throws TaskAppException of kind PROTOCOL when the body has no metrics or no score
   */
  static RolloutReply read(JsonNode body, String endpoint) {
    if (body == null || !body.isObject()) {
      throw protocol(endpoint, "the body is not a JSON object");
    }
    JsonNode metrics = body.path("metrics");
    if (!metrics.isObject()) {
      metrics = body.path("reward_info");
    }
    boolean aborted = body.path("aborted").asBoolean(false);
    JsonNode trace = body.path("trace").isObject() ? body.get("trace") : null;
    if (!metrics.isObject()) {
      if (aborted) {
        return new RolloutReply(RolloutMetrics.NONE, trace, abortReason(body, metrics));
      }
      throw protocol(endpoint, "the body has no \"metrics\" object (keys: "
          + fieldNames(body) + ")");
    }
    JsonNode details = metrics.path("details");
    Double score = firstNumber(
        metrics.path("outcome_objectives").path("reward"),
        metrics.path("outcome_reward"),
        metrics.path("outcome_score"),
        metrics.path("mean_return"),
        metrics.path("reward_mean"));
    Double rewardMean = firstNumber(metrics.path("mean_return"), metrics.path("reward_mean"));
    Long tokens = positiveLong(details.path("tokens"));
    if (tokens == null) {
      tokens = TraceUsage.totalTokens(trace, body.path("trajectories"));
    }
    Double cost = firstNumber(details.path("cost_usd"));
    if (cost == null) {
      cost = TraceUsage.costUsd(trace);
    }
    RolloutMetrics read = new RolloutMetrics(
        score,
        rewardMean,
        firstNumber(metrics.path("outcome_score")),
        firstNumber(metrics.path("events_score")),
        firstNumber(details.path("verifier_score")),
        tokens,
        cost);
    if (aborted) {
      return new RolloutReply(read, trace, abortReason(body, metrics));
    }
    if (score == null) {
      throw protocol(endpoint, "the metrics carry no score (looked for outcome_objectives.reward,"
          + " outcome_reward, outcome_score, mean_return, reward_mean; found: "
          + fieldNames(metrics) + ")");
    }
    return new RolloutReply(read, trace, null);
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

  static Double firstNumber(JsonNode... nodes) {
    for (JsonNode node : nodes) {
      if (node.isNumber()) {
        return node.doubleValue();
      }
      if (node.isTextual()) {
        try {
          return Double.parseDouble(node.asText());
        } catch (NumberFormatException ignored) {
          // not a number: keep looking
        }
      }
    }
    return null;
  }

  static Long positiveLong(JsonNode node) {
    Double d = firstNumber(node);
    return d == null || d <= 0 ? null : (long) Math.round(d);
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
