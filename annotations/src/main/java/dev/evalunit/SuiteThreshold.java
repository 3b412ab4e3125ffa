package dev.evalunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Whole-suite requirements, checked by the suite's verdict test once every selected seed has
 * finished (a partial selection is judged with the other seeds' latest recorded results). The
 * mean score is taken over the seeds whose rollout completed; errored and aborted seeds are
 * counted and reported, not averaged in as zero. The pass rate counts errored seeds as not
 * passed.
 *
 * <pre>{@code
 * @EvalSuite(config = "evals/banking77.toml")
 * @SuiteThreshold(meanScore = 0.8, maxCostUsd = 2.50)
 * class Banking77Eval {}
 * }</pre>
 *
 * <p>Attributes left at their default ({@code NaN}, {@code -1}) are not checked.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SuiteThreshold {

  /** The least mean score over completed seeds (inclusive). */
  double meanScore() default Double.NaN;

  /**
   * The least fraction (0..1) of the seeds that ran (completed or errored) that completed and
   * met the per-seed {@link Threshold}.
   */
  double passRate() default Double.NaN;

  /** The most all rollouts together may cost, in US dollars. */
  double maxCostUsd() default Double.NaN;

  /** The most tokens all rollouts together may use. */
  long maxTokens() default -1;

  /**
   * The most the 95th percentile (nearest rank) of the seeds' latencies may be, in
   * milliseconds.
   *
   * <pre>{@code @SuiteThreshold(maxP95LatencyMs = 8_000)}</pre>
   */
  long maxP95LatencyMs() default -1;

  /** The most the mean latency over the seeds that ran may be, in milliseconds. */
  long maxMeanLatencyMs() default -1;

  /**
   * The most the known cost per priced seed may be, in US dollars. Seeds of unknown cost fail it
   * unless {@code evalunit.cost.allowUnpriced=true}.
   */
  double maxCostPerSeedUsd() default Double.NaN;

  /**
   * Judge {@link #meanScore} and {@link #passRate} by a confidence interval at this level
   * (0.5 up to but not including 1): passed when the interval's lower bound meets the threshold,
   * failed when its upper bound misses it, inconclusive otherwise (reported as aborted, with
   * the number of seeds that would decide it). The mean score uses a Student-t interval over
   * the seeds' scores, the pass rate a Wilson interval. Without it, thresholds are compared with
   * the point estimate, and the 95% interval is only shown.
   *
   * <pre>{@code
   * @EvalSuite(seeds = "0..199")
   * @SuiteThreshold(meanScore = 0.8, confidence = 0.95)  // fails only if clearly below 0.8
   * class Banking77Eval {}
   * }</pre>
   */
  double confidence() default Double.NaN;

  /**
   * A dataset field that groups rows (e.g. {@code "topic"}): with {@link #confidence}, the
   * mean-score interval treats rows sharing a value as one cluster (cluster-robust standard
   * error), so near-duplicate rows do not narrow it. Every row must have the field.
   */
  String clusterField() default "";

  /** With {@link #confidence}: an inconclusive verdict fails the test instead of aborting it. */
  boolean inconclusiveFails() default false;
}
