package dev.evalunit.engine.backend;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.engine.backend.BackendException.Kind;
import dev.evalunit.engine.client.WireNumbers;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps the backend's {@code GET /eval/jobs/{id}/results} document onto the seeds the job was
 * asked to run, as the same {@link SeedResult}s direct mode produces:
 *
 * <pre>{@code
 * {"summary": {...}, "results": [{"seed": 0, "score": 1.0, "mean_return": 1.0,
 *   "outcome_score": 1.0, "events_score": 1.0, "latency_ms": 412.5, "verifier_score": null,
 *   "tokens": 936, "cost_usd": 0.0004, "error": null}, ...]}
 * }</pre>
 *
 * A row with an {@code error} is that seed's error; a row with a value of the wrong type is a
 * protocol error for that seed only; a seed with no row is an error naming it.
 */
final class BackendResults {

  private BackendResults() {}

  /**
   * @param missing what a seed without a row becomes (an error, or not run after a cancel)
   * @throws BackendException of kind PROTOCOL when the document has no {@code results} array
   */
  static Map<String, SeedResult> map(JsonNode document, String jobId, Variant variant,
      List<SeedSpec> seeds, Instant startedAt, Instant endedAt,
      Function<SeedSpec, SeedResult> missing) {
    JsonNode rows = document.get("results");
    if (rows == null || !rows.isArray()) {
      throw new BackendException(Kind.PROTOCOL, 200, "the results of backend eval job " + jobId
          + " have no \"results\" array", null);
    }
    Map<Long, JsonNode> bySeed = new HashMap<>();
    for (JsonNode row : rows) {
      JsonNode seed = row.get("seed");
      if (row.isObject() && seed != null && seed.canConvertToLong() && seed.isIntegralNumber()) {
        bySeed.putIfAbsent(seed.asLong(), row);
      }
    }
    Map<String, SeedResult> results = new LinkedHashMap<>();
    for (SeedSpec seed : seeds) {
      JsonNode row = bySeed.get(seed.seed());
      results.put(seed.key(), row == null ? missing.apply(seed)
          : result(row, jobId, variant, seed, startedAt, endedAt));
    }
    return results;
  }

  private static SeedResult result(JsonNode row, String jobId, Variant variant, SeedSpec seed,
      Instant startedAt, Instant endedAt) {
    String label = "seed " + seed.seed() + " of backend eval job " + jobId;
    RolloutMetrics metrics;
    Double latency;
    try {
      JsonNode meanReturn = row.hasNonNull("mean_return") ? row.get("mean_return")
          : row.get("reward_mean");
      metrics = new RolloutMetrics(
          number(row.get("score"), "score", WireNumbers::score),
          number(meanReturn, "mean_return", WireNumbers::score),
          number(row.get("outcome_score"), "outcome_score", WireNumbers::score),
          number(row.get("events_score"), "events_score", WireNumbers::score),
          number(row.get("verifier_score"), "verifier_score",
              WireNumbers::score),
          integer(row.get("tokens"), "tokens"),
          number(row.get("cost_usd"), "cost_usd", WireNumbers::cost));
      latency = number(row.get("latency_ms"), "latency_ms", WireNumbers::latencyMs);
    } catch (IllegalArgumentException e) {
      return SeedResult.errored(variant.name(), seed.seed(), seed.instanceId(),
              new ErrorInfo("backend_protocol", label + ": " + e.getMessage()))
          .withRunId(jobId).withTimes(startedAt, endedAt);
    }
    JsonNode error = row.get("error");
    if (error != null && !error.isNull() && !(error.isTextual() && error.asText().isBlank())) {
      String message = error.isTextual() ? error.asText() : error.toString();
      return SeedResult.errored(variant.name(), seed.seed(), seed.instanceId(),
              new ErrorInfo("backend_seed_error", label + " failed on the backend: " + message))
          .withMetrics(metrics).withLatencyMs(latency).withRunId(jobId)
          .withTimes(startedAt, endedAt);
    }
    return SeedResult.completed(variant.name(), seed.seed(), seed.instanceId(), metrics)
        .withLatencyMs(latency).withRunId(jobId).withTimes(startedAt, endedAt);
  }

  /** A number of the row, checked by the wire rule of its kind ({@link WireNumbers}). */
  private static Double number(JsonNode value, String field, Function<JsonNode, Double> rule) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw new IllegalArgumentException("\"" + field + "\" is " + value + ", not a number");
    }
    try {
      return rule.apply(value);
    } catch (WireNumbers.Violation e) {
      throw new IllegalArgumentException("\"" + field + "\" " + e.getMessage());
    }
  }

  private static Long integer(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() && !(value.isNumber() && value.doubleValue() % 1 == 0)) {
      throw new IllegalArgumentException("\"" + field + "\" is " + value
          + ", not a whole number");
    }
    try {
      // The Python runner reports 0 when it found no usage: unknown, not free (null).
      return WireNumbers.tokens(value);
    } catch (WireNumbers.Violation e) {
      throw new IllegalArgumentException("\"" + field + "\" " + e.getMessage());
    }
  }

  /** The same result with its trace file (relative to the variant folder). */
  static SeedResult withTrace(SeedResult r, String tracePath) {
    return r.withTracePath(tracePath);
  }

  /** The same result, errored for a reason that concerns the whole job. */
  static SeedResult errored(SeedResult r, ErrorInfo error) {
    return r.asErrored(error);
  }
}
