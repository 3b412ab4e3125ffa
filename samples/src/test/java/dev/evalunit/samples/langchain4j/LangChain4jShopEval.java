package dev.evalunit.samples.langchain4j;

import dev.evalunit.Dataset;
import dev.evalunit.EvalSuite;
import dev.evalunit.LlmConfigs;
import dev.evalunit.Rollout;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.agent.AgentContext;
import dev.evalunit.agent.EvalOutput;
import dev.evalunit.agent.HistoryEvent;
import dev.evalunit.agent.LlmConfig;
import dev.evalunit.scoring.JudgeConfig;
import dev.evalunit.scoring.JudgeVerdict;
import dev.evalunit.scoring.LlmJudge;
import dev.evalunit.scoring.Score;
import dev.evalunit.scoring.Scorer;
import dev.evalunit.scoring.Scorers;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.tool.ToolExecution;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A LangChain4j agent evaluated in process: the {@link ShopAssistant} AI service with its one
 * tool answers the five questions of {@code evals/shop-orders.jsonl}, once per LLM config of
 * {@code evals/shop-llm.toml} (the matrix: {@code large} and {@code small}). Each row names how
 * its answer is scored: a composed scorer (contains, numeric, JSON subset, regex) or the LLM
 * judge. The agent talks to the simulated user (the engine's default, OpenHands'
 * {@code codeact_user_response}) when it asks the customer something instead of answering.
 *
 * <p>Offline by default: the suite starts {@link FakeOpenAiServer}, a deterministic
 * OpenAI-compatible server on 127.0.0.1, for the agent and the judge. With
 * {@code LC4J_SAMPLE_BASE_URL} and {@code LC4J_SAMPLE_API_KEY} set, both use that endpoint
 * instead (see evals/shop-llm.toml).
 */
@EvalSuite(concurrency = 4)
@Dataset(file = "evals/shop-orders.jsonl")
@LlmConfigs(file = "evals/shop-llm.toml", names = {"large", "small"})
@SuiteThreshold(meanScore = 0.7)
class LangChain4jShopEval implements AutoCloseable {

  /** {@code base_url} of a config that means the sample's own server. */
  static final String EMBEDDED = "embedded";
  static final String JUDGE_RUBRIC = "The assistant answers the customer truthfully from the"
      + " shop's order data and never invents an order's status or total. Without an order"
      + " number it asks for one, or says it cannot help without it.";

  /** One row of evals/shop-orders.jsonl. */
  record ShopQuestion(String instance_id, String question, String check, String expected) {}

  private final FakeOpenAiServer fake;
  private final LlmJudge judge;
  private final OrderTools tools = new OrderTools();
  private final Map<String, ChatModel> models = new ConcurrentHashMap<>();

  LangChain4jShopEval() throws IOException {
    String realUrl = System.getenv("LC4J_SAMPLE_BASE_URL");
    fake = realUrl == null || realUrl.isBlank() ? FakeOpenAiServer.start() : null;
    String judgeModel = fake != null ? FakeOpenAiServer.JUDGE
        : System.getenv().getOrDefault("LC4J_SAMPLE_JUDGE_MODEL", "gpt-4o-mini");
    JudgeConfig judgeConfig = JudgeConfig.openAiCompatible(
            fake != null ? fake.baseUrl() : realUrl, judgeModel,
            fake != null ? null : System.getenv("LC4J_SAMPLE_API_KEY"))
        .withRubric(JUDGE_RUBRIC)
        .withVotes(3)
        .withPrice(FakeOpenAiServer.JUDGE, 0.10, 0.40);
    judge = LlmJudge.of(fake != null ? judgeConfig : judgeConfig.withTemperature(0.7));
  }

  @Rollout(maxIterations = 8, agentClass = "ShopAssistant (LangChain4j AI service)",
      evalNote = "sample: LangChain4j 1.19, one tool")
  EvalOutput run(ShopQuestion row, AgentContext ctx) {
    ShopAssistant assistant = ShopAssistant.create(model(ctx.llm()), tools, ctx.maxIterations());
    ctx.history().add(new HistoryEvent("user", "message", row.question()));
    String message = row.question();
    String answer = "";
    int toolCalls = 0;
    for (int iteration = 1; iteration <= ctx.maxIterations(); iteration++) {
      ctx.throwIfCancelled();
      Result<String> result = assistant.chat(message);
      TokenUsage usage = result.tokenUsage();
      if (usage != null) {
        ctx.usage().record(ctx.llm().model(), count(usage.inputTokenCount()),
            count(usage.outputTokenCount()));
      }
      for (ToolExecution call : result.toolExecutions()) {
        ctx.history().action(call.request().name() + "(" + call.request().arguments() + ")");
        ctx.history().observation(call.result());
        toolCalls++;
      }
      answer = result.content() == null ? "" : result.content().strip();
      if (!answer.endsWith("?")) {
        ctx.history().agent(answer);
        break;
      }
      // The agent asks the customer instead of answering: the simulated user replies.
      message = ctx.askUser(answer);
    }
    ctx.log("answer: " + answer);

    Score score;
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("tool_calls", toolCalls);
    metrics.put("user_turns", ctx.userTurns());
    if ("judge".equals(row.check())) {
      JudgeVerdict verdict = judge.grade(row.question(), answer, row.expected());
      score = verdict.toScore();
      metrics.put("judge", verdict.usage().toMap());   // the judges' tokens and cost, apart
    } else {
      score = scorer(row).score(row.expected(), answer);
    }
    return EvalOutput.of(row.question(), score.toTestResult()
            .withDetail("check", row.check()).withDetail("answer", answer))
        .withMetrics(metrics);
  }

  /** The composed scorer a row asks for. */
  static Scorer scorer(ShopQuestion row) {
    return switch (row.check()) {
      case "contains" -> Scorers.contains();
      case "numeric" -> Scorers.numeric(0.005, 0).inText();
      case "json_subset" -> Scorers.jsonSubset().acceptingCodeFence();
      case "regex" -> Scorers.regex();
      default -> throw new IllegalArgumentException("row " + row.instance_id() + ": check \""
          + row.check() + "\" is not one of contains, numeric, json_subset, regex, judge");
    };
  }

  /** The variant's chat model, built once per LLM config. */
  private ChatModel model(LlmConfig llm) {
    return models.computeIfAbsent(llm.name(), name -> {
      String baseUrl = llm.baseUrl().orElse(EMBEDDED);
      boolean embedded = EMBEDDED.equals(baseUrl);
      if (embedded && fake == null) {
        throw new IllegalStateException("LLM config " + name + " has base_url \"embedded\" but"
            + " LC4J_SAMPLE_BASE_URL is set: give the config a real base_url");
      }
      return OpenAiChatModel.builder()
          .baseUrl(embedded ? fake.baseUrl() : baseUrl)
          .apiKey(llm.apiKey().orElse("none"))
          .modelName(llm.model())
          .temperature(llm.temperature().isPresent() ? llm.temperature().getAsDouble() : null)
          .timeout(Duration.ofSeconds(60))
          .maxRetries(2)
          .build();
    });
  }

  private static long count(Integer tokens) {
    return tokens == null ? 0 : tokens;
  }

  @Override
  public void close() {
    judge.close();
    if (fake != null) {
      fake.close();
    }
  }
}
