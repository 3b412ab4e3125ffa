package dev.evalunit.engine.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenHands-style LLM config file: an {@code [llm]} table of defaults and named
 * {@code [llm.NAME]} sections, each inheriting every key it does not set from {@code [llm]}.
 * Other tables ({@code [core]}, {@code [agent]}, ...) are not read.
 *
 * <pre>{@code
 * [llm]
 * temperature = 0.0
 * [llm.gpt4o]
 * model = "gpt-4o"        # section "gpt4o": model gpt-4o, temperature 0.0
 * }</pre>
 */
final class LlmConfigFile {

  /** The name that selects the {@code [llm]} table itself. */
  static final String BASE = "llm";

  private final String location;
  private final Map<String, Object> base;
  private final Map<String, Map<String, Object>> named;

  private LlmConfigFile(String location, Map<String, Object> base,
      Map<String, Map<String, Object>> named) {
    this.location = location;
    this.base = base;
    this.named = named;
  }

  static LlmConfigFile of(Map<String, Object> document, String location) {
    Object llm = document.get(BASE);
    if (llm == null) {
      throw new ConfigException(location + ": no [llm] table (an LLM config file holds [llm] "
          + "and [llm.NAME] sections)");
    }
    if (!(llm instanceof Map<?, ?> table)) {
      throw ConfigException.invalid(new Setting(llm, location + " llm"), "a table");
    }
    Map<String, Object> base = new LinkedHashMap<>();
    Map<String, Map<String, Object>> named = new LinkedHashMap<>();
    table.forEach((key, value) -> {
      if (value instanceof Map<?, ?> section) {
        Map<String, Object> merged = new LinkedHashMap<>();
        section.forEach((k, v) -> merged.put(String.valueOf(k), v));
        named.put(String.valueOf(key), merged);
      } else {
        base.put(String.valueOf(key), value);
      }
    });
    return new LlmConfigFile(location, base, named);
  }

  String location() {
    return location;
  }

  /** The named sections, in file order. */
  List<String> names() {
    return new ArrayList<>(named.keySet());
  }

  /**
   * The keys of a section with inherited defaults filled in.
   *
   * @throws ConfigException naming the file, the section and the sections it has
   */
  Map<String, Object> section(String name) {
    if (name.equals(BASE)) {
      return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(base));
    }
    Map<String, Object> own = named.get(name);
    if (own == null) {
      throw new ConfigException(location + ": no [llm." + name + "] section (it has "
          + (named.isEmpty() ? "none" : String.join(", ", named.keySet())) + ")");
    }
    Map<String, Object> section = new LinkedHashMap<>(base);
    section.putAll(own);
    return section;
  }
}
