package dev.evalunit.engine.pricing;

/**
 * What one model costs, in US dollars per million tokens.
 *
 * <pre>{@code
 * new ModelPrice("gpt-4o-mini", 0.15, 0.60, 0.075, "built in").costUsd(new TokenCounts(1000, 100, 0));
 * }</pre>
 *
 * @param model the model name as the policy config's {@code model} gives it
 * @param promptPerMillion USD per million uncached prompt tokens
 * @param completionPerMillion USD per million completion tokens
 * @param cachedPerMillion USD per million cached prompt tokens
 * @param source where the price comes from (the built-in table, or a file and key)
 */
public record ModelPrice(String model, double promptPerMillion, double completionPerMillion,
    double cachedPerMillion, String source) {

  /** The cost of one rollout's tokens. */
  public double costUsd(TokenCounts tokens) {
    long uncached = tokens.prompt() - tokens.cached();
    return (uncached * promptPerMillion + tokens.cached() * cachedPerMillion
        + tokens.completion() * completionPerMillion) / 1_000_000d;
  }
}
