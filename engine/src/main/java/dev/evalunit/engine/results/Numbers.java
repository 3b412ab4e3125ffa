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
   * {@code a + b} for token totals, held at {@link Long#MAX_VALUE} (or MIN) instead of
   * wrapping round to a negative total.
   */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow iff both operands have the sign the sum lacks.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

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
    // Reports format every number of every seed, and the exact BigDecimal below costs more than
    // the rest of a table row. Below 1e5, d * 10^4 is within 1e-7 of the exact product, so
    // unless that product lies within 1e-6 of a tie, rounding it gives the same digits.
    if (Math.abs(d) < 1e5) {
      double scaled = d * 10_000;
      double floor = Math.floor(scaled);
      double fraction = scaled - floor;
      if (Math.abs(fraction - 0.5) > 1e-6) {
        return fourDecimals((long) floor + (fraction < 0.5 ? 0 : 1));
      }
    }
    // new BigDecimal(d) is the double's exact binary value, which is what Python's
    // f"{v:.4f}" rounds; BigDecimal.valueOf(d) would round its shortest decimal string instead.
    String s = new BigDecimal(d).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros()
        .toPlainString();
    return s.equals("-0") ? "0" : s;
  }

  /**
   * A cell of synth-ai's results table, its {@code _fmt}: {@code f"{v:.4f}".rstrip("0")
   * .rstrip(".")}. Like {@link #format(Number)}, except that a negative value rounding to zero
   * keeps Python's sign ({@code -0.00001 -> "-0"}, {@code -0.0 -> "-0"}) and non-finite values
   * print as Python prints them ({@code nan}, {@code inf}, {@code -inf}).
   */
  public static String pythonCell(Number value) {
    if (value == null || value instanceof Long || value instanceof Integer) {
      return format(value);
    }
    double d = value.doubleValue();
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    String formatted = format(d);
    boolean negative = d < 0 || (d == 0 && 1 / d < 0);
    return negative && formatted.equals("0") ? "-0" : formatted;
  }

  /** {@code units} ten-thousandths as a decimal with trailing zeros stripped: 12500 -> "1.25". */
  private static String fourDecimals(long units) {
    if (units == 0) {
      return "0";
    }
    long abs = Math.abs(units);
    StringBuilder out = new StringBuilder(units < 0 ? "-" : "").append(abs / 10_000);
    int fraction = (int) (abs % 10_000);
    if (fraction != 0) {
      String digits = Integer.toString(fraction + 10_000).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(digits, 0, end);
    }
    return out.toString();
  }
}
