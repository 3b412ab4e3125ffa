package dev.evalunit.scoring;

/** Quoting and excerpts for score reasons and error messages. */
final class Texts {

  static final int EXCERPT = 200;

  private Texts() {}

  /**
   * {@code text} in double quotes, at most {@code max} characters of it, with control and
   * invisible characters shown as {@code \n}, {@code \t} or {@code \}{@code u00a0}.
   */
  static String quote(String text, int max) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(text.length(), max);
    for (int i = 0; i < shown; i++) {
      out.append(visible(text.charAt(i)));
    }
    out.append('"');
    if (text.length() > max) {
      out.append("... (").append(text.length()).append(" chars)");
    }
    return out.toString();
  }

  static String quote(String text) {
    return quote(text, EXCERPT);
  }

  /** A character as it reads in a message: escaped when it would be invisible. */
  static String visible(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      default -> c < 0x20 || Character.isSpaceChar(c) && c != ' '
          || Character.getType(c) == Character.FORMAT
          ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    };
  }

  /** Where two different strings first differ, e.g. {@code at character 4: ' ' vs '\u00a0'}. */
  static String firstDifference(String expected, String actual) {
    int n = Math.min(expected.length(), actual.length());
    int i = 0;
    while (i < n && expected.charAt(i) == actual.charAt(i)) {
      i++;
    }
    if (i == n) {
      return expected.length() < actual.length()
          ? "the answer goes on after the expected text, at character " + i
          : "the answer ends at character " + i + " of " + expected.length();
    }
    return "first difference at character " + i + ": expected '"
        + visible(expected.charAt(i)) + "', got '" + visible(actual.charAt(i)) + "'";
  }

  static String require(String expected, String what) {
    if (expected == null) {
      throw new IllegalArgumentException("the expected " + what + " is null");
    }
    return expected;
  }
}
