package dev.evalunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the suite once per named LLM configuration of an OpenHands-style {@code config.toml}: a
 * matrix. Each name becomes a variant in the test tree (suite -> variant -> seed), with its own
 * seeds, its own suite verdict, its own aggregates and its own output folder.
 *
 * <pre>{@code
 * // evals/llm-config.toml
 * // [llm]
 * // temperature = 0.0
 * // [llm.gpt4o]
 * // model = "gpt-4o"
 * // api_key = "${OPENAI_API_KEY}"
 * // [llm.local_qwen]
 * // model = "qwen3-8b"
 * // base_url = "http://localhost:8000/v1"
 *
 * @EvalSuite(config = "evals/banking77.toml")
 * @LlmConfigs(file = "evals/llm-config.toml", names = {"gpt4o", "local_qwen"})
 * class Banking77Matrix {}
 * }</pre>
 *
 * <p>A named section {@code [llm.NAME]} inherits every key it does not set from {@code [llm]};
 * the name {@code llm} itself selects the base section. The variant's keys go into
 * {@code policy.config} of every rollout request: {@code model}, {@code base_url} (sent as
 * {@code inference_url}), {@code custom_llm_provider} (sent as {@code provider}),
 * {@code max_output_tokens} (sent as {@code max_tokens}); every other key under its own name.
 * Secret keys ({@code api_key} and any key named like a key, token, secret or password) are not
 * sent unless {@link #sendSecrets()} is true, and are shown as {@code ***} everywhere.
 *
 * <p>Overridable per run: {@code -Devalunit.llm.configs=gpt4o} runs only that variant,
 * {@code -Devalunit.llm.file=...} reads another file, {@code -Devalunit.llm.sendSecrets=true}
 * opts in to sending keys (all also as {@code evalunit.suite.<Class>.llm.*}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LlmConfigs {

  /**
   * The OpenHands-style config file; resolved against the working directory first, then the
   * class path.
   */
  String file() default "config.toml";

  /**
   * The named sections to run, in this order. Empty means every {@code [llm.NAME]} section of
   * the file, in file order (or the {@code [llm]} section alone if there is none).
   */
  String[] names() default {};

  /**
   * Whether secret keys such as {@code api_key} travel to the task app in {@code policy.config}.
   * Off by default: most task apps hold their own provider keys.
   */
  boolean sendSecrets() default false;
}
