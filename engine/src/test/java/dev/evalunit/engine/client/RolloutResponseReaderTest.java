package dev.evalunit.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.evalunit.engine.results.RolloutMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RolloutResponseReader} and {@link TraceUsage} over every response generation. */
class RolloutResponseReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENDPOINT = "POST /rollout";

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RolloutReply read(String body) {
    return RolloutResponseReader.read(json(body), ENDPOINT);
  }

  private static RolloutMetrics metrics(String body) {
    RolloutReply reply = read(body);
    assertThat(reply.aborted()).as("aborted").isFalse();
    return reply.metrics();
  }

  /** A response scored 0.5 by {@code mean_return} with the given trace. */
  private static RolloutMetrics withTrace(String trace) {
    return metrics("{\"metrics\":{\"mean_return\":0.5,\"details\":{}},\"trace\":" + trace + "}");
  }

  private static TaskAppException protocolError(String body) {
    Throwable thrown = catchThrowable(() -> read(body));
    assertThat(thrown).isInstanceOf(TaskAppException.class);
    TaskAppException e = (TaskAppException) thrown;
    assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.getMessage()).startsWith(ENDPOINT + " returned 200 but ");
    return e;
  }

  @Nested
  class ScoreGenerations {

    @Test
    void synth044MeanReturn() {
      RolloutMetrics m = metrics("""
          {"run_id":"banking77-seed-0-0a1b2c3d",
           "metrics":{"episode_returns":[0.75],"mean_return":0.75,"num_steps":1,"num_episodes":1,
                      "outcome_score":null,"events_score":null,"details":{}},
           "trace":null,"aborted":false}""");

      assertThat(m.score()).isEqualTo(0.75);
      assertThat(m.rewardMean()).isEqualTo(0.75);
      assertThat(m.outcomeScore()).isNull();
      assertThat(m.eventsScore()).isNull();
      assertThat(m.verifierScore()).isNull();
      assertThat(m.tokens()).isNull();
      assertThat(m.costUsd()).isNull();
    }

    @Test
    void rewardMean() {
      RolloutMetrics m = metrics("{\"metrics\":{\"reward_mean\":0.25,\"num_steps\":1}}");

      assertThat(m.score()).isEqualTo(0.25);
      assertThat(m.rewardMean()).isEqualTo(0.25);
    }

    @Test
    void meanReturnWinsOverRewardMean() {
      RolloutMetrics m = metrics("{\"metrics\":{\"reward_mean\":0.25,\"mean_return\":0.5}}");

      assertThat(m.score()).isEqualTo(0.5);
      assertThat(m.rewardMean()).isEqualTo(0.5);
    }

    @Test
    void outcomeScoreWinsOverTheMeans() {
      RolloutMetrics m = metrics("""
          {"metrics":{"mean_return":0.5,"reward_mean":0.25,"outcome_score":0.8,
                      "events_score":0.1}}""");

      assertThat(m.score()).isEqualTo(0.8);
      assertThat(m.rewardMean()).isEqualTo(0.5);
      assertThat(m.outcomeScore()).isEqualTo(0.8);
      assertThat(m.eventsScore()).isEqualTo(0.1);
    }

    @Test
    void outcomeRewardWinsOverOutcomeScore() {
      RolloutMetrics m = metrics("""
          {"metrics":{"outcome_reward":0.9,"outcome_score":0.8,"mean_return":0.5}}""");

      assertThat(m.score()).isEqualTo(0.9);
      assertThat(m.outcomeScore()).isEqualTo(0.8);
      assertThat(m.rewardMean()).isEqualTo(0.5);
    }

    @Test
    void outcomeObjectivesRewardWinsOverEverything() {
      RolloutMetrics m = metrics("""
          {"metrics":{"outcome_objectives":{"reward":0.95,"latency":3.0},"outcome_reward":0.9,
                      "outcome_score":0.8,"mean_return":0.5,"reward_mean":0.25}}""");

      assertThat(m.score()).isEqualTo(0.95);
      assertThat(m.rewardMean()).isEqualTo(0.5);
      assertThat(m.outcomeScore()).isEqualTo(0.8);
    }

    @Test
    void nullOutcomeObjectivesRewardFallsThrough() {
      RolloutMetrics m = metrics("""
          {"metrics":{"outcome_objectives":{"reward":null},"outcome_reward":null,
                      "reward_mean":0.4}}""");

      assertThat(m.score()).isEqualTo(0.4);
      assertThat(m.rewardMean()).isEqualTo(0.4);
    }

    @Test
    void zeroIsAScoreNotAnAbsence() {
      RolloutMetrics m = metrics("{\"metrics\":{\"outcome_score\":0.0,\"mean_return\":1.0}}");

      assertThat(m.score()).isEqualTo(0.0);
    }

    @Test
    void numbersSentAsStringsAreRead() {
      RolloutMetrics m = metrics("{\"metrics\":{\"mean_return\":\"0.5\",\"outcome_score\":\"1\"}}");

      assertThat(m.score()).isEqualTo(1.0);
      assertThat(m.rewardMean()).isEqualTo(0.5);
    }

    @Test
    void rewardInfoWrapperInsteadOfMetrics() {
      RolloutMetrics m = metrics("""
          {"run_id":"r","reward_info":{"outcome_reward":0.6,"reward_mean":0.6,
            "details":{"verifier_score":0.7,"tokens":120,"cost_usd":0.002}}}""");

      assertThat(m.score()).isEqualTo(0.6);
      assertThat(m.rewardMean()).isEqualTo(0.6);
      assertThat(m.verifierScore()).isEqualTo(0.7);
      assertThat(m.tokens()).isEqualTo(120L);
      assertThat(m.costUsd()).isEqualTo(0.002);
    }

    @Test
    void rewardInfoIsUsedWhenMetricsIsNull() {
      RolloutMetrics m = metrics("{\"metrics\":null,\"reward_info\":{\"reward_mean\":0.3}}");

      assertThat(m.score()).isEqualTo(0.3);
    }

    @Test
    void metricsWinOverRewardInfo() {
      RolloutMetrics m = metrics(
          "{\"metrics\":{\"mean_return\":0.1},\"reward_info\":{\"mean_return\":0.9}}");

      assertThat(m.score()).isEqualTo(0.1);
    }
  }

  @Nested
  class Details {

    @Test
    void verifierScoreTokensAndCostFromDetails() {
      RolloutMetrics m = metrics("""
          {"metrics":{"mean_return":1.0,
                      "details":{"verifier_score":0.85,"tokens":1234,"cost_usd":0.0042}}}""");

      assertThat(m.verifierScore()).isEqualTo(0.85);
      assertThat(m.tokens()).isEqualTo(1234L);
      assertThat(m.costUsd()).isEqualTo(0.0042);
    }

    @Test
    void detailsWinOverTheTrace() {
      RolloutMetrics m = metrics("""
          {"metrics":{"mean_return":1.0,"details":{"tokens":10,"cost_usd":0.5}},
           "trace":{"usage":{"total_tokens":999},
                    "event_history":[{"usage":{"total_tokens":5,"cost_usd":0.25}}]}}""");

      assertThat(m.tokens()).isEqualTo(10L);
      assertThat(m.costUsd()).isEqualTo(0.5);
    }

    @Test
    void zeroTokensInDetailsAreUnknownAndTheTraceIsNotAsked() {
      // runner.py reads the trace only `if tokens is None`; a reported 0 is not None.
      RolloutMetrics m = metrics("""
          {"metrics":{"mean_return":1.0,"details":{"tokens":0}},
           "trace":{"usage":{"total_tokens":77}}}""");

      assertThat(m.tokens()).isNull();
    }

    @Test
    void zeroTokensWithNothingElseAreNull() {
      RolloutMetrics m = metrics("{\"metrics\":{\"mean_return\":1.0,\"details\":{\"tokens\":0}}}");

      assertThat(m.tokens()).isNull();
    }
  }

  @Nested
  class Aborted {

    @Test
    void abortedWithMetricsKeepsThemAndGivesTheReason() {
      RolloutReply reply = read("""
          {"metrics":{"mean_return":0.0,"details":{"tokens":50}},"aborted":true,
           "abort_reason":"env crashed at step 3"}""");

      assertThat(reply.aborted()).isTrue();
      assertThat(reply.abortReason()).isEqualTo("env crashed at step 3");
      assertThat(reply.metrics().score()).isEqualTo(0.0);
      assertThat(reply.metrics().tokens()).isEqualTo(50L);
    }

    @Test
    void abortedWithoutMetricsIsAFailedRolloutNotAProtocolError() {
      RolloutReply reply = read("{\"run_id\":\"r\",\"aborted\":true}");

      assertThat(reply.aborted()).isTrue();
      assertThat(reply.abortReason()).isEqualTo("the task app reported aborted=true");
      assertThat(reply.metrics()).isEqualTo(RolloutMetrics.NONE);
    }

    @Test
    void abortedWithMetricsButNoScoreIsNotAProtocolError() {
      RolloutReply reply = read("""
          {"metrics":{"num_steps":0,"details":{"error":"policy timed out"}},"aborted":true}""");

      assertThat(reply.aborted()).isTrue();
      assertThat(reply.abortReason()).isEqualTo("policy timed out");
      assertThat(reply.metrics().score()).isNull();
    }

    @Test
    void abortedFalseIsAnOrdinaryReply() {
      RolloutReply reply = read("{\"metrics\":{\"mean_return\":1.0},\"aborted\":false}");

      assertThat(reply.aborted()).isFalse();
      assertThat(reply.abortReason()).isNull();
    }
  }

  @Nested
  class NotARolloutResponse {

    @Test
    void nullOrNonObjectBody() {
      Throwable thrown = catchThrowable(() -> RolloutResponseReader.read(null, ENDPOINT));
      assertThat(thrown).isInstanceOf(TaskAppException.class)
          .hasMessageContaining("not a JSON object");
      assertThat(protocolError("\"ok\"").getMessage()).contains("not a JSON object");
      assertThat(protocolError("[]").getMessage()).contains("not a JSON object");
      assertThat(catchThrowable(() -> RolloutResponseReader.read(NullNode.instance, ENDPOINT)))
          .isInstanceOf(TaskAppException.class);
    }

    @Test
    void noMetricsNamesTheKeysThatWereThere() {
      assertThat(protocolError("{\"run_id\":\"r\",\"trace\":{}}").getMessage())
          .contains("no \"metrics\" object").contains("run_id, trace");
      assertThat(protocolError("{}").getMessage()).contains("(keys: none)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "3", "\"x\""})
    void metricsThatAreNotAnObject(String metrics) {
      assertThat(protocolError("{\"metrics\":" + metrics + "}").getMessage())
          .contains("no \"metrics\" object");
    }

    @Test
    void metricsWithoutAnyScore() {
      TaskAppException e = protocolError("""
          {"metrics":{"num_steps":2,"events_score":0.5,"details":{"tokens":10}}}""");

      assertThat(e.getMessage()).contains("no score").contains("outcome_objectives.reward")
          .contains("outcome_reward").contains("outcome_score").contains("mean_return")
          .contains("reward_mean").contains("found: num_steps, events_score, details");
    }

    @Test
    void scoresThatAreNotNumbersAreNoScore() {
      assertThat(protocolError("{\"metrics\":{\"mean_return\":\"n/a\",\"reward_mean\":null}}")
          .getMessage()).contains("no score");
    }
  }

  @Nested
  class Tokens {

    @Test
    void traceUsageTotalTokens() {
      assertThat(withTrace("{\"usage\":{\"total_tokens\":321}}").tokens()).isEqualTo(321L);
    }

    @Test
    void eventUsageTotalTokensSummedOverEvents() {
      assertThat(withTrace("""
          {"event_history":[{"type":"lm_call","usage":{"total_tokens":100}},
                            {"type":"env_step"},
                            {"type":"lm_call","usage":{"total_tokens":23}}]}""").tokens())
          .isEqualTo(123L);
    }

    @Test
    void eventResponseUsage() {
      assertThat(withTrace("""
          {"event_history":[{"response":{"usage":{"total_tokens":40}}},
                            {"response":{"usage":{"total_tokens":2}}}]}""").tokens())
          .isEqualTo(42L);
    }

    @Test
    void eventLlmResponseUsageTheLocationSynthsRunnerForgets() {
      assertThat(withTrace("""
          {"schema_version":"3.0",
           "event_history":[{"type":"lm_call","timestamp":"2025-11-01T10:00:00Z",
              "llm_request":{"messages":[{"role":"user","content":"classify"}]},
              "llm_response":{"message":{"role":"assistant","content":null},
                "usage":{"prompt_tokens":912,"completion_tokens":24,"total_tokens":936},
                "finish_reason":"tool_calls"}}],
           "markov_blanket_message_history":[],
           "metadata":{"session_id":"s-1"}}""").tokens()).isEqualTo(936L);
    }

    @Test
    void mixedEventLocationsAreAllCounted() {
      assertThat(withTrace("""
          {"event_history":[{"usage":{"total_tokens":1}},
                            {"response":{"usage":{"total_tokens":10}}},
                            {"llm_response":{"usage":{"total_tokens":100}}}]}""").tokens())
          .isEqualTo(111L);
    }

    @Test
    void usageMirroredInTwoPlacesOfOneEventCountsOnce() {
      assertThat(withTrace("""
          {"event_history":[{"usage":{"total_tokens":50},
                             "llm_response":{"usage":{"total_tokens":50,"cost_usd":0.25}}}]}""")
          .tokens()).isEqualTo(50L);
    }

    @Test
    void eventUsageWithoutTotalUsesPromptPlusCompletion() {
      assertThat(withTrace("""
          {"event_history":[{"llm_response":{"usage":{"prompt_tokens":30,
                                                        "completion_tokens":12}}}]}""")
          .tokens()).isEqualTo(42L);
    }

    @Test
    void traceMetadataUsage() {
      assertThat(withTrace("""
          {"event_history":[{"type":"env_step"}],
           "metadata":{"session_id":"s","usage":{"total_tokens":555}}}""").tokens())
          .isEqualTo(555L);
      assertThat(withTrace("""
          {"metadata":{"usage":{"prompt_tokens":500,"completion_tokens":55}}}""").tokens())
          .isEqualTo(555L);
    }

    @Test
    void traceUsageWinsOverEventsAndEventsWinOverMetadata() {
      assertThat(withTrace("""
          {"usage":{"total_tokens":7},
           "event_history":[{"usage":{"total_tokens":100}}],
           "metadata":{"usage":{"total_tokens":1000}}}""").tokens()).isEqualTo(7L);
      assertThat(withTrace("""
          {"usage":{"total_tokens":0},
           "event_history":[{"usage":{"total_tokens":100}}],
           "metadata":{"usage":{"total_tokens":1000}}}""").tokens()).isEqualTo(100L);
    }

    @Test
    void olderTrajectoryStepInfoTokens() {
      RolloutMetrics m = metrics("""
          {"metrics":{"mean_return":1.0},
           "trajectories":[{"steps":[{"info":{"tokens":11}},{"info":{"tokens":22}}]},
                           {"steps":[{"info":{"tokens":33}}]}]}""");

      assertThat(m.tokens()).isEqualTo(66L);
    }

    @Test
    void olderTrajectoryStepInfoUsageTotalTokens() {
      RolloutMetrics m = metrics("""
          {"metrics":{"mean_return":1.0},
           "trajectories":[{"steps":[{"info":{"usage":{"total_tokens":40}}},
                                     {"info":{"usage":{"total_tokens":4}}},
                                     {"info":{}}, {"obs":{}}]}]}""");

      assertThat(m.tokens()).isEqualTo(44L);
    }

    @Test
    void traceWinsOverTrajectories() {
      RolloutMetrics m = metrics("""
          {"metrics":{"mean_return":1.0},"trace":{"usage":{"total_tokens":5}},
           "trajectories":[{"steps":[{"info":{"tokens":500}}]}]}""");

      assertThat(m.tokens()).isEqualTo(5L);
    }

    @Test
    void trajectoriesAreUsedWhenTheTraceHasNoUsage() {
      RolloutMetrics m = metrics("""
          {"metrics":{"mean_return":1.0},"trace":{"event_history":[]},
           "trajectories":[{"steps":[{"info":{"tokens":500}}]}]}""");

      assertThat(m.tokens()).isEqualTo(500L);
    }

    @Test
    void zeroEverywhereMeansUnknown() {
      RolloutMetrics m = metrics("""
          {"metrics":{"mean_return":1.0,"details":{"tokens":0}},
           "trace":{"usage":{"total_tokens":0},
                    "event_history":[{"usage":{"total_tokens":0}},
                                     {"llm_response":{"usage":{"prompt_tokens":0,
                                                                "completion_tokens":0}}}],
                    "metadata":{"usage":{"total_tokens":0}}},
           "trajectories":[{"steps":[{"info":{"tokens":0,"usage":{"total_tokens":0}}}]}]}""");

      assertThat(m.tokens()).isNull();
    }

    @Test
    void noTraceAndNoTrajectoriesMeansUnknown() {
      assertThat(metrics("{\"metrics\":{\"mean_return\":1.0}}").tokens()).isNull();
      assertThat(withTrace("null").tokens()).isNull();
      assertThat(withTrace("{}").tokens()).isNull();
    }

    @Test
    void aTraceThatIsNotAnObjectIsDropped() {
      RolloutReply reply = read("{\"metrics\":{\"mean_return\":1.0},\"trace\":\"compact:abc\"}");

      assertThat(reply.trace()).isNull();
      assertThat(reply.metrics().tokens()).isNull();
    }

    @Test
    void theTraceIsHandedBackAsSent() {
      RolloutReply reply = read("""
          {"metrics":{"mean_return":1.0},"trace":{"schema_version":"3.0","event_history":[]}}""");

      assertThat(reply.trace()).isEqualTo(json("{\"schema_version\":\"3.0\",\"event_history\":[]}"));
    }
  }

  @Nested
  class Cost {

    @Test
    void costOnTraceEventsIsSummed() {
      assertThat(withTrace("""
          {"event_history":[{"cost_usd":0.001},{"cost_usd":0.002}]}""").costUsd())
          .isCloseTo(0.003, offset(1e-12));
    }

    @Test
    void costOnEventUsageObjects() {
      RolloutMetrics m = withTrace("""
          {"event_history":[{"usage":{"total_tokens":10,"cost_usd":0.25}},
                            {"response":{"usage":{"total_tokens":10,"cost_usd":0.125}}},
                            {"llm_response":{"usage":{"total_tokens":10,"cost_usd":0.5}}}]}""");

      assertThat(m.costUsd()).isEqualTo(0.875);
      assertThat(m.tokens()).isEqualTo(30L);
    }

    @Test
    void aReportedZeroCostIsKept() {
      assertThat(withTrace("{\"event_history\":[{\"cost_usd\":0}]}").costUsd()).isEqualTo(0.0);
    }

    @Test
    void unknownCostStaysNullEvenWhenTokensAreKnown() {
      RolloutMetrics m = withTrace("""
          {"usage":{"total_tokens":936},
           "event_history":[{"llm_response":{"usage":{"total_tokens":936}}}]}""");

      assertThat(m.tokens()).isEqualTo(936L);
      assertThat(m.costUsd()).isNull();
    }

    @Test
    void noTraceMeansNoCost() {
      assertThat(metrics("{\"metrics\":{\"mean_return\":1.0,\"details\":{}}}").costUsd()).isNull();
      assertThat(TraceUsage.costUsd(null)).isNull();
    }
  }
}
