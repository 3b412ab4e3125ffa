package dev.evalunit.engine.config;

import dev.evalunit.engine.config.SuiteConfig.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the named sections of an LLM config file into the suite's matrix variants. A variant's
 * policy config is the suite's policy config with the section's keys on top, except keys set by
 * properties or system properties, which win for every variant (precedence of the design page).
 */
final class LlmVariants {

  /** Variant names become unique-id segments and folder names: keep them tame. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Map<String, String> RENAMED = Map.of(
      "base_url", "inference_url",
      "custom_llm_provider", "provider",
      "max_output_tokens", "max_tokens");

  private LlmVariants() {}

  /**
   * @param file the parsed LLM config file
   * @param names the sections to run (empty: every named section, else {@code [llm]})
   * @param sendSecrets whether secret keys go into the policy config
   * @param policyConfig the suite's policy config without variants
   * @param pinned policy-config keys set by properties, which variants do not replace
   * @param placeholders expands {@code ${VAR}} in the file's values
   */
  static List<Variant> of(LlmConfigFile file, List<String> names, boolean sendSecrets,
      Map<String, Object> policyConfig, Set<String> pinned, Placeholders placeholders) {
    List<String> chosen = names.isEmpty() ? file.names() : names;
    if (chosen.isEmpty()) {
      chosen = List.of(LlmConfigFile.BASE);
    }
    List<Variant> variants = new ArrayList<>();
    for (String name : new LinkedHashSet<>(chosen)) {
      if (!NAME.matcher(name).matches() || name.equals("..")) {
        throw new ConfigException(file.location() + ": the LLM config name \"" + name
            + "\" cannot name a variant (use letters, digits, '.', '_' and '-')");
      }
      Map<String, Object> config = new LinkedHashMap<>(policyConfig);
      policyEntries(file.section(name), sendSecrets).forEach((key, value) -> {
        if (!pinned.contains(key)) {
          config.put(key, placeholders.expandAll(value,
              file.location() + " [llm." + name + "]." + key));
        }
      });
      variants.add(new Variant(name, config));
    }
    return variants;
  }

  /** The section's keys under their policy-config names; secrets only when asked for. */
  static Map<String, Object> policyEntries(Map<String, Object> section, boolean sendSecrets) {
    Map<String, Object> entries = new LinkedHashMap<>();
    section.forEach((key, value) -> {
      if (sendSecrets || !SecretKeys.isSecret(key)) {
        entries.put(RENAMED.getOrDefault(key, key), value);
      }
    });
    return entries;
  }
}
