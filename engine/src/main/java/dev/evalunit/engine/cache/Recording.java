package dev.evalunit.engine.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.engine.results.RolloutMetrics;

/**
 * What the cache keeps of one completed rollout: its numbers, trace, latency and attempts.
 * Never an error: only completed rollouts are recorded.
 *
 * <pre>{@code
 * new Recording(result.metrics(), reply.trace(), result.latencyMs(), result.attempts());
 * }</pre>
 *
 * @param metrics the rollout's numbers, its cost as it was spent (reported or priced)
 * @param trace the trace the task app returned, or null
 * @param latencyMs the recorded rollout's latency, shown for a replayed seed (and judged by a
 *     per-seed latency threshold) but kept out of latency statistics
 * @param attempts how many attempts the recorded rollout took
 */
public record Recording(RolloutMetrics metrics, JsonNode trace, Double latencyMs, int attempts) {}
