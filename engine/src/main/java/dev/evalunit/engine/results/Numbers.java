package dev.evalunit.engine.results;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Number formatting shared by messages and reports: 4 decimals, trailing zeros stripped, rounded
 * like synth-ai's {@code f"{v:.4f}"} so tables match digit for digit.
 */
public final class Numbers {

  private Numbers() {}

  /**
   * Four significant digits, for small amounts such as per-call cost where four decimals would
   * print a known $0.0000185 as 0: {@code 0.0000185 -> "0.0000185"}, {@code 1.23456 -> "1.235"}.
   */
  public static String significant(Double value) {
    if (value == null) {
      return "-";
    }
    if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
      return format(value);
    }
    return new BigDecimal(value).round(new java.math.MathContext(4, RoundingMode.HALF_EVEN))
        .stripTrailingZeros().toPlainString();
  }

  /** {@code 0.71428571 -> "0.7143"}, {@code 1.0 -> "1"}, {@code null -> "-"}. */
  public static String format(Number value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof Long || value instanceof Integer) {
      return value.toString();
    }
    double d = value.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    // new BigDecimal(d) is the double's exact binary value, which is what Python's
    // f"{v:.4f}" rounds; BigDecimal.valueOf(d) would round its shortest decimal string instead.
    String s = new BigDecimal(d).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros()
        .toPlainString();
    return s.equals("-0") ? "0" : s;
  }
}
