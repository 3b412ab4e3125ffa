package dev.evalunit.engine.config;

import java.util.Optional;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * Reads {@code evalunit.<key>} and {@code evalunit.suite.<class>.<key>} configuration parameters
 * (from {@code junit-platform.properties}, system properties and the launcher's explicit
 * parameters, in the launcher's own precedence). The per-suite form wins over the global one,
 * the fully qualified class name over the simple one. Only registered suite settings are read;
 * {@link PropertyKeys} reports every other name.
 */
final class PropertySettings {

  static final String PREFIX = "evalunit.";
  static final String SUITE_PREFIX = PREFIX + "suite.";

  private PropertySettings() {}

  static SettingsLayer read(ConfigurationParameters parameters, PropertyKeys keys,
      Class<?> suiteClass) {
    SettingsLayer layer = new SettingsLayer();
    for (String name : PropertyKeys.names(parameters)) {
      String key = name.substring(PREFIX.length());
      // evalunit.suite.meanScore is a global threshold, not a setting of a class "meanScore".
      if (SettingRegistry.isSuiteKey(key)) {
        put(layer, parameters, name, key);
      }
    }
    for (String suiteName : new String[] {suiteClass.getSimpleName(), suiteClass.getName()}) {
      for (PropertyKeys.PerSuite scoped : keys.perSuite()) {
        if (scoped.suite().equals(suiteName)) {
          put(layer, parameters, scoped.name(), scoped.key());
        }
      }
    }
    return layer;
  }

  private static void put(SettingsLayer layer, ConfigurationParameters parameters, String name,
      String key) {
    parameters.get(name).ifPresent(v -> layer.put(key, typed(key, v), PropertyKeys.origin(name)));
  }

  /** Policy and env config entries go to the task app as JSON: "0.2" must travel as 0.2. */
  private static Object typed(String key, String value) {
    return key.startsWith(SettingKeys.POLICY_CONFIG_PREFIX)
        || key.startsWith(SettingKeys.ENV_CONFIG_PREFIX) ? ScalarText.coerce(value) : value;
  }

  static Optional<String> engineSetting(ConfigurationParameters parameters, String key) {
    return parameters.get(PREFIX + key);
  }
}
