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

  static final String SKEW_CORRECTED = "skew-corrected t";

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
   * Hall's skewness-corrected t interval (P. Hall, "On the removal of skewness by
   * transformation", JRSS B 54(1), 1992, 221-228; recommended for skewed data by Zhou and Dinh,
   * Biostatistics 6(2), 2005): with {@code T = √n (x̄ - μ) / s}, sample skewness
   * {@code γ = m3 / s³} ({@code m3 = Σ(x - x̄)³ / n}), {@code a = γ / (3√n)} and
   * {@code b = γ / (6√n)}, the monotone transform {@code g(T) = T + aT² + a²T³/3 + b} is nearly
   * pivotal, so {@code μ ∈ [x̄ - s·g⁻¹(c)/√n, x̄ - s·g⁻¹(-c)/√n]} with
   * {@code g⁻¹(y) = (∛(1 + 3a(y - b)) - 1) / a} and {@code c = t(1-α/2; n-1)}. It removes the
   * first-order error of {@link #studentT} on skewed scores (a mean near a bound of [0, 1] is
   * skewed), which otherwise puts up to twice the nominal share in one tail (docs/statistics.md).
   * Without skewness it is the Student-t interval; unbounded for fewer than two values.
   */
  public static Interval skewCorrected(double[] values, double confidence) {
    Interval t = studentT(values, confidence);
    int n = values.length;
    if (n < 2) {
      return new Interval(t.estimate(), t.lower(), t.upper(), confidence, n, SKEW_CORRECTED);
    }
    double mean = t.estimate();
    double s = Math.sqrt(sampleVariance(values, mean));
    double m3 = 0;
    for (double v : values) {
      double d = v - mean;
      m3 += d * d * d;
    }
    double gamma = s == 0 ? 0 : m3 / n / (s * s * s);
    if (gamma == 0) {
      return new Interval(mean, t.lower(), t.upper(), confidence, n, SKEW_CORRECTED);
    }
    double a = gamma / (3 * Math.sqrt(n));
    double b = gamma / (6 * Math.sqrt(n));
    double c = Confidence.tCritical(confidence, n - 1);
    double se = s / Math.sqrt(n);
    double lower = mean - se * inverseHall(c, a, b);
    double upper = mean - se * inverseHall(-c, a, b);
    return new Interval(mean, Math.min(lower, upper), Math.max(lower, upper), confidence, n,
        SKEW_CORRECTED);
  }

  /** g⁻¹(y), as 3(y - b) / (r² + r + 1) with r = ∛(1 + 3a(y - b)): no cancellation for small a. */
  private static double inverseHall(double y, double a, double b) {
    double r = Math.cbrt(1 + 3 * a * (y - b));
    return 3 * (y - b) / (r * r + r + 1);
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
