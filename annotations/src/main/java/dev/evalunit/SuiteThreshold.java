package dev.evalunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Whole-suite requirements, checked by the suite's verdict test once every selected seed has
 * finished. Aggregates are taken over the seeds whose rollout completed; errored and aborted
 * seeds are counted and reported, not averaged in as zero.
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

  /** The least fraction (0..1) of completed seeds that meet the per-seed {@link Threshold}. */
  double passRate() default Double.NaN;

  /** The most all rollouts together may cost, in US dollars. */
  double maxCostUsd() default Double.NaN;

  /** The most tokens all rollouts together may use. */
  long maxTokens() default -1;
}
