package dev.evalunit.engine.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping for text and attribute values written into the HTML report. */
final class Html {

  private Html() {}

  /** Text or a quoted attribute value: {@code <a & "b">} becomes {@code &lt;a &amp; &quot;b&quot;&gt;}. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A relative link to a file below the report: each path segment percent-encoded. */
  static String href(String relativePath) {
    StringBuilder out = new StringBuilder();
    for (String segment : relativePath.split("/")) {
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return escape(out.toString());
  }
}
