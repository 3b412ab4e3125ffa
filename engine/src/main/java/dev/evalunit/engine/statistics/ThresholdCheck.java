package dev.evalunit.engine.statistics;

import java.util.List;
import java.util.Optional;

/**
 * A suite threshold judged at a confidence level: the interval, the decision and how many seeds
 * would decide it at 80% power. The suite verdict and the calibration command both build their
 * decisions here.
 *
 * <p>Example: {@code ThresholdCheck.meanScore(seedScores, 0.8, 0.95).decision()} is PASSED only
 * when the 95% Student-t interval of the mean lies at or above 0.8.
 *
 * @param decision PASSED, FAILED or INCONCLUSIVE by {@link Decision#atLeast}
 * @param interval the interval judged
 * @param threshold the required minimum
 * @param sampleSize seeds that would decide it at {@link SampleSize#DEFAULT_POWER} power at the
 *     observed spread, for a true value as far from the threshold as the observed one; null when
 *     the estimate sits exactly on the threshold (or there is no spread to scale from)
 */
public record ThresholdCheck(Decision decision, Interval interval, double threshold,
    SampleSize sampleSize) {

  /** The sample-size hint, when one exists. */
  public Optional<SampleSize> sampleSizeHint() {
    return Optional.ofNullable(sampleSize);
  }

  /**
   * The interval {@link #meanScore} judges with, to show beside a verdict without a confidence
   * level (so the shown and the judged interval never differ).
   */
  public static Interval meanScoreInterval(double[] seedScores, double confidence) {
    if (seedScores.length > 0 && allBinary(seedScores)) {
      return passRateInterval(passes(seedScores), seedScores.length, confidence);
    }
    return MeanIntervals.skewCorrected(seedScores, confidence);
  }

  /** The interval {@link #passRate} judges with. */
  public static Interval passRateInterval(int passed, int judged, double confidence) {
    return ProportionIntervals.clopperPearson(passed, judged, confidence);
  }

  /**
   * Mean score at least {@code threshold} over seed-level (epoch-reduced) scores. When every
   * score is 0 or 1 the mean is a proportion and is judged like {@link #passRate} (exact
   * Clopper-Pearson); otherwise by {@link MeanIntervals#skewCorrected}, the Student-t interval
   * with Hall's skewness correction (plain Student-t put 3.5-4.3% of at-threshold suites of 50
   * seeds in one tail, docs/statistics.md).
   */
  public static ThresholdCheck meanScore(double[] seedScores, double threshold,
      double confidence) {
    if (seedScores.length > 0 && allBinary(seedScores)) {
      return passRate(passes(seedScores), seedScores.length, threshold, confidence);
    }
    Interval interval = MeanIntervals.skewCorrected(seedScores, confidence);
    double sd = seedScores.length < 2 ? Double.NaN
        : Math.sqrt(MeanIntervals.sampleVariance(seedScores, interval.estimate()));
    return new ThresholdCheck(Decision.atLeast(interval, threshold), interval, threshold,
        hintForMean(sd, interval.estimate() - threshold, confidence));
  }

  /**
   * Mean score at least {@code threshold}, by the cluster-robust interval when seeds are grouped
   * by a dataset field. The hint scales the clustered standard error as if each seed added the
   * same information as now ({@code sd_eff = SE·√n}).
   */
  public static ThresholdCheck meanScoreClustered(double[] seedScores, List<String> clusters,
      double threshold, double confidence) {
    Interval interval = MeanIntervals.clusterRobust(seedScores, clusters, confidence);
    double sd = Double.NaN;
    if (interval.bounded()) {
      int g = (int) clusters.stream().distinct().count();
      double se = interval.halfWidth() / Confidence.tCritical(confidence, g - 1);
      sd = se * Math.sqrt(seedScores.length);
    }
    return new ThresholdCheck(Decision.atLeast(interval, threshold), interval, threshold,
        hintForMean(sd, interval.estimate() - threshold, confidence));
  }

  /**
   * Pass rate at least {@code threshold}, by the exact Clopper-Pearson interval of passed / judged
   * seeds: the one interval whose chance of a wrong PASSED and of a wrong FAILED stays at or below
   * (1 - confidence) / 2 for every true rate. The Wilson interval reaches 6% wrong FAILED at a
   * true rate of 0.94 with 50 seeds (the exact scan in docs/statistics.md).
   */
  public static ThresholdCheck passRate(int passed, int judged, double threshold,
      double confidence) {
    Interval interval = passRateInterval(passed, judged, confidence);
    SampleSize hint = judged == 0 ? null
        : SampleSize.forProportion(threshold, interval.estimate(), confidence,
            SampleSize.DEFAULT_POWER).orElse(null);
    return new ThresholdCheck(Decision.atLeast(interval, threshold), interval, threshold, hint);
  }

  private static int passes(double[] binaryScores) {
    int passed = 0;
    for (double s : binaryScores) {
      passed += s == 1 ? 1 : 0;
    }
    return passed;
  }

  static boolean allBinary(double[] values) {
    for (double v : values) {
      if (v != 0 && v != 1) {
        return false;
      }
    }
    return true;
  }

  private static SampleSize hintForMean(double sd, double margin, double confidence) {
    return SampleSize.forMean(sd, margin, confidence, SampleSize.DEFAULT_POWER).orElse(null);
  }
}
