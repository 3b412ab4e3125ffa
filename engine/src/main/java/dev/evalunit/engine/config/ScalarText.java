package dev.evalunit.engine.config;

/**
 * Property values arrive as text; policy and env config entries are sent to the task app as JSON,
 * where {@code temperature=0.2} must be the number 0.2, not the string "0.2".
 */
final class ScalarText {

  private ScalarText() {}

  static Object coerce(Object value) {
    if (!(value instanceof String s)) {
      return value;
    }
    String t = s.trim();
    if (t.equals("true") || t.equals("false")) {
      return Boolean.valueOf(t);
    }
    if (t.matches("-?\\d{1,18}")) {
      return Long.parseLong(t);
    }
    if (t.matches("-?\\d+\\.\\d+([eE][-+]?\\d+)?")) {
      return Double.parseDouble(t);
    }
    return s;
  }
}
