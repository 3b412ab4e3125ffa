package dev.evalunit.engine.config;

import java.util.Map;

/**
 * Maps the shapes of synth-ai eval config files onto canonical setting keys. The 0.4.4 shape:
 * an {@code [eval]} table with {@code [eval.policy_config]} and {@code [eval.env_config]}.
 */
final class SynthEvalToml {

  private SynthEvalToml() {}

  static SettingsLayer map(Map<String, Object> document, String file) {
    SettingsLayer layer = new SettingsLayer();
    Map<String, Object> eval = table(document.get("eval"));
    if (eval == null) {
      eval = document;
    }
    String at = eval == document ? file + " " : file + " [eval].";
    Object url = eval.get("url") != null ? eval.get("url") : eval.get("task_app_url");
    layer.put(SettingKeys.TASK_APP_URL, url,
        at + (eval.get("url") != null ? "url" : "task_app_url"));
    layer.put(SettingKeys.TASK_APP_API_KEY, eval.get("task_app_api_key"), at + "task_app_api_key");
    layer.put(SettingKeys.APP_ID, eval.get("app_id"), at + "app_id");
    layer.put(SettingKeys.ENV_NAME, eval.get("env_name"), at + "env_name");
    layer.put(SettingKeys.POLICY_NAME, eval.get("policy_name"), at + "policy_name");
    layer.put(SettingKeys.SEEDS, eval.get("seeds"), at + "seeds");
    layer.put(SettingKeys.CONCURRENCY, eval.get("concurrency"), at + "concurrency");
    layer.put(SettingKeys.RETURN_TRACE, eval.get("return_trace"), at + "return_trace");
    layer.put(SettingKeys.TRACE_FORMAT, eval.get("trace_format"), at + "trace_format");
    putTable(layer, SettingKeys.POLICY_CONFIG_PREFIX, table(eval.get("policy_config")),
        at + "policy_config.");
    putTable(layer, SettingKeys.ENV_CONFIG_PREFIX, table(eval.get("env_config")),
        at + "env_config.");
    layer.putIfAbsent(SettingKeys.MODEL, eval.get("model"), at + "model");
    layer.putIfAbsent(SettingKeys.PROVIDER, eval.get("provider"), at + "provider");
    return layer;
  }

  private static void putTable(
      SettingsLayer layer, String prefix, Map<String, Object> table, String origin) {
    if (table != null) {
      table.forEach((k, v) -> layer.put(prefix + k, v, origin + k));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> table(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }
}
