package dev.evalunit.engine.statistics;

/**
 * A two-sided confidence interval around an estimate.
 *
 * <p>Example: {@code MeanIntervals.studentT(new double[] {0.7, 0.9, 0.8}, 0.95)} gives an
 * interval with estimate 0.8 and bounds 0.8 ± 0.248. When the data cannot bound the estimate
 * (fewer than two values, fewer than two clusters) the bounds are infinite, so every decision
 * over it is {@link Decision#INCONCLUSIVE}.
 *
 * @param estimate the point estimate (a mean, a proportion or a mean difference); NaN without data
 * @param lower the lower bound, possibly {@code -Infinity}
 * @param upper the upper bound, possibly {@code +Infinity}
 * @param confidence the two-sided confidence level, e.g. 0.95
 * @param n how many observations (seeds, pairs) it was computed from
 * @param method which interval: {@code "Student-t"}, {@code "cluster-robust t"}, {@code "Wilson"},
 *     {@code "paired t"}, {@code "exact conditional (Clopper-Pearson on discordant pairs)"}
 */
public record Interval(
    double estimate, double lower, double upper, double confidence, int n, String method) {

  public Interval {
    Confidence.check(confidence);
    if (lower > upper) {
      throw new IllegalArgumentException("interval lower bound " + lower + " is above its upper bound "
          + upper);
    }
  }

  /** Half the width: the "±" of a symmetric interval; infinite when unbounded. */
  public double halfWidth() {
    return (upper - lower) / 2;
  }

  /** True when both bounds are finite. */
  public boolean bounded() {
    return Double.isFinite(lower) && Double.isFinite(upper);
  }

  static Interval unbounded(double estimate, double confidence, int n, String method) {
    return new Interval(estimate, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, confidence,
        n, method);
  }
}
