package dev.evalunit.engine.config;

import dev.evalunit.engine.config.SettingDefinition.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The {@code evalunit.*} configuration parameters of one discovery, checked against
 * {@link SettingRegistry}: unknown keys and engine-wide switches with unusable values are errors
 * (they fail every suite of the run: a typo must not leave a gate silently off); a per-suite key
 * naming a suite that is not in this run is only a warning, because in a multi-module build one
 * {@code -D} reaches every module's tests.
 */
final class PropertyKeys {

  /** {@code evalunit.suite.<suite>.<key>}: a known suite setting for one suite. */
  record PerSuite(String name, String suite, String key) {}

  private final List<String> errors = new ArrayList<>();
  private final List<PerSuite> perSuite = new ArrayList<>();
  private final ConfigurationParameters parameters;

  private PropertyKeys(ConfigurationParameters parameters) {
    this.parameters = parameters;
  }

  static PropertyKeys of(ConfigurationParameters parameters) {
    PropertyKeys keys = new PropertyKeys(parameters);
    for (String name : names(parameters)) {
      keys.classify(name);
    }
    return keys;
  }

  /** Every {@code evalunit.*} name: the launcher's keys plus the system properties. */
  static Set<String> names(ConfigurationParameters parameters) {
    Set<String> names = new TreeSet<>();
    for (String name : parameters.keySet()) {
      if (name.startsWith(PropertySettings.PREFIX)) {
        names.add(name);
      }
    }
    // Launchers differ in whether keySet() lists system properties; get() always consults them.
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith(PropertySettings.PREFIX)) {
        names.add(name);
      }
    }
    return names;
  }

  /** Where a parameter was set, for messages. */
  static String origin(String name) {
    return (System.getProperty(name) != null ? "system property " : "configuration parameter ")
        + name;
  }

  private void classify(String name) {
    String key = name.substring(PropertySettings.PREFIX.length());
    Optional<SettingDefinition> global = SettingRegistry.find(key);
    if (global.isPresent()) {
      if (global.get().scope() == Scope.ENGINE) {
        // Suite settings are checked with the suite; a switch has no suite to check it.
        parameters.get(name).ifPresent(value -> check(key, new Setting(value, origin(name))));
      }
      return;
    }
    Optional<PerSuite> scoped = perSuiteForm(name);
    if (scoped.isEmpty()) {
      errors.add(origin(name) + ": unknown key" + suggestion(name)
          + " (every key: docs/configuration.md)");
    } else if (SettingRegistry.find(scoped.get().key()).orElseThrow().scope() == Scope.ENGINE) {
      errors.add(origin(name) + ": " + scoped.get().key() + " is engine-wide and has no "
          + "per-suite form; set " + PropertySettings.PREFIX + scoped.get().key());
    } else {
      perSuite.add(scoped.get());
    }
  }

  private void check(String key, Setting setting) {
    try {
      SettingRegistry.parse(key, setting);
    } catch (ConfigException e) {
      errors.add(e.getMessage());
    }
  }

  /** {@code evalunit.suite.<suite>.<key>} with a registered key; the suite may hold dots. */
  private static Optional<PerSuite> perSuiteForm(String name) {
    if (!name.startsWith(PropertySettings.SUITE_PREFIX)) {
      return Optional.empty();
    }
    String rest = name.substring(PropertySettings.SUITE_PREFIX.length());
    for (int dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.', dot + 1)) {
      String key = rest.substring(dot + 1);
      if (SettingRegistry.find(key).isPresent()) {
        return Optional.of(new PerSuite(name, rest.substring(0, dot), key));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code @EvalSuite} attributes whose setting has another name: a user who writes
   * {@code @EvalSuite(model = ...)} tries {@code -Devalunit.model}, which is one edit from
   * {@code evalunit.mode} but means {@code evalunit.policy.config.model}.
   */
  private static final Map<String, String> ANNOTATION_ATTRIBUTES = Map.of(
      "model", SettingKeys.MODEL,
      "taskApp", SettingKeys.TASK_APP_URL,
      "reducer", SettingKeys.EPOCHS_REDUCER,
      "config", SettingKeys.CONFIG_FILE);

  /** "; did you mean evalunit.threshold.score?" or nothing when no key is close. */
  private static String suggestion(String name) {
    Optional<String> attribute = annotationAttributeKey(name);
    if (attribute.isPresent()) {
      return "; did you mean " + attribute.get() + ", the setting of @EvalSuite("
          + name.substring(name.lastIndexOf('.') + 1) + ")?";
    }
    Set<String> candidates = new LinkedHashSet<>();
    List<String> plainKeys = new ArrayList<>();
    for (SettingDefinition d : SettingRegistry.all()) {
      String key = d.isFamily() ? d.key() + name.substring(Math.min(name.length(),
          name.lastIndexOf('.') + 1)) : d.key();
      candidates.add(PropertySettings.PREFIX + key);
      if (d.scope() == Scope.SUITE) {
        plainKeys.add(key);
      }
    }
    // A per-suite name: the same suite part with each suite key.
    if (name.startsWith(PropertySettings.SUITE_PREFIX)) {
      String rest = name.substring(PropertySettings.SUITE_PREFIX.length());
      for (int dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.', dot + 1)) {
        for (String key : plainKeys) {
          candidates.add(PropertySettings.SUITE_PREFIX + rest.substring(0, dot + 1) + key);
        }
      }
    }
    return ClosestName.of(name, candidates).map(c -> "; did you mean " + c + "?").orElse("");
  }

  /**
   * {@code evalunit.model} or {@code evalunit.suite.<suite>.model}: the same form with the
   * attribute's setting key.
   */
  private static Optional<String> annotationAttributeKey(String name) {
    int dot = name.lastIndexOf('.');
    String attribute = name.substring(dot + 1);
    String key = ANNOTATION_ATTRIBUTES.get(attribute);
    String head = name.substring(0, dot + 1);
    boolean plain = head.equals(PropertySettings.PREFIX);
    boolean perSuite = head.startsWith(PropertySettings.SUITE_PREFIX)
        && head.length() > PropertySettings.SUITE_PREFIX.length() + 1;
    return key != null && (plain || perSuite) ? Optional.of(head + key) : Optional.empty();
  }

  /** The errors that fail every suite of this run (empty when all keys are usable). */
  List<String> errors() {
    return List.copyOf(errors);
  }

  /** The known per-suite keys, for the settings of the suite they name. */
  List<PerSuite> perSuite() {
    return List.copyOf(perSuite);
  }

  /**
   * Warnings for per-suite keys whose suite is not in this run, naming the closest suite that is.
   * None when the run has no suites at all: the key is then meant for another module.
   */
  List<String> absentSuiteWarnings(Collection<Class<?>> suitesInRun) {
    if (suitesInRun.isEmpty()) {
      return List.of();
    }
    Set<String> suiteNames = new LinkedHashSet<>();
    for (Class<?> suite : suitesInRun) {
      suiteNames.add(suite.getSimpleName());
      suiteNames.add(suite.getName());
    }
    List<String> warnings = new ArrayList<>();
    for (PerSuite key : perSuite) {
      if (!suiteNames.contains(key.suite())) {
        warnings.add(origin(key.name()) + " names no suite of this run, so it has no effect here"
            + ClosestName.of(key.suite(), suiteNames)
                .map(c -> "; did you mean " + PropertySettings.SUITE_PREFIX + c + "." + key.key()
                    + "?")
                .orElse(" (suites in this run: " + String.join(", ",
                    suitesInRun.stream().map(Class::getSimpleName).toList()) + ")"));
      }
    }
    return warnings;
  }
}
