package dev.evalunit.samples.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs {@link LangChain4jShopEval} (offline, on its own fake server) through the JUnit launcher
 * into a fresh folder and reads its {@code output.jsonl} as OpenHands would: one
 * {@code EvalOutput} per instance with the fields {@code instance_id, instruction, test_result,
 * metadata, history, metrics, error} (OpenHands evaluation guide, {@code process_instance}).
 */
class LangChain4jShopOutputTest {

  /** The fields of OpenHands' EvalOutput that process_instance fills. */
  static final List<String> EVAL_OUTPUT_FIELDS = List.of("instance_id", "instruction",
      "test_result", "metadata", "history", "metrics", "error");
  static final List<String> INSTANCES = List.of("shop-status", "shop-total", "shop-json",
      "shop-unknown", "shop-no-number");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path output;
  static TestExecutionSummary summary;

  @BeforeAll
  static void runTheSample() {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(LangChain4jShopEval.class))
        .filters(EngineFilter.includeEngines("evalunit"))
        .configurationParameter("evalunit.output.dir", output.resolve("{suite}").toString())
        .build(), listener);
    summary = listener.getSummary();
  }

  private static Map<String, JsonNode> outputOf(String variant) throws IOException {
    Path file = output.resolve(LangChain4jShopEval.class.getName()).resolve(variant)
        .resolve("output.jsonl");
    Map<String, JsonNode> byId = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode row = JSON.readTree(line);
      byId.put(row.path("instance_id").asText(), row);
    }
    return byId;
  }

  @Test
  void everyTestPassesOffline() throws IOException {
    // 2 variants x (5 seeds + 1 verdict).
    assertThat(summary.getTestsSucceededCount()).isEqualTo(12);
    assertThat(summary.getTotalFailureCount()).isZero();
    // Only the judged row has judge usage.
    assertThat(outputOf("large").get("shop-status").path("metrics").has("judge")).isFalse();
  }

  @Test
  void eachLineIsAnOpenHandsEvalOutput() throws IOException {
    for (String variant : List.of("large", "small")) {
      Map<String, JsonNode> rows = outputOf(variant);
      assertThat(rows.keySet()).as(variant).containsExactlyInAnyOrderElementsOf(INSTANCES);
      for (JsonNode row : rows.values()) {
        List<String> fields = StreamSupport.stream(
            java.util.Spliterators.spliteratorUnknownSize(row.fieldNames(), 0), false).toList();
        assertThat(fields).as(variant).containsAll(EVAL_OUTPUT_FIELDS);
        assertThat(row.path("instruction").isTextual()).isTrue();
        assertThat(row.path("test_result").path("score").isNumber()).isTrue();
        assertThat(row.path("test_result").path("reason").asText()).isNotBlank();
        assertThat(row.path("error").isNull()).isTrue();
        JsonNode metadata = row.path("metadata");
        assertThat(metadata.path("agent_class").asText()).startsWith("ShopAssistant");
        assertThat(metadata.path("max_iterations").asInt()).isEqualTo(8);
        assertThat(metadata.path("dataset").asText()).isEqualTo("evals/shop-orders.jsonl");
        assertThat(metadata.path("llm_config").path("model").asText())
            .isEqualTo("fake-" + variant);
        assertThat(metadata.path("llm_config").path("api_key").asText()).isEqualTo("***");
        assertThat(row.path("history").get(0).path("content").asText())
            .isEqualTo(row.path("instruction").asText());
        for (JsonNode event : row.path("history")) {
          assertThat(event.has("source") && event.has("kind") && event.has("content")).isTrue();
        }
        assertThat(row.path("metrics").path("token_usage_by_model")
            .path("fake-" + variant).path("prompt_tokens").asLong()).isPositive();
      }
    }
  }

  @Test
  void theMatrixScoresEachModelAndTheSmallOneGuessesTheTotal() throws IOException {
    for (String id : INSTANCES) {
      assertThat(outputOf("large").get(id).path("test_result").path("score").asDouble())
          .as(id).isEqualTo(1.0);
    }
    for (String id : INSTANCES) {
      if (!id.equals("shop-total")) {
        assertThat(outputOf("small").get(id).path("test_result").path("score").asDouble())
            .as(id).isEqualTo(1.0);
      }
    }
    JsonNode guess = outputOf("small").get("shop-total");
    assertThat(guess.path("test_result").path("score").asDouble()).isZero();
    assertThat(guess.path("test_result").path("reason").asText())
        .isEqualTo("expected 42.50, got 40 (difference 2.5, tolerance 0.005)");
    // The large model used the tool; the small one answered the total without it.
    assertThat(outputOf("large").get("shop-total").path("metrics").path("tool_calls").asInt())
        .isEqualTo(1);
    assertThat(guess.path("metrics").path("tool_calls").asInt()).isZero();
  }

  @Test
  void theSimulatedUserAnswersUntilTheAgentMayGiveUp() throws IOException {
    JsonNode row = outputOf("large").get("shop-no-number");
    List<JsonNode> user = StreamSupport.stream(row.path("history").spliterator(), false)
        .filter(e -> e.path("source").asText().equals("user")).toList();
    // The task, then three replies of the default (codeact-style) simulated user; the third
    // says the agent may give up, which it does.
    assertThat(user).hasSize(4);
    assertThat(user.get(1).path("content").asText()).contains("no human will answer")
        .doesNotContain("give up");
    assertThat(user.get(3).path("content").asText()).contains("you may give up");
    assertThat(row.path("metrics").path("user_turns").asInt()).isEqualTo(3);
    assertThat(row.path("test_result").path("answer").asText())
        .isEqualTo("I am sorry: I cannot look up your order without its order number.");
  }

  @Test
  void theJudgeGradesWithThreeVotesAndItsCostStaysApart() throws IOException {
    JsonNode row = outputOf("large").get("shop-no-number");
    JsonNode result = row.path("test_result");
    assertThat(result.path("judge_grade").asText()).isEqualTo("PASS");
    assertThat(result.path("judge_agreement").asDouble()).isEqualTo(1.0);
    assertThat(result.path("judge_votes")).hasSize(3);
    JsonNode judge = row.path("metrics").path("judge");
    assertThat(judge.path("calls").asInt()).isEqualTo(3);
    assertThat(judge.path("total_tokens").asLong()).isPositive();
    assertThat(judge.path("cost_usd").asDouble()).isPositive();
    // The agent's usage is the agent's alone: no judge model in it.
    assertThat(row.path("metrics").path("token_usage_by_model").has("fake-judge")).isFalse();
    assertThat(row.path("metrics").path("accumulated_cost").asDouble()).isPositive();
  }
}
