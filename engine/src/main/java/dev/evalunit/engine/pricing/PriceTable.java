package dev.evalunit.engine.pricing;

import dev.evalunit.engine.results.RolloutMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * USD prices per million prompt, completion and cached tokens, per model: the built-in entries
 * (docs/configuration.md says where each comes from and when it was taken) with a user's price
 * file on top. Used to price a rollout whose task app reports tokens but no cost.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.builtIn();
 * prices.find("openai/gpt-4o-mini-2024-07-18"); // the gpt-4o-mini entry
 * }</pre>
 */
public final class PriceTable {

  /** Taken from the providers' public price pages; see docs/configuration.md (Pricing). */
  static final String BUILT_IN = "built-in price table of 2026-12-01";

  private static final PriceTable BUILT_IN_TABLE = new PriceTable(builtInEntries());

  private final Map<String, ModelPrice> byModel;

  private PriceTable(Map<String, ModelPrice> byModel) {
    this.byModel = Collections.unmodifiableMap(new LinkedHashMap<>(byModel));
  }

  public static PriceTable builtIn() {
    return BUILT_IN_TABLE;
  }

  /** This table with {@code prices} added, replacing entries of the same model. */
  public PriceTable with(Iterable<ModelPrice> prices) {
    Map<String, ModelPrice> merged = new LinkedHashMap<>(byModel);
    for (ModelPrice price : prices) {
      merged.put(normal(price.model()), price);
    }
    return new PriceTable(merged);
  }

  /** Every entry, by normalised model name. */
  public Map<String, ModelPrice> entries() {
    return byModel;
  }

  /**
   * The price of {@code model}: its own entry, else the entry of the name without a provider
   * prefix ({@code openai/gpt-4o} is {@code gpt-4o}), else the longest entry the name extends
   * with a dash (a dated snapshot such as {@code gpt-4o-mini-2024-07-18}). Case is ignored.
   */
  public Optional<ModelPrice> find(String model) {
    if (model == null || model.isBlank()) {
      return Optional.empty();
    }
    String name = normal(model);
    ModelPrice exact = byModel.get(name);
    if (exact != null) {
      return Optional.of(exact);
    }
    String bare = name.substring(name.lastIndexOf('/') + 1);
    ModelPrice found = byModel.get(bare);
    if (found != null) {
      return Optional.of(found);
    }
    String best = null;
    for (String entry : byModel.keySet()) {
      if (bare.startsWith(entry + "-") && (best == null || entry.length() > best.length())) {
        best = entry;
      }
    }
    return Optional.ofNullable(best == null ? null : byModel.get(best));
  }

  /**
   * The metrics with a cost: a reported cost stays (marked reported); otherwise the cost of
   * {@code tokens} at {@code model}'s price (marked priced); otherwise unchanged, cost unknown.
   */
  public RolloutMetrics price(RolloutMetrics metrics, TokenCounts tokens, String model) {
    if (metrics.costUsd() != null || tokens == null || !tokens.known()) {
      return metrics;
    }
    return find(model).map(p -> metrics.withPricedCost(p.costUsd(tokens))).orElse(metrics);
  }

  private static String normal(String model) {
    return model.trim().toLowerCase(Locale.ROOT);
  }

  private static Map<String, ModelPrice> builtInEntries() {
    Map<String, ModelPrice> prices = new LinkedHashMap<>();
    // OpenAI, platform.openai.com/docs/pricing (standard tier): prompt, completion, cached.
    put(prices, "gpt-4o", 2.50, 10.00, 1.25);
    put(prices, "gpt-4o-mini", 0.15, 0.60, 0.075);
    put(prices, "gpt-4.1", 2.00, 8.00, 0.50);
    put(prices, "gpt-4.1-mini", 0.40, 1.60, 0.10);
    put(prices, "gpt-4.1-nano", 0.10, 0.40, 0.025);
    put(prices, "gpt-5", 1.25, 10.00, 0.125);
    put(prices, "gpt-5-mini", 0.25, 2.00, 0.025);
    put(prices, "gpt-5-nano", 0.05, 0.40, 0.005);
    put(prices, "o3", 2.00, 8.00, 0.50);
    put(prices, "o4-mini", 1.10, 4.40, 0.275);
    // Anthropic, docs.claude.com/en/docs/about-claude/pricing: input, output, cache hits.
    put(prices, "claude-opus-4-1", 15.00, 75.00, 1.50);
    put(prices, "claude-sonnet-4", 3.00, 15.00, 0.30);
    put(prices, "claude-sonnet-4-5", 3.00, 15.00, 0.30);
    put(prices, "claude-haiku-4-5", 1.00, 5.00, 0.10);
    put(prices, "claude-3-5-haiku", 0.80, 4.00, 0.08);
    return prices;
  }

  private static void put(Map<String, ModelPrice> prices, String model, double prompt,
      double completion, double cached) {
    prices.put(model, new ModelPrice(model, prompt, completion, cached, BUILT_IN));
  }
}
