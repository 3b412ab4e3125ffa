package dev.evalunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The most one suite may spend. Once a limit is reached no new rollout starts; rollouts already
 * under way finish; every seed not yet started is reported as aborted with the reason, e.g.
 * {@code "budget reached: $2.01 of $2"}. The suite verdict then fails and says how many seeds
 * were not run, unless {@link #allowPartial()} is set, in which case the thresholds are judged
 * on the seeds that completed.
 *
 * <pre>{@code
 * @EvalSuite(config = "evals/banking77.toml", concurrency = 8)
 * @Budget(usd = 2.0, tokens = 100_000, wallTime = "10m")
 * class Banking77Eval {}
 * }</pre>
 *
 * <p>Cost and tokens are those the task app reports per rollout (errored rollouts count when
 * they report any); a rollout that reports none spends nothing against that limit. Wall time
 * runs from the start of the suite. Attributes left at their default are not limited. The same
 * limits can be set as {@code budget.usd}, {@code budget.tokens}, {@code budget.wallTime} and
 * {@code budget.allowPartial} (e.g. {@code -Devalunit.budget.usd=2}); a budget across every
 * suite of a run is {@code evalunit.run.budget.usd} (and {@code .tokens}, {@code .wallTime}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Budget {

  /** The most all rollouts of the suite may cost together, in US dollars. */
  double usd() default Double.NaN;

  /** The most tokens all rollouts of the suite may use together. */
  long tokens() default -1;

  /** How long rollouts may keep starting, e.g. {@code "90s"}, {@code "10m"}, {@code "1h"}. */
  String wallTime() default "";

  /**
   * When true, a suite cut short by its budget (or its {@code timeout.suite} deadline) is judged
   * on its completed seeds instead of failing.
   */
  boolean allowPartial() default false;
}
