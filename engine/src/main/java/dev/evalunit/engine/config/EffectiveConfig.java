package dev.evalunit.engine.config;

import dev.evalunit.engine.config.SuiteConfig.Variant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The printable form of a suite's merged settings ({@code evalunit.config.print=true}): one
 * entry per canonical key, sorted, every registered suite setting that is not set showing its
 * default as {@code timeout.rollout = 10m (default)}, plus each matrix variant's policy config as
 * {@code variant.<name>.policy.config.<key>}. Secrets read {@code ***}: values of secret-named
 * keys at any depth, secret-named {@code NAME=value} entries of the task app's environment, and
 * any known secret value wherever else it appears.
 */
final class EffectiveConfig {

  private EffectiveConfig() {}

  /**
   * @param merged the merged settings
   * @param variants the suite's variants
   * @param keyVariable the environment variable that supplied the task app key, or null
   * @param redactor the suite's secret values
   */
  static Map<String, String> of(Map<String, Setting> merged, List<Variant> variants,
      String keyVariable, SecretRedactor redactor) {
    Map<String, String> out = new TreeMap<>();
    merged.forEach((key, setting) -> out.put(key, render(key, setting.value(), redactor)));
    // Unset settings show their registered default, so the print answers "what applies?".
    for (SettingDefinition definition : SettingRegistry.all()) {
      if (definition.scope() == SettingDefinition.Scope.SUITE && !definition.isFamily()) {
        out.putIfAbsent(definition.key(), definition.defaultText().replace("`", "") + " (default)");
      }
    }
    for (Variant variant : variants) {
      if (variant.name() != null) {
        variant.redactedPolicyConfig().forEach((key, value) -> out.put(
            "variant." + variant.name() + "." + SettingKeys.POLICY_CONFIG_PREFIX + key,
            redactor.redact(String.valueOf(value))));
      }
    }
    if (keyVariable != null) {
      out.put(SettingKeys.TASK_APP_API_KEY, Secret.MASK + " (from " + keyVariable + ")");
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static String render(String key, Object value, SecretRedactor redactor) {
    // A flag such as llm.sendSecrets=true is named like a secret but cannot be one.
    if (SecretKeys.isSecret(key) && !isFlag(value)) {
      return Secret.MASK;
    }
    if (key.equals(SettingKeys.PROCESS_ENVIRONMENT) && value instanceof List<?> pairs) {
      return redactor.redact(pairs.stream().map(String::valueOf).map(EffectiveConfig::maskPair)
          .toList().toString());
    }
    if (value instanceof Map<?, ?> map) {
      return redactor.redact(String.valueOf(SecretRedactor.maskSecretKeys(
          (Map<String, Object>) map)));
    }
    return redactor.redact(String.valueOf(value));
  }

  private static boolean isFlag(Object value) {
    return value instanceof Boolean || "true".equals(value) || "false".equals(value);
  }

  private static String maskPair(String pair) {
    int eq = pair.indexOf('=');
    return eq > 0 && SecretKeys.isSecret(pair.substring(0, eq))
        ? pair.substring(0, eq + 1) + Secret.MASK : pair;
  }
}
