package dev.evalunit.engine.statistics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Confidence intervals of a mean over seed-level values (one value per seed, epochs already
 * reduced).
 *
 * <p>Example: {@code MeanIntervals.studentT(scores, 0.95)}; with seeds drawn in groups from a
 * dataset field (several seeds per repository, say) use
 * {@code MeanIntervals.clusterRobust(scores, repositories, 0.95)}.
 */
public final class MeanIntervals {

  private MeanIntervals() {}

  /**
   * The Student-t interval {@code x̄ ± t(1-α/2; n-1) · s / √n}, with {@code s} the sample standard
   * deviation (divisor n-1). Unbounded for fewer than two values.
   */
  public static Interval studentT(double[] values, double confidence) {
    Confidence.check(confidence);
    checkFinite(values);
    int n = values.length;
    double mean = mean(values);
    if (n < 2) {
      return Interval.unbounded(mean, confidence, n, "Student-t");
    }
    double half = Confidence.tCritical(confidence, n - 1)
        * Math.sqrt(sampleVariance(values, mean) / n);
    return new Interval(mean, mean - half, mean + half, confidence, n, "Student-t");
  }

  /**
   * The cluster-robust (CR1) interval of a mean: {@code x̄ ± t(1-α/2; G-1) · SE} with
   * {@code SE² = G/(G-1) · Σ_g (Σ_{i∈g} (x_i - x̄))² / n²} over G clusters (Cameron and Miller,
   * "A Practitioner's Guide to Cluster-Robust Inference", J. Human Resources 50(2), 2015,
   * sections II.B and VI.C, with K = 1 regressor so the (N-1)/(N-K) factor is 1). With one value
   * per cluster it equals {@link #studentT}. Unbounded for fewer than two clusters.
   *
   * @param clusters one label per value (e.g. the dataset field's value of each seed)
   */
  public static Interval clusterRobust(double[] values, List<String> clusters, double confidence) {
    Confidence.check(confidence);
    checkFinite(values);
    if (clusters.size() != values.length) {
      throw new IllegalArgumentException("clusterRobust needs one cluster label per value: "
          + values.length + " values, " + clusters.size() + " labels");
    }
    int n = values.length;
    double mean = mean(values);
    Map<String, Double> residualSums = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String cluster = clusters.get(i);
      if (cluster == null) {
        throw new IllegalArgumentException("cluster label of value " + i + " is missing");
      }
      residualSums.merge(cluster, values[i] - mean, Double::sum);
    }
    int g = residualSums.size();
    if (g < 2) {
      return Interval.unbounded(mean, confidence, n, "cluster-robust t");
    }
    double sumOfSquares = 0;
    for (double s : residualSums.values()) {
      sumOfSquares += s * s;
    }
    double variance = (double) g / (g - 1) * sumOfSquares / ((double) n * n);
    double half = Confidence.tCritical(confidence, g - 1) * Math.sqrt(variance);
    return new Interval(mean, mean - half, mean + half, confidence, n, "cluster-robust t");
  }

  static double mean(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    // One correction pass (two-pass mean) keeps the estimate exact for near-constant scores.
    double correction = 0;
    for (double v : values) {
      correction += v - mean;
    }
    return mean + correction / values.length;
  }

  static double sampleVariance(double[] values, double mean) {
    double squares = 0;
    double sum = 0;
    for (double v : values) {
      double d = v - mean;
      squares += d * d;
      sum += d;
    }
    // Corrected two-pass algorithm (Chan, Golub and LeVeque 1983).
    return (squares - sum * sum / values.length) / (values.length - 1);
  }

  static void checkFinite(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("value " + i + " is " + values[i]
            + "; intervals need finite numbers");
      }
    }
  }
}
