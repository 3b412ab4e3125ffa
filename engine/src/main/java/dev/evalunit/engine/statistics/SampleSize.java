package dev.evalunit.engine.statistics;

import java.util.Optional;

/**
 * How many seeds a two-sided test at a confidence level needs to detect a given margin with a
 * given power: the sample-size hint of an undecided (or barely decided) verdict.
 *
 * <p>Example: {@code SampleSize.forMean(0.2, 0.1, 0.95, 0.8)} is 34 seeds: a standard deviation
 * of 0.2 and a mean 0.1 away from the threshold (Cohen's d = 0.5).
 *
 * @param seeds the number of seeds (rounded up)
 * @param margin the distance to detect, e.g. |observed mean - threshold|
 * @param confidence the two-sided confidence level of the interval
 * @param power the probability of deciding when the true distance is {@code margin}
 * @param method {@code "one-sample t"} or {@code "one-sample proportion"}
 */
public record SampleSize(long seeds, double margin, double confidence, double power,
    String method) {

  /** The power evalunit's hints use. */
  public static final double DEFAULT_POWER = 0.8;

  /** Above this many seeds no hint is given: the margin is too small for any practical suite. */
  public static final long MAX_SEEDS = 10_000_000L;

  private static final int MAX_ITERATIONS = 50;

  /**
   * Seeds for a mean: the smallest n with {@code n >= ((t(1-α/2; n-1) + t(power; n-1)) · sd /
   * margin)²}, found by fixed-point iteration from the normal approximation {@code ((z(1-α/2) +
   * z(power)) · sd / margin)²} (Chow, Shao and Wang, "Sample Size Calculations in Clinical
   * Research", 2nd ed., 2008, section 3.1; the t form approximates the noncentral-t answer to
   * within one seed). Empty when the margin is zero or the spread is not a number: no count of
   * seeds decides a mean that sits on its threshold (nor is a hint above {@link #MAX_SEEDS}
   * given).
   */
  public static Optional<SampleSize> forMean(double standardDeviation, double margin,
      double confidence, double power) {
    Confidence.check(confidence);
    Confidence.checkPower(power);
    double m = Math.abs(margin);
    if (!(m > 0) || !Double.isFinite(m) || !(standardDeviation >= 0)
        || !Double.isFinite(standardDeviation)) {
      return Optional.empty();
    }
    double ratio = standardDeviation / m;
    double zSum = Confidence.zCritical(confidence) + Confidence.zQuantile(power);
    long n = Math.max(2, ceil(zSum * zSum * ratio * ratio));
    if (n > MAX_SEEDS) {
      return Optional.empty();
    }
    for (int i = 0; i < MAX_ITERATIONS; i++) {
      double tSum = Confidence.tCritical(confidence, n - 1) + Confidence.tQuantile(power, n - 1);
      long next = Math.max(2, ceil(tSum * tSum * ratio * ratio));
      if (next == n) {
        break;
      }
      n = next;
    }
    return Optional.of(new SampleSize(n, m, confidence, power, "one-sample t"));
  }

  /**
   * Seeds for a proportion tested against {@code threshold} when it truly is {@code expected}:
   * {@code n = ((z(1-α/2)·√(p0(1-p0)) + z(power)·√(p1(1-p1))) / (p1 - p0))²} (Fleiss, Levin and
   * Paik, "Statistical Methods for Rates and Proportions", 3rd ed., 2003, section 2.5; Chow, Shao
   * and Wang 2008, section 4.1). Empty when the two are equal (or the answer exceeds
   * {@link #MAX_SEEDS}).
   */
  public static Optional<SampleSize> forProportion(double threshold, double expected,
      double confidence, double power) {
    Confidence.check(confidence);
    Confidence.checkPower(power);
    checkProbability("threshold", threshold);
    checkProbability("expected proportion", expected);
    double margin = Math.abs(expected - threshold);
    if (!(margin > 0)) {
      return Optional.empty();
    }
    double numerator = Confidence.zCritical(confidence) * Math.sqrt(threshold * (1 - threshold))
        + Confidence.zQuantile(power) * Math.sqrt(expected * (1 - expected));
    double n = numerator * numerator / (margin * margin);
    if (n > MAX_SEEDS) {
      return Optional.empty();
    }
    return Optional.of(new SampleSize(Math.max(1, ceil(n)), margin, confidence, power,
        "one-sample proportion"));
  }

  private static long ceil(double value) {
    // A hair below an integer is that integer: 31.999999999 seeds are 32, not 33.
    double rounded = Math.rint(value);
    double v = Math.abs(value - rounded) < 1e-9 ? rounded : value;
    return v >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(v);
  }

  private static void checkProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1; got " + p);
    }
  }
}
