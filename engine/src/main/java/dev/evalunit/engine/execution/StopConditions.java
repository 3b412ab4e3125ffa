package dev.evalunit.engine.execution;

import dev.evalunit.engine.config.SuiteConfig.Reliability;
import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SuiteSummary;
import dev.evalunit.engine.results.SuiteVerdict;
import dev.evalunit.engine.results.EarlyStop;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Decides, before each rollout of a suite starts, whether rollouts may still start: not after
 * the run was interrupted, the suite deadline ({@code timeout.suite}) passed, the suite or run
 * budget was reached, more seeds errored than {@code maxErrors} allows, or, with
 * {@code failFast}, a seed errored or missed a threshold. Rollouts already under way are never
 * stopped by it. The first reason is kept, so every seed not started reports the same one and
 * the verdict states it.
 *
 * <pre>{@code
 * Optional<Stop> stop = stops.check();      // before a rollout starts
 * if (stop.isPresent()) return notStarted(stop.get().reason());
 * ...
 * stops.record(result);                      // after it finished, before the next one starts
 * stops.judged(judgedSeed);                  // once all of a seed's epochs finished
 * }</pre>
 */
public final class StopConditions {

  /** Why a suite stopped starting rollouts. */
  public enum Kind {
    INTERRUPTED, DEADLINE, BUDGET, MAX_ERRORS, FAIL_FAST;

    /** The error type of the seeds this stop left unstarted, e.g. {@code max_errors}. */
    public String errorType() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The reason a suite stopped starting rollouts.
   *
   * @param kind what stopped it
   * @param reason a sentence such as {@code "budget reached: $0.3 of $0.25 (budget.usd)"}
   * @param failsSuite whether the suite verdict fails because seeds were left unstarted; false
   *     only for budget and deadline stops with {@code budget.allowPartial=true}
   */
  public record Stop(Kind kind, String reason, boolean failsSuite) {

    /** This stop as the verdict reads it. */
    public EarlyStop early() {
      return new EarlyStop(reason, failsSuite, kind == Kind.BUDGET || kind == Kind.DEADLINE);
    }

    /** {@code "stopped early: <reason>; 7 of 10 seeds not run"}. */
    public String note(SuiteSummary summary) {
      return early().note(summary);
    }

    /** The verdict once this stop is taken into account; see {@link EarlyStop#judge}. */
    public SuiteVerdict judge(SuiteVerdict verdict, SuiteSummary summary) {
      return early().judge(verdict, summary);
    }
  }

  private final Reliability settings;
  private final int seeds;
  private final SeedThresholds thresholds;
  private final BudgetMeter suiteBudget;
  private final BudgetMeter runBudget;
  private final BooleanSupplier interrupted;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private final AtomicReference<Stop> stop = new AtomicReference<>();
  private final AtomicInteger errored = new AtomicInteger();

  /**
   * Starts the suite's clock (deadline and wall-time budget) now.
   *
   * @param seeds how many rollouts the suite selected, for a fractional {@code maxErrors}
   * @param runBudget the execution's budget, shared with the other suites
   * @param interrupted true once the run is being shut down
   */
  public StopConditions(Reliability settings, int seeds, SeedThresholds thresholds,
      BudgetMeter runBudget, BooleanSupplier interrupted, LongSupplier nanoClock) {
    this.settings = settings;
    this.seeds = seeds;
    this.thresholds = thresholds;
    this.suiteBudget = BudgetMeter.forSuite(settings.budget(), nanoClock);
    this.runBudget = runBudget;
    this.interrupted = interrupted;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
  }

  /** Why no further rollout may start, or empty while they may. */
  public Optional<Stop> check() {
    if (interrupted.getAsBoolean()) {
      // Reported even over an earlier stop: interrupted seeds are not recorded as results.
      Stop interruption = new Stop(Kind.INTERRUPTED, "run interrupted", true);
      stop.compareAndSet(null, interruption);
      return Optional.of(interruption);
    }
    Stop latched = stop.get();
    if (latched != null) {
      return Optional.of(latched);
    }
    boolean partialFails = !settings.allowPartial();
    Duration deadline = settings.suiteTimeout();
    if (deadline != null && nanoClock.getAsLong() - startNanos >= deadline.toNanos()) {
      return Optional.of(latch(Kind.DEADLINE,
          "suite deadline of " + DurationText.format(deadline) + " reached", partialFails));
    }
    Optional<String> budget = suiteBudget.reached().or(runBudget::reached);
    return budget.map(reason -> latch(Kind.BUDGET, reason, partialFails));
  }

  /** True once the run is being shut down: rollouts under way stop retrying. */
  public boolean interrupted() {
    return interrupted.getAsBoolean();
  }

  /**
   * Accounts a finished rollout (one epoch of a seed with epochs): spends its cost and tokens
   * from the budgets (not a replayed one's: its cost was saved, not spent), counts it against
   * {@code maxErrors}, and applies {@code failFast} to an error (a failed threshold is applied by
   * {@link #judged}, on the seed's judgement). Call it before the worker takes its next rollout,
   * so a limit reached by this rollout stops the next one.
   */
  public void record(SeedResult result) {
    if (result.status() == SeedResult.Status.ABORTED) {
      return;
    }
    if (!result.cached()) {
      suiteBudget.spend(result.metrics());
      runBudget.spend(result.metrics());
    }
    if (!result.cached() && result.completed() && result.metrics().costUsd() == null
        && !thresholds.allowUnpriced()) {
      suiteBudget.spendUnknownCost(label(result));
      runBudget.spendUnknownCost(label(result));
    }
    if (result.status() == SeedResult.Status.ERRORED) {
      int errors = errored.incrementAndGet();
      int tolerated = settings.maxErrors().tolerated(seeds);
      if (tolerated >= 0 && errors > tolerated) {
        latch(Kind.MAX_ERRORS, "error limit reached: " + errors + " seeds errored, more than "
            + maxErrorsText(tolerated) + " allows", true);
      }
      if (settings.failFast()) {
        latch(Kind.FAIL_FAST, "fail-fast: " + label(result) + " errored ("
            + result.error().type() + ")", true);
      }
    }
  }

  /**
   * Applies {@code failFast} to a seed whose rollouts (every epoch) have all ended, with its one
   * judgement (the judgement the seed's test and the reports state). Call it before the worker
   * takes its next rollout.
   */
  public void judged(JudgedSeed seed) {
    if (settings.failFast() && seed.outcome() == JudgedSeed.Outcome.FAILED) {
      latch(Kind.FAIL_FAST, "fail-fast: " + label(seed.result()) + " failed ("
          + seed.firstMiss() + ")", true);
    }
  }

  /** The stop, once one happened. */
  public Optional<Stop> stop() {
    return Optional.ofNullable(stop.get());
  }

  private Stop latch(Kind kind, String reason, boolean failsSuite) {
    Stop candidate = new Stop(kind, reason, failsSuite);
    return stop.compareAndSet(null, candidate) ? candidate : stop.get();
  }

  private String maxErrorsText(int tolerated) {
    Reliability.ErrorLimit limit = settings.maxErrors();
    return limit.count() != null ? "maxErrors = " + limit.count()
        : "maxErrors = " + Numbers.format(limit.fraction()) + " of " + seeds + " seeds (" + tolerated
            + ")";
  }

  private static String label(SeedResult r) {
    return (r.instanceId() != null ? r.instanceId() : "seed " + r.seed())
        + (r.epoch() == 0 ? "" : " epoch " + r.epoch())
        + (r.variant() == null ? "" : " (variant " + r.variant() + ")");
  }
}
