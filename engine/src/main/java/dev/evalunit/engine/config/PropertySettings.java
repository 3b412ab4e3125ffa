package dev.evalunit.engine.config;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * Reads {@code evalunit.<key>} and {@code evalunit.suite.<class>.<key>} configuration parameters
 * (from {@code junit-platform.properties}, system properties and the launcher's explicit
 * parameters, in the launcher's own precedence). The per-suite form wins over the global one.
 */
final class PropertySettings {

  static final String PREFIX = "evalunit.";
  static final String SUITE_PREFIX = PREFIX + "suite.";
  /**
   * Global keys that start like the per-suite form: {@code evalunit.suite.meanScore} is the
   * threshold for every suite, not a setting of a class named {@code meanScore}.
   */
  private static final Set<String> SUITE_THRESHOLD_KEYS = Set.of(
      SettingKeys.SUITE_MIN_MEAN_SCORE, SettingKeys.SUITE_MIN_PASS_RATE,
      SettingKeys.SUITE_MAX_COST_USD, SettingKeys.SUITE_MAX_TOKENS,
      SettingKeys.SUITE_MAX_P95_LATENCY_MS, SettingKeys.SUITE_MAX_MEAN_LATENCY_MS,
      SettingKeys.SUITE_MAX_COST_PER_SEED_USD, SettingKeys.SUITE_CONFIDENCE,
      SettingKeys.SUITE_CLUSTER_FIELD, SettingKeys.SUITE_INCONCLUSIVE_FAILS);

  private PropertySettings() {}

  static SettingsLayer read(ConfigurationParameters parameters, Class<?> suiteClass) {
    Set<String> names = parameterNames(parameters);
    SettingsLayer layer = new SettingsLayer();
    for (String name : names) {
      String key = name.substring(Math.min(name.length(), PREFIX.length()));
      if (name.startsWith(PREFIX)
          && (!name.startsWith(SUITE_PREFIX) || SUITE_THRESHOLD_KEYS.contains(key))) {
        if (isSuiteSetting(key)) {
          parameters.get(name).ifPresent(v -> layer.put(key, typed(key, v), "configuration parameter " + name));
        }
      }
    }
    for (String suiteName : new String[] {suiteClass.getSimpleName(), suiteClass.getName()}) {
      String prefix = SUITE_PREFIX + suiteName + ".";
      for (String name : names) {
        if (name.startsWith(prefix)) {
          String key = name.substring(prefix.length());
          parameters.get(name).ifPresent(v -> layer.put(key, typed(key, v), "configuration parameter " + name));
        }
      }
    }
    return layer;
  }

  /** Policy and env config entries go to the task app as JSON: "0.2" must travel as 0.2. */
  private static Object typed(String key, String value) {
    return key.startsWith(SettingKeys.POLICY_CONFIG_PREFIX)
        || key.startsWith(SettingKeys.ENV_CONFIG_PREFIX) ? ScalarText.coerce(value) : value;
  }

  /** Engine-wide switches (not suite settings) share the prefix; keep them out of the layer. */
  private static boolean isSuiteSetting(String key) {
    return !key.startsWith("config.") && !key.equals("resume") && !key.startsWith("progress.")
        && !key.startsWith("backend.") && !key.startsWith(SettingKeys.RUN_BUDGET_PREFIX);
  }

  private static Set<String> parameterNames(ConfigurationParameters parameters) {
    Set<String> names = new TreeSet<>(parameters.keySet());
    // Launchers differ in whether keySet() lists system properties; get() always consults them.
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith(PREFIX)) {
        names.add(name);
      }
    }
    return names;
  }

  static Optional<String> engineSetting(ConfigurationParameters parameters, String key) {
    return parameters.get(PREFIX + key);
  }
}
