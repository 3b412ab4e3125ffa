package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * The LLM configuration of the variant being run: an OpenHands {@code [llm]} or
 * {@code [llm.NAME]} section of the suite's {@link dev.evalunit.LlmConfigs} file (a named section
 * inherits the keys it does not set from {@code [llm]}), with {@code ${VAR}} placeholders
 * expanded. A suite without {@code @LlmConfigs} gets the section {@code llm} holding the suite's
 * model ({@code @EvalSuite(model = ...)}) and policy-config keys.
 *
 * <pre>{@code
 * LlmConfig llm = ctx.llm();
 * OpenAiChatModel model = OpenAiChatModel.builder()
 *     .baseUrl(llm.baseUrl().orElse("https://api.openai.com/v1"))
 *     .apiKey(llm.apiKey().orElseThrow())
 *     .modelName(llm.model())
 *     .temperature(llm.temperature().orElse(0.0))
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} and {@link #masked()} show secret keys ({@code api_key} and any key
 * named like a key, token, secret or password) as {@code ***}; only {@link #apiKey()} and
 * {@link #get(String)} return their values, for the agent's own client.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface LlmConfig {

  /** The section's name: {@code llm}, or the {@code NAME} of {@code [llm.NAME]}. */
  String name();

  /** {@code model}, or null when the section sets none. */
  String model();

  /** {@code base_url}, the OpenAI-compatible endpoint. */
  Optional<String> baseUrl();

  /** {@code api_key}: the secret itself. Never print it. */
  Optional<String> apiKey();

  /** {@code temperature}. */
  OptionalDouble temperature();

  /** Any key of the section as text ({@code max_output_tokens}, {@code top_p}, ...). */
  Optional<String> get(String key);

  /** Every key of the section, secret values shown as {@code ***}. */
  Map<String, Object> masked();
}
