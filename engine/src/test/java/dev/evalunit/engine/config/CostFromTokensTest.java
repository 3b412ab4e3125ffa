package dev.evalunit.engine.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.EvalSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Cost from tokens, end to end: a task app that answers like a synth-ai 0.4.4 one (tokens in
 * the v3 trace's {@code llm_response.usage}, no {@code cost_usd} anywhere) gets each seed priced
 * from the price table, recorded as priced, and judged by the cost gates. A seed whose cost stays
 * unknown fails a cost gate unless {@code cost.allowUnpriced} says otherwise.
 */
class CostFromTokensTest {

  /** 1,000,000 prompt tokens (200,000 of them cached) and 100,000 completion tokens. */
  static final String SYNTH_044_REPLY = """
      {"run_id": "r", "metrics": {"episode_returns": [1.0], "mean_return": 1.0, "num_steps": 1,
        "num_episodes": 1, "outcome_score": 1.0, "events_score": null, "details": {}},
       "trace": {"schema_version": "3.0", "event_history": [
         {"type": "lm_call", "llm_response": {"message": {}, "usage": {"prompt_tokens": 600000,
           "completion_tokens": 60000, "total_tokens": 660000,
           "prompt_tokens_details": {"cached_tokens": 200000}}}},
         {"type": "lm_call", "llm_response": {"message": {}, "usage": {"prompt_tokens": 400000,
           "completion_tokens": 40000, "total_tokens": 440000}}}],
        "markov_blanket_message_history": [], "metadata": {}}}
      """;
  /** gpt-4o-mini: 800,000 x 0.15 + 200,000 x 0.075 + 100,000 x 0.60, per million. */
  static final double GPT_4O_MINI_COST = 0.12 + 0.015 + 0.06;

  @EvalSuite(env = "e", seeds = "0..1", model = "gpt-4o-mini")
  static class PricedSuite {}

  @EvalSuite(env = "e", seeds = "0..1", model = "acme/mystery-7b")
  static class UnpricedSuite {}

  @TempDir Path dir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @BeforeEach
  void stub() {
    taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(SYNTH_044_REPLY)));
  }

  private EngineExecutionResults run(Class<?> suite, String... keysAndValues) {
    EngineTestKit.Builder kit = EngineTestKit.engine(ConfigTestSupport.engine(Map.of(), dir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.progress.interval", "0")
        .selectors(selectClass(suite));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      kit.configurationParameter(keysAndValues[i], keysAndValues[i + 1]);
    }
    return kit.execute();
  }

  private List<JsonNode> rows(Class<?> suite) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(dir.resolve("target/evalunit").resolve(suite.getName())
        .resolve("results.jsonl"))) {
      rows.add(json.readTree(line));
    }
    return rows;
  }

  @Test
  void aSeedWithTokensButNoCostIsPricedAndRecordedAsPriced() throws IOException {
    run(PricedSuite.class).testEvents().assertStatistics(s -> s.succeeded(3).failed(0));

    assertThat(rows(PricedSuite.class)).hasSize(2).allSatisfy(row -> {
      assertThat(row.get("tokens").asLong()).isEqualTo(1_100_000);
      assertThat(row.get("cost_usd").asDouble()).isCloseTo(GPT_4O_MINI_COST, within(1e-9));
      assertThat(row.get("cost_source").asText()).isEqualTo("priced");
    });
  }

  @Test
  void aPricedCostIsJudgedByThePerSeedCostThreshold() {
    run(PricedSuite.class, "evalunit.threshold.maxCostUsd", "0.1").testEvents()
        .assertThatEvents().haveExactly(2, event(test(), finishedWithFailure(
            message(m -> m.contains("cost $0.195 exceeds the allowed $0.1")))));
  }

  @Test
  void aUserPriceFileOverridesAndExtendsTheBuiltInTable() throws IOException {
    ConfigTestSupport.write(dir, "evals/prices.toml", """
        [models."acme/mystery-7b"]
        prompt = 1.0
        completion = 2.0
        [models."gpt-4o-mini"]
        prompt = 0
        completion = 0
        """);

    run(UnpricedSuite.class, "evalunit.cost.priceFile", "evals/prices.toml").testEvents()
        .assertStatistics(s -> s.succeeded(3));
    // 1,000,000 x 1.0 (cached at the prompt price, the default) + 100,000 x 2.0, per million.
    assertThat(rows(UnpricedSuite.class)).allSatisfy(row ->
        assertThat(row.get("cost_usd").asDouble()).isCloseTo(1.2, within(1e-9)));
  }

  @Test
  void anUnknownCostFailsACostThresholdUnlessUnpricedSeedsAreAllowed() throws IOException {
    run(UnpricedSuite.class, "evalunit.threshold.maxCostUsd", "5").testEvents()
        .assertThatEvents().haveExactly(2, event(test(), finishedWithFailure(
            message(m -> m.contains("cost unknown: the task app reported none and it could not "
                + "be priced from tokens") && m.contains("cost.priceFile")
                && m.contains("cost.allowUnpriced")))));
    assertThat(rows(UnpricedSuite.class)).allSatisfy(row -> {
      assertThat(row.get("cost_usd").isNull()).isTrue();
      assertThat(row.has("cost_source")).isFalse();
    });

    run(UnpricedSuite.class, "evalunit.threshold.maxCostUsd", "5",
        "evalunit.cost.allowUnpriced", "true").testEvents()
        .assertStatistics(s -> s.succeeded(3).failed(0));
  }

  @Test
  void aUsdBudgetOverAnUnknownCostStopsWithThatReason() {
    EngineExecutionResults results = run(UnpricedSuite.class, "evalunit.budget.usd", "10");

    results.testEvents().assertThatEvents().haveAtLeastOne(event(test(),
        org.junit.platform.testkit.engine.EventConditions.abortedWithReason(
            message(m -> m.contains("cost of seed") && m.contains("unknown")
                && m.contains("cost.allowUnpriced")))));
  }

  @Test
  void aScoreThresholdOnASeedWithoutAScoreIsAMiss() {
    // Backend mode and aborted replies give completed rows without a score; judged directly.
    dev.evalunit.engine.results.SeedResult noScore = dev.evalunit.engine.results.SeedResult
        .completed(null, 0, null, new dev.evalunit.engine.results.RolloutMetrics(
            null, null, null, null, null, 10L, null));
    dev.evalunit.engine.results.SeedJudgement judgement =
        dev.evalunit.engine.results.SeedJudgement.of(noScore,
            new SuiteConfig.SeedThresholds(0.5, null, null, null));

    assertThat(judgement.passed()).isFalse();
    assertThat(judgement.misses()).singleElement().satisfies(miss -> {
      assertThat(miss.message()).isEqualTo("no score reported; threshold.score requires >= 0.5");
      assertThat(miss.actual()).isEqualTo("none");
    });
  }
}
