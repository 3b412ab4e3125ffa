package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a {@link dev.evalunit.Rollout} method returns for one instance: OpenHands'
 * {@code EvalOutput}, one line of {@code output.jsonl}.
 *
 * <pre>{@code
 * return EvalOutput.of(instruction, TestResult.of(score).withDetail("answer", answer));
 * return EvalOutput.failed(instruction, "the agent stopped: context window exceeded");
 * }</pre>
 *
 * @param instanceId the instance id; null lets the engine fill in the seed's
 * @param instruction the task the agent was given
 * @param testResult the score and details; null only with an error
 * @param history the agent's events; empty lets the engine fill in the context's history
 * @param metrics extra numbers for {@code output.jsonl}'s {@code metrics} (the engine adds the
 *     recorded tokens, cost and user turns)
 * @param error what went wrong in the agent (OpenHands {@code state.last_error}), or null; a
 *     non-null error makes the seed an error, never a score
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record EvalOutput(String instanceId, String instruction, TestResult testResult,
    List<HistoryEvent> history, Map<String, Object> metrics, String error) {

  public EvalOutput {
    history = List.copyOf(Objects.requireNonNull(history, "history"));
    metrics = Collections.unmodifiableMap(
        new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics")));
    if (testResult == null && error == null) {
      throw new IllegalArgumentException("an EvalOutput needs a testResult or an error");
    }
  }

  /** The output of a finished instance. */
  public static EvalOutput of(String instruction, TestResult testResult) {
    return new EvalOutput(null, instruction, Objects.requireNonNull(testResult, "testResult"),
        List.of(), Map.of(), null);
  }

  /** The output of an instance the agent could not finish: a seed error with this message. */
  public static EvalOutput failed(String instruction, String error) {
    return new EvalOutput(null, instruction, null, List.of(), Map.of(),
        Objects.requireNonNull(error, "error"));
  }

  public EvalOutput withInstanceId(String instanceId) {
    return new EvalOutput(instanceId, instruction, testResult, history, metrics, error);
  }

  public EvalOutput withHistory(List<HistoryEvent> history) {
    return new EvalOutput(instanceId, instruction, testResult, history, metrics, error);
  }

  public EvalOutput withMetrics(Map<String, Object> metrics) {
    return new EvalOutput(instanceId, instruction, testResult, history, metrics, error);
  }

  public EvalOutput withError(String error) {
    return new EvalOutput(instanceId, instruction, testResult, history, metrics, error);
  }
}
