package dev.evalunit.engine.agent;

import static dev.evalunit.engine.agent.InProcessRolloutTest.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.Budget;
import dev.evalunit.EvalSuite;
import dev.evalunit.LlmConfigs;
import dev.evalunit.Rollout;
import dev.evalunit.agent.AgentContext;
import dev.evalunit.agent.EvalOutput;
import dev.evalunit.agent.Instance;
import dev.evalunit.agent.SimulatedUser;
import dev.evalunit.agent.TestResult;
import dev.evalunit.agent.UserTurn;
import dev.evalunit.engine.descriptor.RolloutFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The suite's safeguards reach an in-process rollout as they reach an HTTP one: the deadline
 * (cancellation seen by the method), budgets, declared retries; and what the context gives the
 * method: a simulated user, priced usage, the variant's LLM config with secrets kept out of
 * every file and log.
 */
class InProcessControlTest {

  static final AtomicBoolean SAW_CANCELLATION = new AtomicBoolean();
  static final AtomicBoolean SAW_INTERRUPT = new AtomicBoolean();
  static final List<Long> CALLS = Collections.synchronizedList(new ArrayList<>());
  static final List<String> REPLIES = Collections.synchronizedList(new ArrayList<>());
  static final AtomicInteger FLAKY = new AtomicInteger();

  /** Waits for its cancellation instead of finishing. */
  @EvalSuite(seeds = "0")
  static class SlowSuite {
    @Rollout
    EvalOutput run(long seed, AgentContext ctx) {
      long guard = System.nanoTime() + 20_000_000_000L; // bounded: 20 s at most
      while (!ctx.cancelled() && System.nanoTime() < guard) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          SAW_INTERRUPT.set(true);
          break;
        }
      }
      SAW_CANCELLATION.set(ctx.cancelled());
      return EvalOutput.of("slow", TestResult.of(1.0));
    }
  }

  /** Each seed spends 1000 prompt + 1000 completion tokens of gpt-4o-mini: $0.00075. */
  @EvalSuite(seeds = "0..5")
  @Budget(usd = 0.001)
  static class SpendingSuite {
    @Rollout
    EvalOutput run(long seed, AgentContext ctx) {
      CALLS.add(seed);
      ctx.usage().record("gpt-4o-mini", 1000, 1000);
      return EvalOutput.of("spend", TestResult.of(1.0));
    }
  }

  /** Two models in one rollout, each priced at its own price. */
  @EvalSuite(seeds = "0")
  static class TwoModelSuite {
    @Rollout
    EvalOutput run(long seed, AgentContext ctx) {
      ctx.usage().record("gpt-4o-mini", 2000, 1000);
      ctx.usage().record("gpt-4o", 1000, 100, 400);
      return EvalOutput.of("two models", TestResult.of(1.0));
    }
  }

  /** The first attempt throws a declared-retryable exception, the second succeeds. */
  @EvalSuite(seeds = "0")
  static class FlakySuite {
    @Rollout(retryOn = IOException.class)
    EvalOutput run(long seed, AgentContext ctx) throws IOException {
      if (FLAKY.incrementAndGet() == 1) {
        throw new java.net.SocketTimeoutException("provider read timed out");
      }
      return EvalOutput.of("flaky", TestResult.of(1.0));
    }
  }

  /** Talks to the user three times before it answers. */
  @EvalSuite(seeds = "0")
  static class ChattySuite {
    @Rollout
    EvalOutput run(long seed, AgentContext ctx) {
      for (int i = 0; i < 3; i++) {
        REPLIES.add(ctx.askUser("Shall I go on? (" + i + ")"));
      }
      return EvalOutput.of("chat", TestResult.of(ctx.userTurns() == 3 ? 1.0 : 0.0));
    }
  }

  /** A user of the suite's own: confirms the card on the first turn only. */
  public static class CardUser implements SimulatedUser {
    @Override
    public String reply(UserTurn turn) {
      return turn.turn() == 1 ? "The card ends in 1234." : "Please finish.";
    }
  }

  @EvalSuite(seeds = "0")
  static class OwnUserSuite {
    @Rollout(simulatedUser = CardUser.class)
    EvalOutput run(long seed, AgentContext ctx) {
      String first = ctx.askUser("Which card?");
      String second = ctx.askUser("Anything else?");
      return EvalOutput.of("card", TestResult.passed(first.contains("1234")
          && second.equals("Please finish.")));
    }
  }

  /** Scores 1 when the variant's config reaches it; logs the config (masked) and the model. */
  @EvalSuite(seeds = "0")
  @LlmConfigs(file = "llm-config.toml", names = {"mini", "big"})
  static class MatrixSuite {
    @Rollout
    EvalOutput run(Instance instance, AgentContext ctx) {
      ctx.log("config " + ctx.llm());
      ctx.log("model " + ctx.llm().model() + " key " + ctx.llm().apiKey().orElse("none"));
      boolean ok = ctx.llm().apiKey().isPresent() && ctx.llm().temperature().isPresent()
          && ctx.llm().baseUrl().isPresent();
      return EvalOutput.of("matrix", TestResult.passed(ok));
    }
  }

  @TempDir Path dir;

  @BeforeEach
  void reset() {
    SAW_CANCELLATION.set(false);
    SAW_INTERRUPT.set(false);
    CALLS.clear();
    REPLIES.clear();
    FLAKY.set(0);
  }

  private EngineTestKit.Builder kit() {
    return InProcessRolloutTest.kit(dir);
  }

  private Path out(Class<?> suite) {
    return InProcessRolloutTest.out(dir, suite);
  }

  @Test
  void aTimeoutCancelsTheMethodAndErrorsTheSeedWithTheLimit() {
    EngineExecutionResults results = kit().configurationParameter("evalunit.timeout.rollout",
        "300ms").selectors(selectClass(SlowSuite.class)).execute();

    results.testEvents().assertThatEvents().haveExactly(1, event(test(),
        finishedWithFailure(instanceOf(RolloutFailedException.class),
            message(m -> m.startsWith("seed 0: no result within timeout.rollout = 300ms")
                && m.contains("it was cancelled (AgentContext.cancelled() and an interrupt)")
                && m.contains("returned")))));
    assertThat(SAW_INTERRUPT.get() || SAW_CANCELLATION.get())
        .as("the method saw the cancellation").isTrue();
  }

  @Test
  void aBudgetStopsStartingRolloutsAndUsageIsPricedIntoCost() throws IOException {
    EngineExecutionResults results = kit().selectors(selectClass(SpendingSuite.class))
        .execute();

    // $0.00075 a seed: after two seeds $0.0015 >= $0.001, so no third one starts.
    assertThat(CALLS).containsExactly(0L, 1L);
    results.testEvents().assertStatistics(s -> s.skipped(0).aborted(4));
    JsonNode first = lines(out(SpendingSuite.class).resolve("results.jsonl")).get(0);
    assertThat(first.get("cost_usd").asDouble()).isCloseTo(0.00075, org.assertj.core.data.Offset
        .offset(1e-12));
    assertThat(first.get("cost_source").asText()).isEqualTo("priced");
    assertThat(first.get("tokens").asLong()).isEqualTo(2000);
  }

  @Test
  void eachModelIsPricedAtItsOwnPriceAndTheOutputCarriesTokensByModel() throws IOException {
    kit().selectors(selectClass(TwoModelSuite.class)).execute()
        .testEvents().assertStatistics(s -> s.failed(0));

    // gpt-4o-mini: 2000 x $0.15 + 1000 x $0.60 per million; gpt-4o: 600 uncached x $2.50,
    // 400 cached x $1.25, 100 x $10.00 per million (the built-in price table).
    double expected = (2000 * 0.15 + 1000 * 0.60 + 600 * 2.50 + 400 * 1.25 + 100 * 10.0) / 1e6;
    JsonNode row = lines(out(TwoModelSuite.class).resolve("results.jsonl")).get(0);
    assertThat(row.get("cost_usd").asDouble()).isCloseTo(expected,
        org.assertj.core.data.Offset.offset(1e-12));
    JsonNode metrics = lines(out(TwoModelSuite.class).resolve("output.jsonl")).get(0)
        .get("metrics");
    assertThat(metrics.get("accumulated_cost").asDouble()).isCloseTo(expected,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(metrics.get("token_usage_by_model").get("gpt-4o").get("cache_read_tokens")
        .asLong()).isEqualTo(400);
    assertThat(metrics.get("accumulated_token_usage").get("prompt_tokens").asLong())
        .isEqualTo(3000);
  }

  @Test
  void anExceptionDeclaredRetryableIsRetriedAndTheSeedPasses() throws IOException {
    kit().configurationParameter("evalunit.retry.baseDelay", "10ms")
        .selectors(selectClass(FlakySuite.class)).execute()
        .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

    assertThat(FLAKY.get()).isEqualTo(2);
    JsonNode row = lines(out(FlakySuite.class).resolve("results.jsonl")).get(0);
    assertThat(row.get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void theDefaultSimulatedUserSaysGoOnAndFromTheThirdTurnThatTheAgentMayGiveUp()
      throws IOException {
    kit().selectors(selectClass(ChattySuite.class)).execute()
        .testEvents().assertStatistics(s -> s.succeeded(2));

    // OpenHands' codeact_user_response: tell the agent to continue and never ask for human
    // help; once the agent has had two replies, also say that it may give up.
    assertThat(REPLIES).hasSize(3);
    assertThat(REPLIES.get(0)).contains("Do not ask for human help").doesNotContain("give up");
    assertThat(REPLIES.get(1)).doesNotContain("give up");
    assertThat(REPLIES.get(2)).contains("give up");
    JsonNode line = lines(out(ChattySuite.class).resolve("output.jsonl")).get(0);
    assertThat(line.get("metrics").get("user_turns").asInt()).isEqualTo(3);
    assertThat(line.get("history")).hasSize(6);
    assertThat(line.get("history").get(1).get("source").asText()).isEqualTo("user");
    JsonNode trace = InProcessRolloutTest.JSON_READER.readTree(out(ChattySuite.class)
        .resolve("traces").resolve("seed_0_trace.json").toFile());
    assertThat(trace.get("user_turns").asInt()).isEqualTo(3);
  }

  @Test
  void aSuiteDeclaresItsOwnSimulatedUser() {
    kit().selectors(selectClass(OwnUserSuite.class)).execute()
        .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
  }

  @Test
  void eachVariantGetsItsLlmSectionAndTheKeyIsInNoFileOrLog() throws IOException {
    Files.writeString(dir.resolve("llm-config.toml"), """
        [llm]
        temperature = 0.0
        base_url = "http://127.0.0.1:9/v1"
        [llm.mini]
        model = "gpt-4o-mini"
        api_key = "sk-test-mini-0123456789"
        [llm.big]
        model = "gpt-4o"
        api_key = "sk-test-big-9876543210"
        """);
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    EngineExecutionResults results;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      results = kit().selectors(selectClass(MatrixSuite.class)).execute();
    } finally {
      System.setOut(original);
    }

    results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("model gpt-4o-mini key ***").contains("model gpt-4o key ***")
        .contains("api_key=***").doesNotContain("sk-test");
    for (String variant : List.of("mini", "big")) {
      String output = Files.readString(out(MatrixSuite.class).resolve(variant)
          .resolve("output.jsonl"));
      assertThat(output).doesNotContain("sk-test").contains("\"api_key\":\"***\"");
    }
    String metadata = Files.readString(out(MatrixSuite.class).resolve("metadata.json"));
    assertThat(metadata).doesNotContain("sk-test").contains("gpt-4o-mini");
  }
}
