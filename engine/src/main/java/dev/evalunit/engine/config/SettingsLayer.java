package dev.evalunit.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings one source contributes (an annotation, a TOML file, the properties), under the
 * canonical keys of {@link SettingKeys}. Layers are merged key by key, higher precedence last.
 */
public final class SettingsLayer {

  private final Map<String, Setting> settings = new LinkedHashMap<>();

  public SettingsLayer put(String key, Object value, String origin) {
    if (value != null) {
      settings.put(key, new Setting(value, origin));
    }
    return this;
  }

  public SettingsLayer putIfAbsent(String key, Object value, String origin) {
    if (value != null && !settings.containsKey(key)) {
      settings.put(key, new Setting(value, origin));
    }
    return this;
  }

  public boolean has(String key) {
    return settings.containsKey(key);
  }

  public Map<String, Setting> asMap() {
    return Collections.unmodifiableMap(settings);
  }

  /** Merges {@code layers} in order: a later layer's key replaces an earlier one's. */
  public static Map<String, Setting> merge(Iterable<SettingsLayer> layers) {
    Map<String, Setting> merged = new LinkedHashMap<>();
    for (SettingsLayer layer : layers) {
      merged.putAll(layer.settings);
    }
    return merged;
  }
}
