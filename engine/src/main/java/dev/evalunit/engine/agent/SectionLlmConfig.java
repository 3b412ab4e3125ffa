package dev.evalunit.engine.agent;

import dev.evalunit.agent.LlmConfig;
import dev.evalunit.engine.config.SecretRedactor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** A variant's {@code [llm]} / {@code [llm.NAME]} section, as the rollout method sees it. */
final class SectionLlmConfig implements LlmConfig {

  private final String name;
  private final Map<String, Object> section;

  SectionLlmConfig(String name, Map<String, Object> section) {
    this.name = name;
    this.section = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(section));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String model() {
    return get("model").orElse(null);
  }

  /** {@code base_url}; a suite without a matrix may give it as policy config's inference_url. */
  @Override
  public Optional<String> baseUrl() {
    return get("base_url").or(() -> get("inference_url"));
  }

  @Override
  public Optional<String> apiKey() {
    return get("api_key");
  }

  @Override
  public OptionalDouble temperature() {
    Object value = section.get("temperature");
    if (value instanceof Number n) {
      return OptionalDouble.of(n.doubleValue());
    }
    if (value != null) {
      try {
        return OptionalDouble.of(Double.parseDouble(value.toString().trim()));
      } catch (NumberFormatException e) {
        throw new IllegalStateException("[llm." + name + "] temperature is \"" + value
            + "\", not a number (e.g. 0.0)");
      }
    }
    return OptionalDouble.empty();
  }

  @Override
  public Optional<String> get(String key) {
    Object value = section.get(key);
    return value == null ? Optional.empty() : Optional.of(value.toString());
  }

  @Override
  public Map<String, Object> masked() {
    return SecretRedactor.maskSecretKeys(section);
  }

  @Override
  public String toString() {
    return "LlmConfig[" + name + " " + masked() + "]";
  }
}
