package dev.evalunit.engine.statistics;

/**
 * The outcome of comparing a confidence interval with a bound. The single rule the suite verdict,
 * the baseline gate and the calibration command share.
 *
 * <p>Example: {@code Decision.atLeast(interval, 0.8)} is PASSED when the interval's lower bound is
 * at least 0.8, FAILED when its upper bound is below 0.8, INCONCLUSIVE when the interval straddles
 * 0.8. For the baseline gate the bound is {@code -toleratedDrop} and the interval is the one of the
 * mean difference (current minus baseline).
 */
public enum Decision {
  /** The whole interval meets the bound. */
  PASSED,
  /** The whole interval misses the bound. */
  FAILED,
  /** The interval contains the bound: more seeds (or less noise) are needed to decide. */
  INCONCLUSIVE;

  /**
   * Judges "the true value is at least {@code bound}".
   *
   * @return PASSED when {@code lower >= bound}, FAILED when {@code upper < bound}, else
   *     INCONCLUSIVE (also for an interval without data, whose bounds are infinite)
   */
  public static Decision atLeast(Interval interval, double bound) {
    if (Double.isNaN(bound)) {
      throw new IllegalArgumentException("bound must be a number, got NaN");
    }
    if (interval.lower() >= bound) {
      return PASSED;
    }
    if (interval.upper() < bound) {
      return FAILED;
    }
    return INCONCLUSIVE;
  }
}
