package dev.evalunit.engine.config;

/**
 * A suite's configuration cannot be used. The message names the source (file and key, annotation
 * or property), what was expected and what was found; it never contains a secret value.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  static ConfigException invalid(Setting setting, String expected) {
    return new ConfigException(
        setting.origin() + ": expected " + expected + ", got " + describe(setting.value()));
  }

  /** Like {@link #invalid(Setting, String)}, but never shows the value of a secret key. */
  static ConfigException invalid(String key, Setting setting, String expected) {
    if (SecretKeys.isSecret(key)) {
      return new ConfigException(setting.origin() + ": expected " + expected + ", got a "
          + setting.value().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
          + " (value not shown)");
    }
    return invalid(setting, expected);
  }

  private static String describe(Object value) {
    if (value instanceof String s) {
      return "\"" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "\"";
    }
    return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
  }
}
