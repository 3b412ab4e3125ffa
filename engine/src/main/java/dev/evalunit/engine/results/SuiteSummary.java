package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import java.util.List;

/**
 * Aggregates over one suite's (or one variant's) seed results. Means are taken over completed
 * seeds only; unknown token and cost values are left out of totals and counted.
 *
 * @param seeds how many seed results there are
 * @param completed rollouts that returned a result
 * @param passed completed seeds that met every per-seed threshold
 * @param failed completed seeds that missed a per-seed threshold
 * @param errored seeds whose rollout errored
 * @param aborted seeds that were not run
 * @param meanScore mean score over completed seeds, or null if none has a score
 * @param passRate passed / completed, or null if none completed
 * @param totalTokens sum of reported tokens, or null if none was reported
 * @param totalCostUsd sum of reported costs, or null if none was reported
 * @param meanLatencyMs mean latency over every seed that ran (as the table's avg row), or null
 */
public record SuiteSummary(
    int seeds, int completed, int passed, int failed, int errored, int aborted,
    Double meanScore, Double passRate, Long totalTokens, Double totalCostUsd,
    Double meanLatencyMs) {

  public static SuiteSummary of(List<SeedResult> results, SeedThresholds thresholds) {
    int completed = 0;
    int passed = 0;
    int errored = 0;
    int aborted = 0;
    int scored = 0;
    double scoreSum = 0;
    long tokens = 0;
    boolean anyTokens = false;
    double cost = 0;
    boolean anyCost = false;
    double latencySum = 0;
    int latencies = 0;
    for (SeedResult r : results) {
      switch (r.status()) {
        case ERRORED -> errored++;
        case ABORTED -> aborted++;
        case COMPLETED -> {
          completed++;
          if (SeedJudgement.of(r, thresholds).passed()) {
            passed++;
          }
          if (r.metrics().score() != null) {
            scored++;
            scoreSum += r.metrics().score();
          }
        }
      }
      if (r.latencyMs() != null) {
        latencies++;
        latencySum += r.latencyMs();
      }
      // Tokens and cost are spent by errored rollouts too when the app reported them.
      if (r.metrics().tokens() != null) {
        anyTokens = true;
        tokens += r.metrics().tokens();
      }
      if (r.metrics().costUsd() != null) {
        anyCost = true;
        cost += r.metrics().costUsd();
      }
    }
    return new SuiteSummary(results.size(), completed, passed, completed - passed, errored,
        aborted,
        scored == 0 ? null : scoreSum / scored,
        completed == 0 ? null : (double) passed / completed,
        anyTokens ? tokens : null,
        anyCost ? cost : null,
        latencies == 0 ? null : latencySum / latencies);
  }
}
