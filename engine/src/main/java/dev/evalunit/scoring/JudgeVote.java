package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * One judge call's grade.
 *
 * @param index the vote's number, from 1
 * @param model the judge model asked
 * @param grade the grade it gave, one of the configured labels
 * @param score that grade's score
 * @param reason the judge's reason
 * @param promptTokens prompt tokens of the call (0 when the reply had no usage)
 * @param completionTokens completion tokens of the call
 * @param cachedTokens cached prompt tokens of the call
 * @param costUsd the call's cost, or null without usage or without a price for the model
 * @param attempts HTTP attempts the call took
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record JudgeVote(int index, String model, String grade, double score, String reason,
    long promptTokens, long completionTokens, long cachedTokens, Double costUsd, int attempts) {

  /** For reports: model, grade and reason. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("model", model);
    map.put("grade", grade);
    map.put("reason", reason);
    return java.util.Collections.unmodifiableMap(map);
  }
}
