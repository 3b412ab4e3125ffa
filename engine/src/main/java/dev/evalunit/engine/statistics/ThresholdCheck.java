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

  /** Mean score at least {@code threshold}, by the Student-t interval of seed-level scores. */
  public static ThresholdCheck meanScore(double[] seedScores, double threshold,
      double confidence) {
    Interval interval = MeanIntervals.studentT(seedScores, confidence);
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

  /** Pass rate at least {@code threshold}, by the Wilson interval of passed / judged seeds. */
  public static ThresholdCheck passRate(int passed, int judged, double threshold,
      double confidence) {
    Interval interval = ProportionIntervals.wilson(passed, judged, confidence);
    SampleSize hint = judged == 0 ? null
        : SampleSize.forProportion(threshold, interval.estimate(), confidence,
            SampleSize.DEFAULT_POWER).orElse(null);
    return new ThresholdCheck(Decision.atLeast(interval, threshold), interval, threshold, hint);
  }

  private static SampleSize hintForMean(double sd, double margin, double confidence) {
    return SampleSize.forMean(sd, margin, confidence, SampleSize.DEFAULT_POWER).orElse(null);
  }
}
