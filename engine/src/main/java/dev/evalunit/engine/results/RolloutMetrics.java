package dev.evalunit.engine.results;

/**
 * The numbers one rollout reported. A null means the task app did not report it (never 0 for
 * "unknown").
 *
 * @param score the rollout's score (see the protocol's lookup order)
 * @param rewardMean {@code mean_return}, else {@code reward_mean}
 * @param outcomeScore {@code outcome_score}
 * @param eventsScore {@code events_score}
 * @param verifierScore {@code details.verifier_score}
 * @param tokens total tokens used, from details or the trace
 * @param costUsd cost in US dollars, from details, the trace or a price table
 */
public record RolloutMetrics(
    Double score, Double rewardMean, Double outcomeScore, Double eventsScore,
    Double verifierScore, Long tokens, Double costUsd) {

  public static final RolloutMetrics NONE =
      new RolloutMetrics(null, null, null, null, null, null, null);
}
