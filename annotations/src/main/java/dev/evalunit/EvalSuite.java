package dev.evalunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.platform.commons.annotation.Testable;

/**
 * Declares a class as an eval suite: every seed becomes one test, run as one rollout against a
 * task app, followed by a suite verdict test.
 *
 * <pre>{@code
 * @EvalSuite(taskApp = "http://localhost:8103", env = "banking77", seeds = "0..19",
 *            concurrency = 8, model = "gpt-4o-mini")
 * @Threshold(score = 0.5)
 * @SuiteThreshold(meanScore = 0.8)
 * class Banking77Eval {}
 * }</pre>
 *
 * <p>Every attribute is optional where a {@link #config() config file} supplies the value. Values
 * are layered, lowest first: attribute defaults, these attributes, the config file,
 * {@code junit-platform.properties}, system properties ({@code -Devalunit.seeds=0..9}). Empty
 * strings and {@code 0} mean "not set here".
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Testable
public @interface EvalSuite {

  /** Base URL of the task app, e.g. {@code "http://localhost:8103"}. May contain {@code ${VAR}}. */
  String taskApp() default "";

  /**
   * Path of a synth-ai eval TOML file whose {@code [eval]} table (or other known shape) supplies
   * settings; resolved against the working directory first, then the class path.
   */
  String config() default "";

  /** The environment name sent as {@code env.env_name}, e.g. {@code "banking77"}. */
  String env() default "";

  /**
   * The seeds to run: a list ({@code "1,5,9"}), a range ({@code "0..19"} or {@code "0-19"}, both
   * inclusive), or a mix ({@code "0..4, 10"}).
   */
  String seeds() default "";

  /** How many rollouts may run at once. {@code 0} means not set (the default is 1). */
  int concurrency() default 0;

  /** The model, sent as {@code policy.config.model}. */
  String model() default "";

  /**
   * How many times each seed rolls out ({@code 0} means not set: once). Each epoch has its own
   * run id and {@code results.jsonl} row and resumes on its own; the seed stays one test, judged
   * on its epochs' value reduced by {@link #reducer()}:
   *
   * <pre>{@code
   * @EvalSuite(taskApp = "http://localhost:8103", env = "banking77", seeds = "0..49",
   *            epochs = 5, reducer = "pass@1")
   * @Threshold(score = 1)
   * class Banking77Eval {}
   * }</pre>
   */
  int epochs() default 0;

  /**
   * How a seed's epoch scores reduce to its value: {@code "mean"} (the default), {@code "median"},
   * {@code "max"}, {@code "min"}, {@code "mode"}, {@code "pass@k"} (the unbiased estimator of
   * Chen et al. 2021), {@code "pass^k"} (all of k pass), {@code "at-least-k"}; k at most
   * {@link #epochs()}. An epoch passes at {@code @Threshold(score)}, or 1 without it.
   */
  String reducer() default "";
}
