package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Counts the tokens the agent's LLM calls used, per model; safe to call from any thread. The
 * engine prices them with its price table ({@code evalunit.cost.priceFile} on top of the
 * built-in prices) into the seed's cost, which budgets and cost thresholds judge.
 *
 * <pre>{@code
 * ChatResponse r = model.chat(request);
 * ctx.usage().record(ctx.llm().model(), r.tokenUsage().inputTokenCount(),
 *     r.tokenUsage().outputTokenCount());
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface UsageRecorder {

  /** Records one call's tokens: prompt (input) and completion (output). */
  default void record(String model, long promptTokens, long completionTokens) {
    record(model, promptTokens, completionTokens, 0);
  }

  /**
   * Records one call's tokens.
   *
   * @param model the model name as the price table knows it (e.g. {@code gpt-4o-mini})
   * @param cachedPromptTokens how many of {@code promptTokens} were served from the provider's
   *     prompt cache (priced lower)
   * @throws IllegalArgumentException for a negative count, or more cached than prompt tokens
   */
  void record(String model, long promptTokens, long completionTokens, long cachedPromptTokens);

  /**
   * Records a cost the agent knows itself, in US dollars (added up over calls). A rollout with a
   * recorded cost is not priced from its tokens.
   */
  void recordCost(double usd);
}
