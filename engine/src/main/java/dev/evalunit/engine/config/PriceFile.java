package dev.evalunit.engine.config;

import dev.evalunit.engine.pricing.ModelPrice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's price file ({@code cost.priceFile}): USD per million tokens per model, a TOML table
 * per model under {@code [models]}. Its entries replace built-in ones of the same model.
 *
 * <pre>{@code
 * [models."gpt-4o-mini"]
 * prompt = 0.15       # USD per million uncached prompt tokens
 * completion = 0.60   # USD per million completion tokens
 * cached = 0.075      # USD per million cached prompt tokens; default: the prompt price
 * }</pre>
 */
final class PriceFile {

  private static final Set<String> KEYS = Set.of("prompt", "completion", "cached");
  private static final SettingForm PRICE =
      SettingForm.number(0, Double.POSITIVE_INFINITY, false);

  private PriceFile() {}

  static List<ModelPrice> read(Map<String, Object> toml, String file) {
    for (String key : toml.keySet()) {
      if (!key.equals("models")) {
        throw new ConfigException(file + ": unknown table or key \"" + key
            + "\"; a price file has only [models.\"<model>\"] tables");
      }
    }
    Object models = toml.get("models");
    if (!(models instanceof Map<?, ?> byModel)) {
      throw new ConfigException(file + ": expected [models.\"<model>\"] tables with prompt, "
          + "completion and cached prices (USD per million tokens)");
    }
    List<ModelPrice> prices = new ArrayList<>();
    byModel.forEach((model, entry) -> {
      String at = file + " [models.\"" + model + "\"]";
      if (!(entry instanceof Map<?, ?> fields)) {
        throw new ConfigException(at + ": expected a table with prompt and completion prices");
      }
      for (Object key : fields.keySet()) {
        if (!KEYS.contains(String.valueOf(key))) {
          throw new ConfigException(at + "." + key + ": unknown key; expected prompt, "
              + "completion or cached (USD per million tokens)");
        }
      }
      double prompt = price(at, fields, "prompt", null);
      double completion = price(at, fields, "completion", null);
      double cached = price(at, fields, "cached", prompt);
      prices.add(new ModelPrice(String.valueOf(model), prompt, completion, cached, at));
    });
    return prices;
  }

  private static double price(String at, Map<?, ?> fields, String key, Double fallback) {
    Object value = fields.get(key);
    if (value == null) {
      if (fallback == null) {
        throw new ConfigException(at + ": no " + key + " price (USD per million tokens)");
      }
      return fallback;
    }
    return (Double) PRICE.parse(key, new Setting(value, at + "." + key));
  }
}
