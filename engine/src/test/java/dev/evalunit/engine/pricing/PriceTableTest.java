package dev.evalunit.engine.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.evalunit.engine.results.RolloutMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The built-in price table, its lookups, and the docs table that lists it. */
class PriceTableTest {

  private final PriceTable prices = PriceTable.builtIn();

  @Test
  void aModelIsFoundByNameWithoutProviderAndAsADatedSnapshot() {
    assertThat(prices.find("GPT-4o-mini")).map(ModelPrice::model).contains("gpt-4o-mini");
    assertThat(prices.find("openai/gpt-4o-mini")).map(ModelPrice::model).contains("gpt-4o-mini");
    assertThat(prices.find("gpt-4o-mini-2024-07-18")).map(ModelPrice::model)
        .contains("gpt-4o-mini");
    assertThat(prices.find("gpt-4o-2024-08-06")).map(ModelPrice::model).contains("gpt-4o");
    assertThat(prices.find("claude-sonnet-4-20250514")).map(ModelPrice::model)
        .contains("claude-sonnet-4");
    assertThat(prices.find("gpt-4o2")).isEmpty();
    assertThat(prices.find("qwen3-8b")).isEmpty();
    assertThat(prices.find(null)).isEmpty();
  }

  @Test
  void cachedPromptTokensArePricedAtTheCachedRate() {
    ModelPrice gpt4oMini = prices.find("gpt-4o-mini").orElseThrow();
    // 800,000 x 0.15 + 200,000 x 0.075 + 100,000 x 0.60, per million tokens.
    assertThat(gpt4oMini.costUsd(new TokenCounts(1_000_000, 100_000, 200_000)))
        .isCloseTo(0.195, within(1e-12));
  }

  @Test
  void aReportedCostIsKeptAndAnUnpricedOneStaysUnknown() {
    RolloutMetrics reported = new RolloutMetrics(1.0, null, null, null, null, 10L, 0.5);
    TokenCounts tokens = new TokenCounts(1000, 100, 0);
    assertThat(prices.price(reported, tokens, "gpt-4o")).isEqualTo(reported);
    assertThat(reported.costSource()).isEqualTo(RolloutMetrics.CostSource.REPORTED);

    RolloutMetrics none = new RolloutMetrics(1.0, null, null, null, null, 1100L, null);
    assertThat(prices.price(none, tokens, "mystery").costUsd()).isNull();
    assertThat(prices.price(none, TokenCounts.NONE, "gpt-4o").costUsd()).isNull();
    RolloutMetrics priced = prices.price(none, tokens, "gpt-4o");
    assertThat(priced.costSource()).isEqualTo(RolloutMetrics.CostSource.PRICED);
    assertThat(priced.costUsd()).isCloseTo((1000 * 2.5 + 100 * 10.0) / 1e6, within(1e-15));
  }

  /** docs/configuration.md "Built-in prices" lists exactly the built-in entries. */
  @Test
  void theDocsTableListsExactlyTheBuiltInPrices() throws IOException {
    String docs = Files.readString(docs());
    String section = docs.substring(docs.indexOf("### Built-in prices"));
    Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9.]+) \\|")
        .matcher(section);
    Map<String, String> documented = new LinkedHashMap<>();
    while (row.find()) {
      documented.put(row.group(1), Double.parseDouble(row.group(2)) + " "
          + Double.parseDouble(row.group(3)) + " " + Double.parseDouble(row.group(4)));
    }
    Map<String, String> builtIn = new LinkedHashMap<>();
    prices.entries().forEach((model, p) -> builtIn.put(model, p.promptPerMillion() + " "
        + p.cachedPerMillion() + " " + p.completionPerMillion()));
    assertThat(documented).isEqualTo(builtIn);
  }

  private static Path docs() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("docs").resolve("configuration.md");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("docs/configuration.md not found");
  }
}
