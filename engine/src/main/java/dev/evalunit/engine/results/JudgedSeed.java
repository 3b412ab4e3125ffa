package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig.Epochs;
import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.statistics.Flakiness;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One seed's result with its judgement against the per-seed thresholds, made once when the
 * result is in and then read by the seed's test, the progress line, the suite outcome and every
 * report, so they cannot disagree about a seed. A seed run {@code epochs = N} times is judged on
 * its seed-level result ({@link SeedEpochs#reduce}: the epochs' scores reduced), with its epochs
 * and their flakiness kept beside it.
 *
 * <pre>{@code
 * JudgedSeed judged = JudgedSeed.of(result, config.seedThresholds());
 * JudgedSeed repeated = JudgedSeed.ofEpochs(epochResults, config.epochs(), config.seedThresholds());
 * judged.outcome()     // PASSED, FAILED, ERRORED or NOT_RUN
 * judged.firstMiss()   // "score 0.2 is below the required 0.5", or ""
 * }</pre>
 *
 * @param result the seed's result (with epochs, the seed-level one)
 * @param judgement its judgement, or null unless the rollout completed
 * @param epochs the seed's epoch results in epoch order; just {@code result} without epochs
 * @param flakiness how often the epochs disagree on pass or fail, or null with fewer than two
 *     scored epochs
 */
public record JudgedSeed(SeedResult result, SeedJudgement judgement, List<SeedResult> epochs,
    Flakiness flakiness) {

  /** How a seed ended, as every report shows it. */
  public enum Outcome {
    PASSED, FAILED, ERRORED, NOT_RUN;

    /** {@code passed}, {@code failed}, {@code errored}, {@code not run}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  public JudgedSeed {
    Objects.requireNonNull(result, "result");
    epochs = List.copyOf(epochs);
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("a seed has at least one epoch");
    }
    if (result.completed() != (judgement != null)) {
      throw new IllegalArgumentException("a judgement is made for completed seeds only");
    }
  }

  /** A seed of one rollout (no epochs). */
  public JudgedSeed(SeedResult result, SeedJudgement judgement) {
    this(result, judgement, List.of(result), null);
  }

  public static JudgedSeed of(SeedResult result, SeedThresholds thresholds) {
    return new JudgedSeed(result,
        result.completed() ? SeedJudgement.of(result, thresholds) : null);
  }

  /**
   * A seed judged on its epochs: reduced to one result by the suite's reducer, each epoch passing
   * at the per-seed minimum score (1 without one). One epoch is judged as {@link #of} judges it.
   */
  public static JudgedSeed ofEpochs(List<SeedResult> epochs, Epochs settings,
      SeedThresholds thresholds) {
    double passScore = Epochs.passScore(thresholds);
    SeedResult seed = SeedEpochs.reduce(epochs, settings, passScore);
    if (epochs.size() == 1) {
      return of(seed, thresholds);
    }
    return new JudgedSeed(seed, seed.completed() ? SeedJudgement.of(seed, thresholds) : null,
        SeedEpochs.inEpochOrder(epochs), SeedEpochs.flakiness(epochs, passScore));
  }

  /** True when the seed rolled out more than once. */
  public boolean repeated() {
    return epochs.size() > 1;
  }

  public Outcome outcome() {
    return switch (result.status()) {
      case ERRORED -> Outcome.ERRORED;
      case ABORTED -> Outcome.NOT_RUN;
      case COMPLETED -> judgement.passed() ? Outcome.PASSED : Outcome.FAILED;
    };
  }

  public boolean passed() {
    return outcome() == Outcome.PASSED;
  }

  /** The first missed threshold's message, or empty when none was missed. */
  public String firstMiss() {
    return judgement == null || judgement.passed() ? "" : judgement.misses().get(0).message();
  }
}
