package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import java.util.Locale;
import java.util.Objects;

/**
 * One seed's result with its judgement against the per-seed thresholds, made once when the
 * result is in and then read by the seed's test, the progress line, the suite outcome and every
 * report, so they cannot disagree about a seed.
 *
 * <pre>{@code
 * JudgedSeed judged = JudgedSeed.of(result, config.seedThresholds());
 * judged.outcome()     // PASSED, FAILED, ERRORED or NOT_RUN
 * judged.firstMiss()   // "score 0.2 is below the required 0.5", or ""
 * }</pre>
 *
 * @param result the seed's result
 * @param judgement its judgement, or null unless the rollout completed
 */
public record JudgedSeed(SeedResult result, SeedJudgement judgement) {

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
    if (result.completed() != (judgement != null)) {
      throw new IllegalArgumentException("a judgement is made for completed seeds only");
    }
  }

  public static JudgedSeed of(SeedResult result, SeedThresholds thresholds) {
    return new JudgedSeed(result,
        result.completed() ? SeedJudgement.of(result, thresholds) : null);
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
