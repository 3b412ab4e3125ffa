package dev.evalunit.engine.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in string settings, from environment
 * variables first, then system properties: {@code url = "${TASK_APP_URL:-http://localhost:8103}"}.
 * A placeholder with neither a value nor a default is an error naming the setting's origin; the
 * message never contains the value of any variable.
 */
final class Placeholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::-([^}]*))?}");

  private final Function<String, String> lookup;

  Placeholders(Map<String, String> environment) {
    this.lookup = name -> {
      String value = environment.get(name);
      return value != null ? value : System.getProperty(name);
    };
  }

  /** Expands every string in {@code value}, also inside lists and tables. */
  Object expandAll(Object value, String origin) {
    if (value instanceof String s) {
      return expand(s, origin);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(item -> expandAll(item, origin)).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> expanded = new LinkedHashMap<>();
      map.forEach((k, v) -> expanded.put(String.valueOf(k), expandAll(v, origin + "." + k)));
      return expanded;
    }
    return value;
  }

  String expand(String value, String origin) {
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String resolved = lookup.apply(m.group(1));
      if (resolved == null) {
        resolved = m.group(2);
      }
      if (resolved == null) {
        throw new ConfigException(origin + ": ${" + m.group(1)
            + "} is neither an environment variable nor a system property"
            + " (write ${" + m.group(1) + ":-default} to give a default)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolved));
    }
    m.appendTail(out);
    return out.toString();
  }
}
