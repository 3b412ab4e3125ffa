package dev.evalunit.engine.config;

/**
 * One registered setting: its canonical key (without {@code evalunit.}), where it applies, the
 * form and range of its value, its default as the docs show it, and what it means.
 *
 * <pre>{@code
 * SettingDefinition.suite(SettingKeys.ROLLOUT_TIMEOUT, SettingForm.duration(Duration.ofMillis(1)),
 *     "10m", "longest one seed's rollout may take, every attempt and pause included");
 * }</pre>
 *
 * @param key the canonical key, e.g. {@code timeout.rollout}; a family ends with a dot
 *     ({@code policy.config.}) and covers every key below it
 * @param scope whether the key is a suite setting or an engine-wide switch
 * @param form the value's form and range, checked at discovery
 * @param defaultText the default as the docs and {@code config.print} show it
 * @param description what the setting does, one sentence for the docs table
 * @param alsoFrom the annotation attribute or TOML key that sets it too, or empty
 */
public record SettingDefinition(String key, Scope scope, SettingForm form, String defaultText,
    String description, String alsoFrom) {

  /** Where a key applies. */
  public enum Scope {
    /** {@code evalunit.<key>} for every suite, {@code evalunit.suite.<Class>.<key>} for one. */
    SUITE,
    /** {@code evalunit.<key>} only: one value for the whole engine execution. */
    ENGINE
  }

  public static SettingDefinition suite(String key, SettingForm form, String defaultText,
      String description) {
    return new SettingDefinition(key, Scope.SUITE, form, defaultText, description, "");
  }

  public static SettingDefinition engine(String key, SettingForm form, String defaultText,
      String description) {
    return new SettingDefinition(key, Scope.ENGINE, form, defaultText, description, "");
  }

  /** The same setting, also set by an annotation attribute or a TOML key (for the docs). */
  public SettingDefinition alsoFrom(String sources) {
    return new SettingDefinition(key, scope, form, defaultText, description, sources);
  }

  /** True for a family such as {@code policy.config.}, which covers every key below it. */
  public boolean isFamily() {
    return key.endsWith(".");
  }

  /** Whether this definition covers {@code canonicalKey}. */
  public boolean covers(String canonicalKey) {
    return isFamily() ? canonicalKey.startsWith(key) && canonicalKey.length() > key.length()
        : key.equals(canonicalKey);
  }

  /** The property name of the global form, e.g. {@code evalunit.timeout.rollout}. */
  public String propertyName() {
    return PropertySettings.PREFIX + key + (isFamily() ? "<k>" : "");
  }
}
