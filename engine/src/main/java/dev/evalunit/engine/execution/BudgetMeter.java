package dev.evalunit.engine.execution;

import dev.evalunit.engine.config.SuiteConfig.Reliability.Budget;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.RolloutMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Spending against one budget: the cost and tokens finished rollouts reported, and the wall time
 * since the meter started. One per suite, and one per engine execution for the run budget, which
 * every suite of the run spends from. Thread-safe: workers spend as their rollouts finish.
 *
 * <pre>{@code
 * BudgetMeter meter = BudgetMeter.forSuite(new Budget(2.0, null, null), System::nanoTime);
 * meter.spend(result.metrics());
 * meter.reached(); // Optional[budget reached: $2.01 of $2 (budget.usd)]
 * }</pre>
 */
public final class BudgetMeter {

  private final Budget limits;
  private final String label;
  private final String keyPrefix;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private double usd;
  private long tokens;
  /** The first seed whose cost is unknown, while unpriced seeds are not allowed. */
  private String unpricedSeed;

  private BudgetMeter(Budget limits, String label, String keyPrefix, LongSupplier nanoClock) {
    this.limits = limits;
    this.label = label;
    this.keyPrefix = keyPrefix;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
  }

  /** A suite's budget, set by {@code @Budget} or {@code budget.*}; starts now. */
  public static BudgetMeter forSuite(Budget limits, LongSupplier nanoClock) {
    return new BudgetMeter(limits, "budget", "budget.", nanoClock);
  }

  /** The budget of one engine execution, {@code evalunit.run.budget.*}; starts now. */
  public static BudgetMeter forRun(Budget limits, LongSupplier nanoClock) {
    return new BudgetMeter(limits, "run budget", "evalunit.run.budget.", nanoClock);
  }

  /** Adds what one finished rollout reported; unreported values spend nothing. */
  public synchronized void spend(RolloutMetrics metrics) {
    // Spend never goes down, whatever a task app reported: no negative or non-finite cost.
    if (metrics.costUsd() != null && metrics.costUsd() > 0
        && Double.isFinite(metrics.costUsd())) {
      usd += metrics.costUsd();
    }
    if (metrics.tokens() != null && metrics.tokens() > 0) {
      tokens = Numbers.saturatedAdd(tokens, metrics.tokens());
    }
  }

  /**
   * Notes a completed seed whose cost is unknown: a USD limit can then no longer be kept, so the
   * budget counts as reached (unless {@code cost.allowUnpriced}, when the caller does not call).
   */
  public synchronized void spendUnknownCost(String seed) {
    if (unpricedSeed == null) {
      unpricedSeed = seed;
    }
  }

  /** Why the budget is used up (spent &gt;= limit), or empty while it is not. */
  public synchronized Optional<String> reached() {
    if (limits.usd() != null && unpricedSeed != null) {
      return Optional.of(label + " cannot be kept: the cost of " + unpricedSeed
          + " is unknown (not reported, and not priced from tokens); price its model in "
          + "cost.priceFile, or set cost.allowUnpriced=true to count priced seeds only ("
          + keyPrefix + "usd)");
    }
    if (limits.usd() != null && usd >= limits.usd()) {
      return Optional.of(label + " reached: $" + Numbers.format(usd) + " of $"
          + Numbers.format(limits.usd()) + " (" + keyPrefix + "usd)");
    }
    if (limits.tokens() != null && tokens >= limits.tokens()) {
      return Optional.of(label + " reached: " + tokens + " of " + limits.tokens() + " tokens ("
          + keyPrefix + "tokens)");
    }
    if (limits.wallTime() != null) {
      Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - startNanos);
      if (elapsed.compareTo(limits.wallTime()) >= 0) {
        return Optional.of(label + " reached: " + DurationText.format(elapsed) + " of "
            + DurationText.format(limits.wallTime()) + " wall time (" + keyPrefix + "wallTime)");
      }
    }
    return Optional.empty();
  }
}
