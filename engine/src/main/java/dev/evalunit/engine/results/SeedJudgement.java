package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges one completed seed against the per-seed thresholds.
 *
 * @param misses one per missed threshold
 * @param unchecked thresholds not checked because the value was not reported
 */
public record SeedJudgement(List<Miss> misses, List<String> unchecked) {

  /**
   * A missed threshold.
   *
   * @param message states the observed and the required value
   * @param expected the requirement, e.g. {@code ">= 0.5"}
   * @param actual the observed value
   */
  public record Miss(String message, String expected, String actual) {}

  public SeedJudgement {
    misses = List.copyOf(misses);
    unchecked = List.copyOf(unchecked);
  }

  public boolean passed() {
    return misses.isEmpty();
  }

  public static SeedJudgement of(SeedResult result, SeedThresholds thresholds) {
    List<Miss> misses = new ArrayList<>();
    List<String> unchecked = new ArrayList<>();
    RolloutMetrics m = result.metrics();
    if (thresholds.minScore() != null && m.score() == null) {
      // A gate that cannot be checked is not passed (backend rows, aborted replies).
      misses.add(new Miss("no score reported; threshold.score requires >= "
          + Numbers.format(thresholds.minScore()),
          ">= " + Numbers.format(thresholds.minScore()), "none"));
    } else if (thresholds.minScore() != null && m.score() < thresholds.minScore()) {
      misses.add(new Miss("score " + Numbers.format(m.score()) + " is below the required "
          + Numbers.format(thresholds.minScore()),
          ">= " + Numbers.format(thresholds.minScore()), Numbers.format(m.score())));
    }
    if (thresholds.maxTokens() != null) {
      if (m.tokens() == null) {
        unchecked.add("maxTokens (tokens not reported)");
      } else if (m.tokens() > thresholds.maxTokens()) {
        misses.add(new Miss("tokens " + m.tokens() + " exceed the allowed "
            + thresholds.maxTokens(), "<= " + thresholds.maxTokens(), m.tokens().toString()));
      }
    }
    if (thresholds.maxCostUsd() != null) {
      if (m.costUsd() == null && thresholds.allowUnpriced()) {
        unchecked.add("maxCostUsd (cost unknown; allowed by cost.allowUnpriced)");
      } else if (m.costUsd() == null) {
        misses.add(new Miss("cost unknown: the task app reported none and it could not be "
            + "priced from tokens (no token split, or no price for the model); "
            + "threshold.maxCostUsd cannot be checked. Price the model in cost.priceFile, "
            + "or set cost.allowUnpriced=true to leave unpriced seeds unchecked",
            "<= " + Numbers.format(thresholds.maxCostUsd()), "unknown"));
      } else if (m.costUsd() > thresholds.maxCostUsd()) {
        misses.add(new Miss("cost $" + Numbers.format(m.costUsd()) + " exceeds the allowed $"
            + Numbers.format(thresholds.maxCostUsd()),
            "<= " + Numbers.format(thresholds.maxCostUsd()), Numbers.format(m.costUsd())));
      }
    }
    if (thresholds.maxLatencyMs() != null && result.latencyMs() != null
        && result.latencyMs() > thresholds.maxLatencyMs()) {
      misses.add(new Miss("latency " + Math.round(result.latencyMs())
          + " ms exceeds the allowed " + thresholds.maxLatencyMs() + " ms",
          "<= " + thresholds.maxLatencyMs(), Long.toString(Math.round(result.latencyMs()))));
    }
    return new SeedJudgement(misses, unchecked);
  }
}
