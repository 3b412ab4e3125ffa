package dev.evalunit.engine.agent;

import dev.evalunit.agent.UsageRecorder;
import dev.evalunit.engine.pricing.ModelPrice;
import dev.evalunit.engine.pricing.PriceTable;
import dev.evalunit.engine.pricing.TokenCounts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One rollout attempt's tokens per model, and any cost the agent reported itself. */
final class UsageCounter implements UsageRecorder {

  private final Map<String, TokenCounts> byModel = new LinkedHashMap<>();
  private Double reportedCost;

  @Override
  public synchronized void record(String model, long promptTokens, long completionTokens,
      long cachedPromptTokens) {
    if (promptTokens < 0 || completionTokens < 0 || cachedPromptTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative: prompt "
          + promptTokens + ", completion " + completionTokens + ", cached " + cachedPromptTokens);
    }
    if (cachedPromptTokens > promptTokens) {
      throw new IllegalArgumentException("cached prompt tokens (" + cachedPromptTokens
          + ") cannot exceed prompt tokens (" + promptTokens + ")");
    }
    String name = model == null || model.isBlank() ? "unknown" : model;
    byModel.merge(name, new TokenCounts(promptTokens, completionTokens, cachedPromptTokens),
        TokenCounts::plus);
  }

  @Override
  public synchronized void recordCost(double usd) {
    if (!(usd >= 0) || Double.isInfinite(usd)) {
      throw new IllegalArgumentException("a cost must be a finite number of dollars >= 0, was "
          + usd);
    }
    reportedCost = reportedCost == null ? usd : reportedCost + usd;
  }

  synchronized Map<String, TokenCounts> byModel() {
    return new LinkedHashMap<>(byModel);
  }

  /** Prompt plus completion tokens over every model; null when none were recorded. */
  synchronized Long tokens() {
    if (byModel.isEmpty()) {
      return null;
    }
    return byModel.values().stream().mapToLong(t -> t.prompt() + t.completion()).sum();
  }

  synchronized TokenCounts total() {
    return byModel.values().stream().reduce(TokenCounts.NONE, TokenCounts::plus);
  }

  /** The cost the agent reported, if any. */
  synchronized Optional<Double> reportedCost() {
    return Optional.ofNullable(reportedCost);
  }

  /**
   * The recorded tokens priced model by model; empty when none were recorded or a model has no
   * price (then the cost is unknown, never a guess).
   */
  synchronized Optional<Double> pricedCost(PriceTable prices) {
    if (byModel.isEmpty()) {
      return Optional.empty();
    }
    double sum = 0;
    for (Map.Entry<String, TokenCounts> entry : byModel.entrySet()) {
      Optional<ModelPrice> price = prices.find(entry.getKey());
      if (price.isEmpty()) {
        return Optional.empty();
      }
      sum += price.get().costUsd(entry.getValue());
    }
    return Optional.of(sum);
  }
}
