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
 * @param costSource whether the cost was reported or priced from tokens; null when unknown
 */
public record RolloutMetrics(
    Double score, Double rewardMean, Double outcomeScore, Double eventsScore,
    Double verifierScore, Long tokens, Double costUsd, CostSource costSource) {

  public static final RolloutMetrics NONE =
      new RolloutMetrics(null, null, null, null, null, null, null);

  /** Where a seed's cost comes from. */
  public enum CostSource {
    /** The task app (or its trace, or the backend) reported it. */
    REPORTED,
    /** Computed from the reported tokens and the model's price (cost.priceFile, built-ins). */
    PRICED;

    /** The {@code cost_source} value in results.jsonl. */
    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public RolloutMetrics {
    costSource = costUsd == null ? null : costSource == null ? CostSource.REPORTED : costSource;
  }

  /** Metrics as reported: a cost, when there is one, is a reported cost. */
  public RolloutMetrics(Double score, Double rewardMean, Double outcomeScore,
      Double eventsScore, Double verifierScore, Long tokens, Double costUsd) {
    this(score, rewardMean, outcomeScore, eventsScore, verifierScore, tokens, costUsd,
        CostSource.REPORTED);
  }

  /** These metrics with a cost computed from tokens. */
  public RolloutMetrics withPricedCost(double usd) {
    return new RolloutMetrics(score, rewardMean, outcomeScore, eventsScore, verifierScore,
        tokens, usd, CostSource.PRICED);
  }
}
