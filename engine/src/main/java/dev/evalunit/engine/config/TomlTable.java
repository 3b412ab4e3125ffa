package dev.evalunit.engine.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One table of a parsed TOML file that remembers which keys were read, so that whatever the
 * mapping did not use can be named in one warning ({@link #unread()}), and that names its keys
 * the way error messages and origins do: {@code evals/b77.toml [eval.policy_config].model}.
 */
final class TomlTable {

  private final String file;
  private final String path;
  private final Map<String, Object> values;
  private final Set<String> read = new LinkedHashSet<>();
  private final Map<String, TomlTable> children = new LinkedHashMap<>();

  private TomlTable(String file, String path, Map<String, Object> values) {
    this.file = file;
    this.path = path;
    this.values = values;
  }

  /** The document's top level. */
  static TomlTable root(Map<String, Object> document, String file) {
    return new TomlTable(file, "", document);
  }

  boolean has(String key) {
    return values.get(key) != null;
  }

  /** The value of {@code key} (null if absent); the key counts as used. */
  Object get(String key) {
    read.add(key);
    return values.get(key);
  }

  /**
   * The sub-table {@code key}, or null if absent; the key counts as used, but the sub-table's own
   * keys only as they are read.
   *
   * @throws ConfigException if the key holds something other than a table
   */
  TomlTable table(String key) {
    Object value = get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw ConfigException.invalid(new Setting(value, origin(key)), "a table");
    }
    return children.computeIfAbsent(key, k -> new TomlTable(file, qualified(k), cast(map)));
  }

  /** Every entry of this table, all counting as used: for tables passed on as they are. */
  Map<String, Object> entries() {
    read.addAll(values.keySet());
    return values;
  }

  /** {@code file [path].key}, or {@code file key} at the top level. */
  String origin(String key) {
    return path.isEmpty() ? file + " " + key : file + " [" + path + "]." + key;
  }

  /** {@code [path]}, or the file name at the top level, for messages about the whole table. */
  String describe() {
    return path.isEmpty() ? file : file + " [" + path + "]";
  }

  /**
   * The keys no mapping read, as dotted paths; a table none of whose keys was read is named once
   * as {@code [path]}, and keys of a table that was read are listed one by one.
   */
  List<String> unread() {
    List<String> unread = new ArrayList<>();
    values.forEach((key, value) -> {
      TomlTable child = children.get(key);
      if (child != null) {
        unread.addAll(child.unread());
      } else if (!read.contains(key)) {
        unread.add(value instanceof Map<?, ?> ? "[" + qualified(key) + "]" : qualified(key));
      }
    });
    return unread;
  }

  private String qualified(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
