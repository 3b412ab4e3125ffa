package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import java.util.Arrays;
import java.util.List;

/**
 * Aggregates over one suite's (or one variant's) judged seeds. Means are taken over completed
 * seeds only; unknown token and cost values are left out of totals and counted.
 *
 * <p>The pass rate counts errored seeds as not passed: {@code passed / (completed + errored)}.
 * A seed whose rollout errored did not pass, and leaving it out would let a task app that fails
 * on hard seeds raise the rate (125 of 1,000 errored once gave {@code pass_rate=1}). Seeds that
 * were not run are left out; the verdict names them and the stop that left them.
 *
 * @param seeds how many seed results there are
 * @param completed rollouts that returned a result
 * @param passed completed seeds that met every per-seed threshold
 * @param failed completed seeds that missed a per-seed threshold
 * @param errored seeds whose rollout errored
 * @param aborted seeds that were not run
 * @param meanScore mean score over completed seeds, or null if none has a score
 * @param passRate passed / (completed + errored), or null if no seed ran
 * @param totalTokens sum of reported tokens, or null if none was reported
 * @param totalCostUsd sum of known costs, or null if no cost is known
 * @param meanLatencyMs mean latency over every seed that ran (as the table's avg row), or null;
 *     seeds replayed from the cache are left out (they were not timed in this run)
 * @param p95LatencyMs the 95th percentile (nearest rank) of those latencies, or null
 * @param pricedSeeds seeds that ran whose cost is known (reported, or from the price table)
 * @param cachedSeeds rollouts replayed from the cache instead of sent ({@code cache.mode}); with
 *     epochs each replayed epoch counts
 * @param savedCostUsd the known cost of the replayed seeds, or null if none is known: part of
 *     {@code totalCostUsd} (what the agent costs, which cost thresholds judge) but saved, not
 *     spent in this run
 */
public record SuiteSummary(
    int seeds, int completed, int passed, int failed, int errored, int aborted,
    Double meanScore, Double passRate, Long totalTokens, Double totalCostUsd,
    Double meanLatencyMs, Double p95LatencyMs, int pricedSeeds, int cachedSeeds,
    Double savedCostUsd) {

  /** Seeds whose rollout ran to an end (completed or errored); what pass rate and cost cover. */
  public int ran() {
    return completed + errored;
  }

  /** What this run spent: the total cost less what replayed seeds saved, or null if unknown. */
  public Double spentCostUsd() {
    return totalCostUsd == null ? null
        : savedCostUsd == null ? totalCostUsd : Math.max(0, totalCostUsd - savedCostUsd);
  }

  /** Seeds that ran without a known cost. */
  public int unpricedSeeds() {
    return ran() - pricedSeeds;
  }

  /** Known cost per priced seed, or null when no seed is priced. */
  public Double costPerSeedUsd() {
    return pricedSeeds == 0 || totalCostUsd == null ? null : totalCostUsd / pricedSeeds;
  }

  /** {@code "18 of 20 seeds priced"}. */
  public String pricedText() {
    return pricedSeeds + " of " + ran() + " seeds priced";
  }

  public static SuiteSummary of(List<SeedResult> results, SeedThresholds thresholds) {
    return ofJudged(results.stream().map(r -> JudgedSeed.of(r, thresholds)).toList());
  }

  public static SuiteSummary ofJudged(List<JudgedSeed> seeds) {
    int completed = 0;
    int passed = 0;
    int errored = 0;
    int aborted = 0;
    int scored = 0;
    double scoreSum = 0;
    long tokens = 0;
    boolean anyTokens = false;
    double cost = 0;
    int priced = 0;
    double[] latencies = new double[seeds.size()];
    int latencyCount = 0;
    double latencySum = 0;
    int cached = 0;
    double saved = 0;
    boolean anySaved = false;
    for (JudgedSeed judged : seeds) {
      SeedResult r = judged.result();
      switch (judged.outcome()) {
        case ERRORED -> errored++;
        case NOT_RUN -> aborted++;
        case PASSED, FAILED -> {
          completed++;
          if (judged.passed()) {
            passed++;
          }
          if (r.metrics().score() != null) {
            scored++;
            scoreSum += r.metrics().score();
          }
        }
      }
      // Per rollout (each epoch one): a replayed one saved its cost and was not timed here.
      double seedLatency = 0;
      int timed = 0;
      for (SeedResult rollout : judged.epochs()) {
        if (rollout.cached()) {
          cached++;
          if (rollout.metrics().costUsd() != null) {
            anySaved = true;
            saved += rollout.metrics().costUsd();
          }
        } else if (rollout.latencyMs() != null) {
          seedLatency += rollout.latencyMs();
          timed++;
        }
      }
      if (timed > 0) {
        latencies[latencyCount++] = seedLatency / timed;
        latencySum += seedLatency / timed;
      }
      // Tokens and cost are spent by errored rollouts too when the app reported them.
      if (r.metrics().tokens() != null) {
        anyTokens = true;
        // Saturating, not addExact: an overflow must not throw away the suite's reports.
        tokens = Numbers.saturatedAdd(tokens, r.metrics().tokens());
      }
      if (r.metrics().costUsd() != null) {
        cost += r.metrics().costUsd();
        if (r.status() != SeedResult.Status.ABORTED) {
          priced++;
        }
      }
    }
    int ran = completed + errored;
    return new SuiteSummary(seeds.size(), completed, passed, completed - passed, errored,
        aborted,
        scored == 0 ? null : scoreSum / scored,
        ran == 0 ? null : (double) passed / ran,
        anyTokens ? tokens : null,
        priced == 0 ? null : cost,
        latencyCount == 0 ? null : latencySum / latencyCount,
        latencyCount == 0 ? null : nearestRank(Arrays.copyOf(latencies, latencyCount), 0.95),
        priced, cached, anySaved ? saved : null);
  }

  /** The smallest value at least {@code p} of the values are at or below (nearest rank). */
  private static double nearestRank(double[] values, double p) {
    Arrays.sort(values);
    int rank = (int) Math.ceil(p * values.length);
    return values[Math.max(0, rank - 1)];
  }
}
