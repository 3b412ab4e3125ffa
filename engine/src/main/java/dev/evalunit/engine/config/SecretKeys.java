package dev.evalunit.engine.config;

import java.util.Locale;

/** Which setting and config keys hold secrets, by name. */
public final class SecretKeys {

  private SecretKeys() {}

  /**
   * True for {@code api_key}, {@code task_app_api_key}, {@code taskApp.apiKey} and any key whose
   * last part contains {@code key}, {@code token}, {@code secret}, {@code password} or
   * {@code authorization}, except token counts and prices such as {@code max_tokens} and
   * {@code input_cost_per_token}.
   */
  public static boolean isSecret(String key) {
    String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (last.endsWith("tokens") || last.endsWith("per_token") || last.equals("token_limit")) {
      return false;
    }
    return last.contains("key") || last.contains("token") || last.contains("secret")
        || last.contains("password") || last.contains("authorization");
  }
}
