package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.evalunit.agent.TestResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The grade of one answer: a value in [0, 1], why, and details a report can show.
 *
 * <pre>{@code
 * Score s = Score.fail("expected \"42\", got \"41\"").withDetail("expected", "42");
 * s.value();          // 0.0
 * s.toMap();          // {score=0.0, reason=expected "42", got "41", expected=42}
 * s.toTestResult();   // TestResult[score=0.0, details={reason=..., expected=42}], for an EvalOutput
 * }</pre>
 *
 * @param value the score, 0 (wrong) to 1 (right); partial credit in between
 * @param reason one line saying why, naming what was expected and what was seen
 * @param details extra facts (plain JDK values: String, Number, Boolean, List, Map), in order
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Score(double value, String reason, Map<String, Object> details) {

  public Score {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("a score must be in [0, 1], got " + value
          + (reason == null ? "" : " (" + reason + ")"));
    }
    reason = reason == null ? "" : reason;
    details = details == null || details.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** A score of {@code value} with no details. */
  public static Score of(double value, String reason) {
    return new Score(value, reason, Map.of());
  }

  /** Full marks. */
  public static Score pass(String reason) {
    return of(1, reason);
  }

  /** No marks. */
  public static Score fail(String reason) {
    return of(0, reason);
  }

  /** True for full marks (a value of 1). */
  public boolean passed() {
    return value == 1;
  }

  /** This score with one more detail (replacing one of the same key). */
  public Score withDetail(String key, Object detail) {
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put(key, detail);
    return new Score(value, reason, more);
  }

  /**
   * The score as an in-process rollout returns it: {@code TestResult(value, {reason, details...})},
   * written as the OpenHands {@code test_result} of output.jsonl.
   *
   * <pre>{@code
   * return EvalOutput.of(question, score.toTestResult().withDetail("answer", answer));
   * }</pre>
   */
  public TestResult toTestResult() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("reason", reason);
    details.forEach(all::putIfAbsent);
    return new TestResult(value, all);
  }

  /** The score as a map: {@code score}, {@code reason}, then the details. */
  public Map<String, Object> toMap() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("score", value);
    result.put("reason", reason);
    details.forEach(result::putIfAbsent);
    return Collections.unmodifiableMap(result);
  }
}
