package dev.evalunit.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Where a rollout's token count comes from, case by case beside synth-ai 0.4.4's rule in
 * {@code _eval_seed}, {@code _count_tokens_from_trace} and {@code _count_tokens_from_trajectories}
 * (../shared/reference/synth-ai-0.4.4-eval-runner.py.txt). Where evalunit deliberately counts
 * otherwise, the test says what synth-ai's rule gives for the same body; docs/reports.md lists
 * the same cases.
 */
class TokenRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Long tokens(String body) throws Exception {
    JsonNode node = JSON.readTree(body);
    return RolloutResponseReader.read(node, "POST /rollout").metrics().tokens();
  }

  /** synth: {@code tokens = metrics.details.get("tokens")}, used as reported. */
  @Test
  void reportedDetailsTokensAreUsedAsIs() throws Exception {
    assertThat(tokens("""
        {"metrics": {"outcome_score": 1.0, "details": {"tokens": 7}},
         "trace": {"usage": {"total_tokens": 50}}}
        """)).isEqualTo(7L);
  }

  /**
   * synth: the trace is counted only {@code if tokens is None}; a reported 0 is not None, so the
   * trace is not read, and 0 is then unknown ({@code if tokens == 0: tokens = None}).
   */
  @Test
  void aReportedZeroDoesNotFallBackToTheTraceAndIsUnknown() throws Exception {
    assertThat(tokens("""
        {"metrics": {"outcome_score": 1.0, "details": {"tokens": 0}},
         "trace": {"usage": {"total_tokens": 50}}}
        """)).isNull();
  }

  /** synth: {@code trace.usage.total_tokens} first, when above 0. */
  @Test
  void theTracesOwnUsageComesFirst() throws Exception {
    assertThat(tokens("""
        {"metrics": {"outcome_score": 1.0, "details": {}},
         "trace": {"usage": {"total_tokens": 50},
                   "event_history": [{"usage": {"total_tokens": 10}}]}}
        """)).isEqualTo(50L);
  }

  /**
   * One event carrying its call's usage twice, as {@code usage} and as a mirrored
   * {@code response.usage}, plus a second event. synth adds both places of every event:
   * 10 + 10 + 5 = 25. evalunit counts each event once, from the first place that has usage:
   * 10 + 5 = 15 (on purpose: a mirrored usage is one call).
   */
  @Test
  void aMirroredResponseUsageIsCountedOnceWhereSynthCountsItTwice() throws Exception {
    assertThat(tokens("""
        {"metrics": {"outcome_score": 1.0},
         "trace": {"event_history": [
           {"usage": {"total_tokens": 10}, "response": {"usage": {"total_tokens": 10}}},
           {"usage": {"total_tokens": 5}}]}}
        """)).isEqualTo(15L);
  }

  /** Only {@code response.usage} on an event: both count it once. */
  @Test
  void aResponseUsageAloneIsCounted() throws Exception {
    assertThat(tokens("""
        {"metrics": {"outcome_score": 1.0},
         "trace": {"event_history": [{"response": {"usage": {"total_tokens": 12}}},
                                      {"usage": {"total_tokens": 3}}]}}
        """)).isEqualTo(15L);
  }

  /**
   * A trajectory step with both {@code info.tokens} and {@code info.usage.total_tokens} for the
   * same call, and a second step: synth adds both, 4 + 4 + 5 = 13; evalunit takes
   * {@code info.tokens} and else the usage, 4 + 5 = 9.
   */
  @Test
  void aStepsTokensAndUsageAreCountedOnceWhereSynthCountsBoth() throws Exception {
    assertThat(tokens("""
        {"metrics": {"outcome_score": 1.0},
         "trajectories": [{"steps": [
           {"info": {"tokens": 4, "usage": {"total_tokens": 4}}},
           {"info": {"tokens": 5}}]}]}
        """)).isEqualTo(9L);
  }

  /**
   * Beyond synth, which reads only {@code total_tokens} and stops at the trace when there is one:
   * evalunit adds {@code prompt_tokens + completion_tokens} where no total is given, reads
   * {@code llm_response.usage} and {@code trace.metadata.usage}, and falls back to the
   * trajectories when the trace has no usage at all (synth would report no tokens).
   */
  @Test
  void evalunitAlsoReadsUsageSynthDoesNot() throws Exception {
    assertThat(tokens("""
        {"metrics": {"outcome_score": 1.0},
         "trace": {"event_history": [{"usage": {"prompt_tokens": 8, "completion_tokens": 2}},
                                      {"llm_response": {"usage": {"total_tokens": 5}}}]}}
        """)).isEqualTo(15L);
    assertThat(tokens("""
        {"metrics": {"outcome_score": 1.0},
         "trace": {"event_history": [], "metadata": {"usage": {"total_tokens": 21}}}}
        """)).isEqualTo(21L);
    assertThat(tokens("""
        {"metrics": {"outcome_score": 1.0}, "trace": {"event_history": []},
         "trajectories": [{"steps": [{"info": {"tokens": 6}}]}]}
        """)).isEqualTo(6L);
  }

  /** synth: nothing found counts 0, which {@code if tokens == 0: tokens = None} makes unknown. */
  @Test
  void noUsageAnywhereIsUnknown() throws Exception {
    assertThat(tokens("""
        {"metrics": {"outcome_score": 1.0}, "trace": {"event_history": [{"usage": {}}]}}
        """)).isNull();
  }
}
