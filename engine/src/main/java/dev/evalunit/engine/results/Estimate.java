package dev.evalunit.engine.results;

import dev.evalunit.engine.statistics.Decision;
import dev.evalunit.engine.statistics.Interval;
import dev.evalunit.engine.statistics.SampleSize;
import dev.evalunit.engine.statistics.ThresholdCheck;
import java.util.Locale;

/**
 * A suite statistic with its confidence interval, as every verdict and report shows it, and,
 * when a threshold is set on it, the decision by the interval's bounds and how many seeds would
 * decide it.
 *
 * <pre>{@code
 * Estimate e = Estimate.checked("mean score", ThresholdCheck.meanScore(scores, 0.8, 0.95));
 * e.text()  // "mean score 0.78, 95% CI [0.69, 0.87] (skew-corrected t, 50 seeds);
 *           //  about 310 seeds would decide it at 80% power"
 * }</pre>
 *
 * @param metric {@code mean score} or {@code pass rate}
 * @param interval the interval
 * @param threshold the required minimum, or null when none is set
 * @param decision the decision by the bounds, or null when no threshold is set
 * @param hint seeds that would decide the threshold at 80% power, or null
 */
public record Estimate(String metric, Interval interval, Double threshold, Decision decision,
    SampleSize hint) {

  /** An interval shown beside a statistic no threshold is set on. */
  public static Estimate shown(String metric, Interval interval) {
    return new Estimate(metric, interval, null, null, null);
  }

  /** A threshold judged by its interval. */
  public static Estimate checked(String metric, ThresholdCheck check) {
    return new Estimate(metric, check.interval(), check.threshold(), check.decision(),
        check.sampleSizeHint().orElse(null));
  }

  /** {@code mean_score_ci}: the report-entry key of the interval. */
  public String key() {
    return metric.replace(' ', '_') + "_ci";
  }

  /** {@code [0.69, 0.87]}, or {@code unbounded} without enough data. */
  public String range() {
    return interval.bounded() ? "[" + Numbers.format(interval.lower()) + ", "
        + Numbers.format(interval.upper()) + "]" : "unbounded";
  }

  /** {@code 95% CI [0.69, 0.87]}, or {@code 95% CI unbounded} without enough data. */
  public String bounds() {
    return level() + " CI " + range();
  }

  /** The whole statement, as summaries list it. */
  public String text() {
    String seeds = interval.n() + (interval.n() == 1 ? " seed" : " seeds");
    return metric + " " + Numbers.format(Double.isNaN(interval.estimate()) ? null
        : interval.estimate()) + ", " + bounds() + " (" + interval.method() + ", " + seeds + ")"
        + hintText();
  }

  /** {@code "; about 310 seeds would decide it at 80% power"}, or empty. */
  public String hintText() {
    return hint == null ? "" : "; about " + hint.seeds() + " seeds would decide "
        + metric + " >= " + Numbers.format(threshold) + " at "
        + Math.round(hint.power() * 100) + "% power";
  }

  private String level() {
    double percent = interval.confidence() * 100;
    return (percent == Math.rint(percent) ? Long.toString(Math.round(percent))
        : String.format(Locale.ROOT, "%.1f", percent)) + "%";
  }
}
