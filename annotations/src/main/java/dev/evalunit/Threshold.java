package dev.evalunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Per-seed requirements: a seed whose rollout finished but misses one of them fails with an
 * assertion error stating the observed and the required value.
 *
 * <pre>{@code
 * @EvalSuite(taskApp = "http://localhost:8103", env = "banking77", seeds = "0..19")
 * @Threshold(score = 0.5, maxTokens = 4000)
 * class Banking77Eval {}
 * }</pre>
 *
 * <p>Attributes left at their default ({@code NaN}, {@code -1}) are not checked. A limit on a
 * value the task app did not report (unknown tokens or cost) is not checked for that seed; the
 * seed's output says so.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Threshold {

  /** The least score a seed must reach (inclusive). */
  double score() default Double.NaN;

  /** The most tokens one rollout may use. */
  long maxTokens() default -1;

  /** The most one rollout may cost, in US dollars. */
  double maxCostUsd() default Double.NaN;

  /** The longest one rollout may take, in milliseconds, including retries. */
  long maxLatencyMs() default -1;
}
