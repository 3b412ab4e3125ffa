package dev.evalunit.engine.statistics;

import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * Confidence intervals of a binomial proportion.
 *
 * <p>Example: {@code ProportionIntervals.wilson(81, 263, 0.95)} is [0.2553, 0.3662] (Newcombe
 * 1998, Table I).
 */
public final class ProportionIntervals {

  private ProportionIntervals() {}

  /**
   * The Wilson score interval (Wilson 1927; method 3 in Newcombe, "Two-sided confidence intervals
   * for the single proportion", Statistics in Medicine 17, 1998):
   * {@code (x + z²/2 ± z·√(x(n-x)/n + z²/4)) / (n + z²)}. Without trials it is [0, 1].
   */
  public static Interval wilson(int successes, int trials, double confidence) {
    Confidence.check(confidence);
    checkCounts(successes, trials);
    if (trials == 0) {
      return new Interval(Double.NaN, 0, 1, confidence, 0, "Wilson");
    }
    double z = Confidence.zCritical(confidence);
    double z2 = z * z;
    double x = successes;
    double n = trials;
    double center = (x + z2 / 2) / (n + z2);
    double half = z / (n + z2) * Math.sqrt(x * (n - x) / n + z2 / 4);
    return new Interval(x / n, Math.max(0, center - half), Math.min(1, center + half), confidence,
        trials, "Wilson");
  }

  /**
   * The Clopper-Pearson exact interval (method 5 in Newcombe 1998): the α/2 quantile of
   * Beta(x, n-x+1) and the 1-α/2 quantile of Beta(x+1, n-x), with 0 for x = 0 and 1 for x = n.
   */
  public static Interval clopperPearson(int successes, int trials, double confidence) {
    Confidence.check(confidence);
    checkCounts(successes, trials);
    if (trials == 0) {
      return new Interval(Double.NaN, 0, 1, confidence, 0, "Clopper-Pearson");
    }
    double alpha = 1 - confidence;
    double lower = successes == 0 ? 0
        : BetaDistribution.of(successes, trials - successes + 1.0)
            .inverseCumulativeProbability(alpha / 2);
    double upper = successes == trials ? 1
        : BetaDistribution.of(successes + 1.0, trials - successes)
            .inverseSurvivalProbability(alpha / 2);
    return new Interval((double) successes / trials, lower, upper, confidence, trials,
        "Clopper-Pearson");
  }

  private static void checkCounts(int successes, int trials) {
    if (trials < 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException("need 0 <= successes <= trials; got " + successes
          + " successes in " + trials + " trials");
    }
  }
}
