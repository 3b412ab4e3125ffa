package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig.Epochs;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.results.SeedResult.Status;
import dev.evalunit.engine.statistics.Flakiness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A seed's epochs made into the one seed-level result the seed's test, the suite statistics and
 * the reports judge. With one epoch that is the epoch's own result, unchanged. With more:
 *
 * <ul>
 *   <li>an errored epoch makes the seed errored (the first, by epoch; its message says which),
 *       else an epoch not run makes it not run, else it completed;
 *   <li>the score is the epochs' scores reduced by the suite's reducer ({@code mean},
 *       {@code pass@k}, ...), or none when an epoch reported none;
 *   <li>the other scores (reward mean, outcome, events, verifier) are the mean of the epochs that
 *       reported them, the latency the mean epoch latency;
 *   <li>tokens and cost are the sums over the epochs (what the seed used), the cost unknown when a
 *       completed epoch's cost is;
 *   <li>no run id (each epoch has its own), epoch 0's trace, the attempts summed, the earliest
 *       start and latest end; reused when every epoch was.
 * </ul>
 *
 * <pre>{@code
 * SeedResult seed = SeedEpochs.reduce(epochResults, config.epochs(), config.seedThresholds());
 * }</pre>
 */
public final class SeedEpochs {

  private SeedEpochs() {}

  /**
   * The seed-level result of one seed's epochs (each epoch once, in any order).
   *
   * @throws IllegalArgumentException for no epochs, or epochs of different seeds
   */
  public static SeedResult reduce(List<SeedResult> epochs, Epochs settings, double passScore) {
    List<SeedResult> sorted = inEpochOrder(epochs);
    if (sorted.size() == 1) {
      return sorted.get(0);
    }
    SeedResult first = sorted.get(0);
    int n = sorted.size();
    RolloutMetrics metrics = metrics(sorted, settings, passScore);
    SeedResult failed = sorted.stream().filter(r -> r.status() == Status.ERRORED).findFirst()
        .or(() -> sorted.stream().filter(r -> r.status() == Status.ABORTED).findFirst())
        .orElse(null);
    SeedResult seed;
    if (failed == null) {
      seed = SeedResult.completed(first.variant(), first.seed(), first.instanceId(), metrics);
    } else {
      ErrorInfo error = new ErrorInfo(failed.error().type(), "epoch " + failed.epoch() + " of "
          + n + (failed.status() == Status.ERRORED ? " errored: " : " not run: ")
          + failed.error().message());
      seed = SeedResult.of(failed.status(), first.variant(), first.seed(), first.instanceId(),
          metrics, error);
    }
    return seed
        .withLatencyMs(mean(sorted, SeedResult::latencyMs))
        .withAttempts(sorted.stream().mapToInt(SeedResult::attempts).sum())
        .withTracePath(first.tracePath())
        .withTimes(sorted.stream().map(SeedResult::startedAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null),
            sorted.stream().map(SeedResult::endedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null))
        .withReused(sorted.stream().allMatch(SeedResult::reused))
        .withCached(sorted.stream().allMatch(SeedResult::cached));
  }

  /**
   * How often the seed's epochs disagree on pass or fail, or null with fewer than two epochs or
   * when an epoch has no score (an errored or unscored epoch has nothing to agree on).
   */
  public static Flakiness flakiness(List<SeedResult> epochs, double passScore) {
    if (epochs.size() < 2 || epochs.stream()
        .anyMatch(r -> !r.completed() || r.metrics().score() == null)) {
      return null;
    }
    return Flakiness.of(scores(epochs), passScore);
  }

  /**
   * Results of any number of seeds, each seed's epochs together, seeds in the order their first
   * epoch appears, each seed's epochs in epoch order.
   */
  public static List<List<SeedResult>> bySeed(List<SeedResult> results) {
    Map<List<String>, List<SeedResult>> seeds = new LinkedHashMap<>();
    for (SeedResult r : results) {
      seeds.computeIfAbsent(Arrays.asList(r.variant(), r.seedKey()), k -> new ArrayList<>())
          .add(r);
    }
    return seeds.values().stream().map(SeedEpochs::inEpochOrder).toList();
  }

  /** Each epoch's score, in epoch order (nulls as NaN). */
  public static double[] scores(List<SeedResult> epochs) {
    return inEpochOrder(epochs).stream()
        .mapToDouble(r -> r.metrics().score() == null ? Double.NaN : r.metrics().score())
        .toArray();
  }

  /** The epochs of one seed in epoch order, checked: one seed, each epoch once. */
  static List<SeedResult> inEpochOrder(List<SeedResult> epochs) {
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("a seed has at least one epoch");
    }
    SeedResult first = epochs.get(0);
    for (SeedResult r : epochs) {
      if (!Objects.equals(r.variant(), first.variant()) || !r.seedKey().equals(first.seedKey())) {
        throw new IllegalArgumentException("epochs of different seeds: " + first.seedKey()
            + " and " + r.seedKey());
      }
    }
    List<SeedResult> sorted = new ArrayList<>(epochs);
    sorted.sort(Comparator.comparingInt(SeedResult::epoch));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).epoch() == sorted.get(i - 1).epoch()) {
        throw new IllegalArgumentException("seed " + first.seedKey() + " has epoch "
            + sorted.get(i).epoch() + " twice");
      }
    }
    return sorted;
  }

  private static RolloutMetrics metrics(List<SeedResult> epochs, Epochs settings,
      double passScore) {
    List<RolloutMetrics> m = epochs.stream().map(SeedResult::metrics).toList();
    boolean allScored = epochs.stream()
        .allMatch(r -> r.completed() && r.metrics().score() != null);
    Double score = allScored ? settings.reducer().reduce(scores(epochs), passScore) : null;
    Long tokens = m.stream().anyMatch(x -> x.tokens() != null)
        ? m.stream().filter(x -> x.tokens() != null).mapToLong(RolloutMetrics::tokens).sum()
        : null;
    boolean costKnown = epochs.stream().filter(SeedResult::completed)
        .allMatch(r -> r.metrics().costUsd() != null)
        && m.stream().anyMatch(x -> x.costUsd() != null);
    Double cost = costKnown ? m.stream().filter(x -> x.costUsd() != null)
        .mapToDouble(RolloutMetrics::costUsd).sum() : null;
    RolloutMetrics.CostSource source = m.stream()
        .anyMatch(x -> x.costSource() == RolloutMetrics.CostSource.PRICED)
        ? RolloutMetrics.CostSource.PRICED : RolloutMetrics.CostSource.REPORTED;
    return new RolloutMetrics(score, mean(m, RolloutMetrics::rewardMean),
        mean(m, RolloutMetrics::outcomeScore), mean(m, RolloutMetrics::eventsScore),
        mean(m, RolloutMetrics::verifierScore), tokens, cost, source);
  }

  /** The mean of the non-null values, or null when there are none. */
  private static <T> Double mean(List<T> items, Function<T, Double> field) {
    double[] values = items.stream().map(field).filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue).toArray();
    return values.length == 0 ? null : Arrays.stream(values).average().orElseThrow();
  }
}
