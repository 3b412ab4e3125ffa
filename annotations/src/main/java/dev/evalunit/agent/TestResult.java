package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How the agent did on one instance (OpenHands {@code test_result}): a score the thresholds
 * judge, and details written to {@code output.jsonl}.
 *
 * <pre>{@code
 * TestResult.of(0.75).withDetail("answer", answer).withDetail("expected", label);
 * TestResult.passed(answer.equals(label));                       // 1.0 or 0.0
 * }</pre>
 *
 * @param score the score, usually in [0, 1]; null when the instance was not scored (then a
 *     score threshold on it is a miss, never a pass)
 * @param details anything else worth keeping (JSON-like values: strings, numbers, booleans,
 *     lists, maps)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TestResult(Double score, Map<String, Object> details) {

  public TestResult {
    if (score != null && (score.isNaN() || score.isInfinite())) {
      throw new IllegalArgumentException("score must be a finite number, was " + score);
    }
    details = Collections.unmodifiableMap(
        new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
  }

  /** A score with no details. */
  public static TestResult of(double score) {
    return new TestResult(score, Map.of());
  }

  /** 1.0 when passed, else 0.0; details record {@code passed}. */
  public static TestResult passed(boolean passed) {
    return new TestResult(passed ? 1.0 : 0.0, Map.of("passed", passed));
  }

  /** This result with one more detail (replacing one of the same key). */
  public TestResult withDetail(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put(Objects.requireNonNull(key, "key"), value);
    return new TestResult(score, more);
  }
}
