package dev.evalunit.engine.statistics;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/** Validates confidence levels and powers and turns them into quantiles (Commons Statistics). */
final class Confidence {

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private Confidence() {}

  static void check(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence level must be strictly between 0 and 1, e.g. "
          + "0.95; got " + confidence);
    }
  }

  static void checkPower(double power) {
    if (!(power > 0 && power < 1)) {
      throw new IllegalArgumentException("power must be strictly between 0 and 1, e.g. 0.8; got "
          + power);
    }
  }

  /** The two-sided critical value t(1 - (1 - confidence) / 2; df). */
  static double tCritical(double confidence, double degreesOfFreedom) {
    return TDistribution.of(degreesOfFreedom).inverseSurvivalProbability((1 - confidence) / 2);
  }

  /** The quantile t(p; df). */
  static double tQuantile(double p, double degreesOfFreedom) {
    return TDistribution.of(degreesOfFreedom).inverseCumulativeProbability(p);
  }

  /** The two-sided critical value z(1 - (1 - confidence) / 2). */
  static double zCritical(double confidence) {
    return STANDARD_NORMAL.inverseSurvivalProbability((1 - confidence) / 2);
  }

  /** The quantile z(p). */
  static double zQuantile(double p) {
    return STANDARD_NORMAL.inverseCumulativeProbability(p);
  }
}
