package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One episode of the "intents" environment: the seed's query goes to the selected policy, and the
 * reward is 1 when the predicted intent is the labelled one, else 0. Answers in the synth-ai
 * 0.4.4 {@code RolloutResponse} shape.
 */
final class IntentRollout {

  private final IntentDataset dataset;
  private final PolicySelector policies;

  IntentRollout(IntentDataset dataset, PolicySelector policies) {
    this.dataset = dataset;
    this.policies = policies;
  }

  ObjectNode run(RolloutRequest request) {
    if (request.envName() != null && !request.envName().equals(IntentDataset.ENV_NAME)) {
      throw HttpProblem.detail(400, "unknown env_name '" + request.envName()
          + "': this task app serves '" + IntentDataset.ENV_NAME + "'");
    }
    if (isFailSeed(request.envConfig().path("fail_seeds"), request.seed())) {
      throw HttpProblem.detail(500, "injected failure for seed " + request.seed()
          + " (env.config.fail_seeds)");
    }
    pause(request.envConfig().path("delay_ms"));
    IntentExample example = dataset.forSeed(request.seed());
    IntentPolicy policy = policies.select(request.policyConfig(), request.outputMode());
    IntentPrompt prompt = new IntentPrompt(example.text(), dataset.intents());
    Instant at = Instant.now();
    PolicyTurn turn = policy.classify(prompt);
    boolean correct = example.intent().equals(turn.predicted());
    double reward = correct ? 1.0 : 0.0;

    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode response = nodes.objectNode()
        .put("run_id", request.runId())
        .put("trace_correlation_id", request.traceCorrelationId());
    ObjectNode metrics = response.putObject("metrics");
    metrics.putArray("episode_returns").add(reward);
    metrics.put("mean_return", reward)
        .put("num_steps", 1)
        .put("num_episodes", 1)
        .put("outcome_score", reward)
        .put("events_score", reward);
    metrics.putObject("details")
        .put("expected", example.intent())
        .put("predicted", turn.predicted())
        .put("correct", correct);
    if (request.returnTrace()) {
      ObjectNode metadata = nodes.objectNode()
          .put("env_name", IntentDataset.ENV_NAME)
          .put("seed", request.seed())
          .put("index", example.index());
      response.set("trace", V3Trace.of(sessionId(request.runId()), prompt, turn, at, metadata));
    } else {
      response.putNull("trace");
    }
    response.put("aborted", false);
    return response;
  }

  /** Longest {@code env.config.delay_ms} this app honours. */
  static final long MAX_DELAY_MS = 10_000;

  /**
   * {@code env.config.delay_ms}: waits that long before answering, so that a suite shows a known
   * rollout latency (in its reports and in Surefire's testcase times). At most
   * {@link #MAX_DELAY_MS}; anything but a whole number from 0 to that is a 400.
   */
  private static void pause(JsonNode delay) {
    if (delay.isMissingNode() || delay.isNull()) {
      return;
    }
    if (!delay.canConvertToExactIntegral() || delay.asLong() < 0 || delay.asLong() > MAX_DELAY_MS) {
      throw HttpProblem.detail(400, "env.config.delay_ms must be a whole number of milliseconds"
          + " from 0 to " + MAX_DELAY_MS + ", got " + delay);
    }
    try {
      Thread.sleep(delay.asLong());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Derived from the run id, so a repeated request yields an identical trace apart from time. */
  private static String sessionId(String runId) {
    return UUID.nameUUIDFromBytes(runId.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** {@code fail_seeds} may be a list, a single number or a comma-separated string. */
  private static boolean isFailSeed(JsonNode failSeeds, long seed) {
    if (failSeeds.isArray()) {
      for (JsonNode item : failSeeds) {
        if (isFailSeed(item, seed)) {
          return true;
        }
      }
      return false;
    }
    if (failSeeds.isIntegralNumber()) {
      return failSeeds.longValue() == seed;
    }
    if (failSeeds.isTextual()) {
      for (String part : failSeeds.asText().split(",")) {
        if (part.trim().equals(Long.toString(seed))) {
          return true;
        }
      }
    }
    return false;
  }
}
