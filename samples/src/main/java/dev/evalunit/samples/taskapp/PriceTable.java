package dev.evalunit.samples.taskapp;

import java.util.Map;

/**
 * USD per million input and output tokens, for the models this app knows. The baselines call no
 * model; they are priced like small hosted models so the cost columns show something realistic.
 */
final class PriceTable {

  private record Price(double inputPerMillion, double outputPerMillion) {}

  private static final Map<String, Price> PRICES = Map.of(
      "keyword-baseline", new Price(0.15, 0.60),
      "majority-baseline", new Price(0.05, 0.20),
      "gpt-4o-mini", new Price(0.15, 0.60));

  private PriceTable() {}

  /** The cost in USD, or null for a model without a price (unknown is not free). */
  static Double costUsd(String model, long promptTokens, long completionTokens) {
    Price price = PRICES.get(model);
    if (price == null) {
      return null;
    }
    return (promptTokens * price.inputPerMillion() + completionTokens * price.outputPerMillion())
        / 1_000_000.0;
  }
}
