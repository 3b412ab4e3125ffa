package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The built-in scorers, and ways to combine them.
 *
 * <pre>{@code
 * Scorers.exact().score("42", "42");                          // 1.0: the same characters
 * Scorers.normalized().score("New York", " new  YORK");       // 1.0: NFKC, case, whitespace
 * Scorers.contains().score("refund", "Refund issued.");       // 1.0
 * Scorers.regex().score("order #\\d+", "see order #123");     // 1.0
 * Scorers.numeric(0.005, 0).score("0.33", "0.333");           // 1.0
 * Scorers.jsonSubset().score("{\"a\":1}", "{\"b\":2,\"a\":1.0}"); // 1.0
 * Scorers.allOf(Scorers.contains(), Scorers.regex());         // the lowest of the two
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Scorers {

  private Scorers() {}

  /** The answer must equal the expected text, character for character. */
  public static TextMatch exact() {
    return new TextMatch(false, TextNormalizer.none());
  }

  /** Equal after {@link TextNormalizer#standard()}: NFKC, case, whitespace. */
  public static TextMatch normalized() {
    return new TextMatch(false, TextNormalizer.standard());
  }

  /** The answer must contain the expected text, both {@link TextNormalizer#standard() normalised}. */
  public static TextMatch contains() {
    return new TextMatch(true, TextNormalizer.standard());
  }

  /** The expected value is a regular expression found in the answer. */
  public static RegexMatch regex() {
    return new RegexMatch(false, 0);
  }

  /** The answer is a number within {@code max(absolute, relative * |expected|)} of the expected one. */
  public static NumericMatch numeric(double absoluteTolerance, double relativeTolerance) {
    return new NumericMatch(absoluteTolerance, relativeTolerance, false);
  }

  /** The answer is JSON equal to the expected JSON (key order aside). */
  public static JsonMatch jsonEquals() {
    return new JsonMatch(false, false, false);
  }

  /** The answer is JSON that contains the expected JSON: extra keys allowed. */
  public static JsonMatch jsonSubset() {
    return new JsonMatch(true, false, false);
  }

  /** The lowest of the scores (every scorer must pass); its reason leads. */
  public static Scorer allOf(Scorer... scorers) {
    List<Scorer> parts = parts(scorers);
    return (expected, actual) -> combine("all of", parts, expected, actual, true);
  }

  /**
   * The highest of the scores (one passing scorer is enough); its reason leads. A part that rejects
   * the expected value (e.g. a numeric scorer given "Straße") scores 0 with its reason, so one
   * {@code anyOf} serves a dataset that mixes text and number answers; when every part rejects
   * it, the first part's exception is thrown.
   */
  public static Scorer anyOf(Scorer... scorers) {
    List<Scorer> parts = parts(scorers);
    return (expected, actual) -> combine("any of", parts, expected, actual, false);
  }

  /**
   * The weighted mean of the scores, for partial credit.
   *
   * <pre>{@code
   * Scorers.weighted(Map.of(Scorers.contains(), 3.0, Scorers.regex(), 1.0));
   * }</pre>
   *
   * @param weights each scorer with its weight (positive); iteration order gives the parts' order
   */
  public static Scorer weighted(Map<? extends Scorer, Double> weights) {
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("weighted() needs at least one scorer");
    }
    Map<Scorer, Double> copy = new LinkedHashMap<>();
    double sum = 0;
    for (Map.Entry<? extends Scorer, Double> entry : weights.entrySet()) {
      double weight = entry.getValue() == null ? Double.NaN : entry.getValue();
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("a scorer's weight must be positive and finite, got "
            + entry.getValue());
      }
      copy.put(entry.getKey(), weight);
      sum += weight;
    }
    double total = sum;
    return (expected, actual) -> {
      double value = 0;
      List<Object> results = new ArrayList<>();
      for (Map.Entry<Scorer, Double> entry : copy.entrySet()) {
        Score part = entry.getKey().score(expected, actual);
        value += part.value() * entry.getValue() / total;
        results.add(part.toMap());
      }
      double clamped = Math.min(1, Math.max(0, value));
      return new Score(clamped, "weighted mean of " + copy.size() + " scores",
          Map.of("parts", List.copyOf(results)));
    };
  }

  private static List<Scorer> parts(Scorer... scorers) {
    if (scorers.length == 0) {
      throw new IllegalArgumentException("a combined scorer needs at least one scorer");
    }
    return List.of(scorers);
  }

  private static Score combine(String how, List<Scorer> parts, String expected, String actual,
      boolean lowest) {
    Score lead = null;
    List<Object> results = new ArrayList<>();
    IllegalArgumentException rejected = null;
    int rejections = 0;
    for (Scorer scorer : parts) {
      Score part;
      try {
        part = scorer.score(expected, actual);
      } catch (IllegalArgumentException e) {
        if (lowest) {
          throw e;
        }
        rejected = rejected == null ? e : rejected;
        rejections++;
        part = new Score(0, "not applicable: " + e.getMessage(), Map.of());
      }
      results.add(part.toMap());
      if (lead == null || (lowest ? part.value() < lead.value() : part.value() > lead.value())) {
        lead = part;
      }
    }
    if (rejections == parts.size()) {
      throw rejected;
    }
    return new Score(lead.value(), how + " " + parts.size() + ": " + lead.reason(),
        Map.of("parts", List.copyOf(results)));
  }
}
