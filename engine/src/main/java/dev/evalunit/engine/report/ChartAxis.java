package dev.evalunit.engine.report;

import dev.evalunit.engine.results.Numbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The y axis of one row of charts. The report gives every variant of a matrix the same axis per
 * measure, so equal heights mean equal values; a value above {@link #top()} is an outlier, drawn
 * clipped and marked.
 *
 * <pre>{@code
 * ChartAxis cost = ChartAxis.covering(0.00031, ChartAxis.Unit.USD); // ticks $0 .. $0.0004
 * }</pre>
 *
 * @param top the value at the top of the plot, a multiple of {@code step}
 * @param step the distance between two ticks: 1, 2, 2.5 or 5 times a power of ten
 * @param unit what the axis measures, for tick labels, values and the axis title
 */
record ChartAxis(BigDecimal top, BigDecimal step, Unit unit) {

  /** What a chart's axis measures. */
  enum Unit {
    COUNT("seeds"),
    SCORE("score"),
    USD("cost (USD)"),
    MS("latency (ms)");

    private final String title;

    Unit(String title) {
      this.title = title;
    }

    /** The axis title. */
    String title() {
      return title;
    }

    /** A tick label: exact, since ticks are multiples of a round step ({@code $0.00002}). */
    String tick(BigDecimal value) {
      String plain = value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
      if (this == USD) {
        // Below a millionth of a dollar a plain decimal no longer fits the margin.
        return "$" + (value.signum() != 0 && value.abs().compareTo(MICRO) < 0
            ? String.format(java.util.Locale.ROOT, "%.1e", value.doubleValue()) : plain);
      }
      return plain;
    }

    /** A seed's value, for hover titles and outlier notes: {@code $0.0000186}, {@code 78.58 ms}. */
    String value(double value) {
      return switch (this) {
        case COUNT -> Long.toString(Math.round(value));
        case SCORE -> Numbers.format(value);
        case USD -> "$" + Numbers.significant(value);
        case MS -> Numbers.format(value) + " ms";
      };
    }
  }

  private static final BigDecimal MICRO = new BigDecimal("0.000001");
  private static final double[] MANTISSAS = {1, 2, 2.5, 5, 10};
  private static final double[] ONE_DIGIT_MANTISSAS = {1, 2, 5, 10};
  private static final int TARGET_TICKS = 4;

  /** The smallest round axis reaching {@code max}, with two to four steps above zero. */
  static ChartAxis covering(double max, Unit unit) {
    if (!(max > 0) || Double.isInfinite(max)) {
      BigDecimal one = BigDecimal.ONE;
      return new ChartAxis(one, unit == Unit.COUNT ? one : new BigDecimal("0.5"), unit);
    }
    double raw = max / TARGET_TICKS;
    int exponent = (int) Math.floor(Math.log10(raw));
    double normalised = raw / Math.pow(10, exponent);
    double mantissa = 10;
    for (double m : unit == Unit.SCORE || unit == Unit.MS ? MANTISSAS : ONE_DIGIT_MANTISSAS) {
      if (m >= normalised - 1e-9) {
        mantissa = m;
        break;
      }
    }
    BigDecimal step = BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent);
    if (unit == Unit.COUNT && step.compareTo(BigDecimal.ONE) < 0) {
      step = BigDecimal.ONE;
    }
    long steps = Math.max(1, (long) Math.ceil(max / step.doubleValue() - 1e-9));
    return new ChartAxis(step.multiply(BigDecimal.valueOf(steps)), step, unit);
  }

  /**
   * An axis for the inliers of {@code values}. A value is an outlier when it lies above both
   * {@code Q3 + 3 IQR} and {@code 2 Q3} (the second keeps near-constant data from calling small
   * wobbles outliers); with fewer than four values nothing is. One slow seed then no longer
   * flattens every other bar.
   */
  static ChartAxis clippingOutliers(double[] values, Unit unit) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return covering(0, unit);
    }
    double max = sorted[sorted.length - 1];
    if (sorted.length < 4) {
      return covering(max, unit);
    }
    double q1 = quantile(sorted, 0.25);
    double q3 = quantile(sorted, 0.75);
    double fence = Math.max(q3 + 3 * (q3 - q1), 2 * q3);
    double highestInlier = max;
    for (int i = sorted.length - 1; i >= 0 && sorted[i] > fence; i--) {
      highestInlier = i > 0 ? sorted[i - 1] : 0;
    }
    return covering(highestInlier, unit);
  }

  /** Linear interpolation between closest ranks (the usual spreadsheet quantile). */
  private static double quantile(double[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  }

  double topValue() {
    return top.doubleValue();
  }

  /** True when {@code value} lies above the axis and is drawn clipped. */
  boolean clips(double value) {
    // A mean of equal values may land a rounding error above the top it defined.
    return value > topValue() * (1 + 1e-9);
  }

  /** Zero, each step, and the top. */
  List<BigDecimal> ticks() {
    List<BigDecimal> ticks = new ArrayList<>();
    for (BigDecimal t = BigDecimal.ZERO; t.compareTo(top) <= 0; t = t.add(step)) {
      ticks.add(t);
    }
    return ticks;
  }
}
