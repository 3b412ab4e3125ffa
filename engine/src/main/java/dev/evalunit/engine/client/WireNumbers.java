package dev.evalunit.engine.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * The rules a number from a task app (or the backend) must follow before the engine adds,
 * averages or compares it: finite, and within the range its kind has. A score or reward may be
 * any finite number within &plusmn;{@value #MAX_MAGNITUDE} (a larger one is a broken value, not a
 * reward: it would drown every mean and pass every threshold); a cost lies in
 * 0..{@value #MAX_MAGNITUDE} US dollars, since a negative cost would hand spent money back to a
 * budget; a token count is a whole number within 0..{@link Long#MAX_VALUE}. Numbers may come as
 * JSON numbers or as numeric strings ({@code "0.5"}); {@code "NaN"} and {@code "Infinity"} are
 * refused like any other non-finite value.
 *
 * <pre>{@code
 * WireNumbers.score(node);   // 0.5 for 0.5 or "0.5"; throws for "NaN", 1e308
 * WireNumbers.tokens(node);  // 1200 for 1200 or 1200.0; throws for -1, 12.5, 1e308
 * }</pre>
 */
public final class WireNumbers {

  /** The largest magnitude of a score, reward or cost. */
  static final double MAX_MAGNITUDE = 1e9;

  private WireNumbers() {}

  /** A number that breaks its rule; the caller adds where it was found. */
  public static final class Violation extends IllegalArgumentException {
    Violation(JsonNode value, String rule) {
      super("is " + shown(value) + ": " + rule);
    }

    Violation(String message) {
      super(message);
    }
  }

  /** A score or reward: null when absent or not numeric text; else finite within the range. */
  public static Double score(JsonNode node) {
    Double d = parse(node);
    if (d != null && (!Double.isFinite(d) || Math.abs(d) > MAX_MAGNITUDE)) {
      throw new Violation(node, "not a finite number within -1e9..1e9");
    }
    return d;
  }

  /** A cost in US dollars: null when absent; else finite within 0..1e9. */
  public static Double cost(JsonNode node) {
    Double d = parse(node);
    if (d != null && (!Double.isFinite(d) || d < 0 || d > MAX_MAGNITUDE)) {
      throw new Violation(node, "not a cost in US dollars within 0..1e9");
    }
    return d;
  }

  /** A token count: null when absent or 0 (unknown); else a whole number within a long. */
  public static Long tokens(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    BigDecimal exact;
    if (node.isIntegralNumber()) {
      exact = new BigDecimal(node.bigIntegerValue());
    } else if (node.isNumber()) {
      double d = node.doubleValue();
      if (!Double.isFinite(d)) {
        throw new Violation(node, "not a whole number of tokens within 0..9223372036854775807");
      }
      exact = node.decimalValue();
    } else if (node.isTextual()) {
      try {
        exact = new BigDecimal(node.asText().trim());
      } catch (NumberFormatException e) {
        if (parse(node) == null) {
          return null; // not numeric text: unreported, as before
        }
        throw new Violation(node, "not a whole number of tokens within 0..9223372036854775807");
      }
    } else {
      return null;
    }
    long value;
    try {
      if (exact.signum() < 0) {
        throw new ArithmeticException("negative");
      }
      value = exact.longValueExact();
    } catch (ArithmeticException e) {
      throw new Violation(node, "not a whole number of tokens within 0..9223372036854775807");
    }
    return value == 0 ? null : value;
  }

  /** A latency in milliseconds: null when absent; else finite within 0..1e12. */
  public static Double latencyMs(JsonNode node) {
    Double d = parse(node);
    if (d != null && (!Double.isFinite(d) || d < 0 || d > 1e12)) {
      throw new Violation(node, "not a latency in milliseconds within 0..1e12");
    }
    return d;
  }

  /** {@code a + b}, or a violation naming what overflowed. */
  static long addTokens(long a, long b, String what) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new Violation("sums past 9223372036854775807 tokens (" + what + ")");
    }
  }

  private static Double parse(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      try {
        return Double.parseDouble(node.asText());
      } catch (NumberFormatException ignored) {
        return null; // not a number: unreported
      }
    }
    return null;
  }

  private static String shown(JsonNode value) {
    String text = value.toString();
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }
}
