package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What grading one answer cost: the judges' own tokens and dollars, kept apart from the
 * agent's. The cost is known only when every judge call reported its tokens and every judge
 * model has a price; otherwise it is null and {@link #unpricedModels()} says which.
 *
 * <pre>{@code
 * JudgeUsage usage = verdict.usage();
 * usage.totalTokens();   // prompt + completion tokens of every judge call
 * usage.toMap();         // {calls=3, attempts=4, prompt_tokens=..., cost_usd=..., ...}
 * }</pre>
 *
 * @param calls judge calls answered (one per vote)
 * @param attempts HTTP attempts made, retries included
 * @param promptTokens prompt tokens, cached ones included
 * @param completionTokens completion tokens
 * @param cachedTokens prompt tokens served from the provider's cache
 * @param costUsd the judges' cost in USD, or null when not every call could be priced
 * @param unpricedModels judge models without a price, or whose reply had no usage
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record JudgeUsage(int calls, int attempts, long promptTokens, long completionTokens,
    long cachedTokens, Double costUsd, List<String> unpricedModels) {

  /** Nothing used yet. */
  public static final JudgeUsage NONE = new JudgeUsage(0, 0, 0, 0, 0, 0.0, List.of());

  public JudgeUsage {
    unpricedModels = List.copyOf(unpricedModels);
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /** This usage plus one judge call's. */
  JudgeUsage plus(JudgeVote vote) {
    List<String> unpriced = new ArrayList<>(unpricedModels);
    if (vote.costUsd() == null && !unpriced.contains(vote.model())) {
      unpriced.add(vote.model());
    }
    Double cost = costUsd == null || vote.costUsd() == null ? null : costUsd + vote.costUsd();
    return new JudgeUsage(calls + 1, attempts + vote.attempts(), promptTokens + vote.promptTokens(),
        completionTokens + vote.completionTokens(), cachedTokens + vote.cachedTokens(), cost,
        List.copyOf(new LinkedHashSet<>(unpriced)));
  }

  /** This usage with {@code more} failed attempts (no tokens: the call got no answer). */
  JudgeUsage plusAttempts(int more) {
    return new JudgeUsage(calls, attempts + more, promptTokens, completionTokens, cachedTokens,
        costUsd, unpricedModels);
  }

  /** For reports and {@code metrics}: snake_case keys, plain values. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("calls", calls);
    map.put("attempts", attempts);
    map.put("prompt_tokens", promptTokens);
    map.put("completion_tokens", completionTokens);
    map.put("cached_tokens", cachedTokens);
    map.put("total_tokens", totalTokens());
    map.put("cost_usd", costUsd);
    map.put("unpriced_models", unpricedModels);
    return java.util.Collections.unmodifiableMap(map);
  }
}
