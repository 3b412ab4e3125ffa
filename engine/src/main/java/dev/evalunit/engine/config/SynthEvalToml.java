package dev.evalunit.engine.config;

import java.util.List;
import java.util.Map;

/**
 * Maps every known shape of synth-ai eval config files onto canonical setting keys, with the
 * meaning the file has for synth-ai, and lists the keys it did not use. The shapes (the full table
 * is in {@code docs/configuration.md}):
 *
 * <ul>
 *   <li>{@code [prompt_learning]} (a GEPA/MIPRO config; it wins when present, as in synth-ai):
 *       {@code task_app_id}, {@code task_app_url}, {@code [prompt_learning.policy]},
 *       {@code [prompt_learning.env_config]}, {@code [prompt_learning.gepa] env_name}, seeds from
 *       {@code [prompt_learning.gepa.evaluation]}, concurrency from
 *       {@code [prompt_learning.gepa.rollout] max_concurrent};
 *   <li>{@code [eval]} with {@code [eval.policy_config]}, {@code [eval.env_config]},
 *       {@code [eval.policy]} + {@code [eval.policy.config]} (synth-ai 0.4.4 and later);
 *   <li>the same keys at the top level when there is no {@code [eval]} table;
 *   <li>beside either: {@code [task_app] url}, {@code [policy]}, {@code [env]}.
 * </ul>
 *
 * <p>Within a file the more specific source wins: {@code [eval.policy_config]} over
 * {@code [eval.policy.config]} over {@code [eval.policy]} over {@code [policy]}; {@code model} and
 * {@code provider} of the eval table only fill {@code policy.config} when it lacks them;
 * {@code url} over {@code task_app_url} over {@code [task_app] url}; {@code concurrency} over
 * {@code max_concurrent} over {@code num_workers}.
 */
final class SynthEvalToml {

  /** The seed sets a file may hold; {@code evalunit.seedSet} picks one. */
  static final List<String> SEED_SETS = List.of("seeds", "validation_seeds", "test_pool");

  /**
   * The settings a file contributes and the keys it holds that evalunit does not use.
   *
   * @param settings the canonical settings, each with its file and key as origin
   * @param unusedKeys dotted paths of unused keys; a wholly unused table as {@code [path]}
   */
  record Mapped(SettingsLayer settings, List<String> unusedKeys) {
    Mapped {
      unusedKeys = List.copyOf(unusedKeys);
    }
  }

  private SynthEvalToml() {}

  /**
   * @param document the parsed file
   * @param file the file as the user named it, for origins and messages
   * @param seedSet the {@code seedSet} setting, or null for the file's {@code seeds}
   */
  static Mapped map(Map<String, Object> document, String file, Setting seedSet) {
    TomlTable root = TomlTable.root(document, file);
    SettingsLayer layer = new SettingsLayer();
    TomlTable promptLearning = root.table("prompt_learning");
    if (promptLearning != null) {
      promptLearning(layer, promptLearning, seedSet);
    } else {
      eval(layer, root, seedSet);
    }
    return new Mapped(layer, root.unread());
  }

  private static void eval(SettingsLayer layer, TomlTable root, Setting seedSet) {
    TomlTable eval = root.table("eval");
    TomlTable at = eval != null ? eval : root;

    TomlTable taskApp = root.table("task_app");
    if (taskApp != null) {
      put(layer, SettingKeys.TASK_APP_URL, taskApp, "url");
    }
    putFirst(layer, SettingKeys.TASK_APP_URL, at, "url", "task_app_url");
    put(layer, SettingKeys.TASK_APP_API_KEY, at, "task_app_api_key");
    put(layer, SettingKeys.APP_ID, at, "app_id");
    put(layer, SettingKeys.ENV_NAME, at, "env_name");
    put(layer, SettingKeys.POLICY_NAME, at, "policy_name");
    putFirst(layer, SettingKeys.CONCURRENCY, at, "concurrency", "max_concurrent", "num_workers");
    put(layer, SettingKeys.EPOCHS, at, "epochs");
    put(layer, SettingKeys.EPOCHS_REDUCER, at, "epoch_reducer");
    put(layer, SettingKeys.RETURN_TRACE, at, "return_trace");
    put(layer, SettingKeys.TRACE_FORMAT, at, "trace_format");
    // runner.py sends mode in every request, timeout with a backend job, and backend_url picks
    // the backend; timeout (seconds) also bounds each direct rollout here.
    put(layer, SettingKeys.MODE, at, "mode");
    put(layer, SettingKeys.ROLLOUT_TIMEOUT, at, "timeout");
    put(layer, SettingKeys.BACKEND_URL, at, "backend_url");
    seeds(layer, at, seedSet, false);

    // Policy config, least specific first: each later put replaces an earlier one.
    TomlTable policy = root.table("policy");
    if (policy != null) {
      policyTable(layer, policy);
    }
    if (eval != null) {
      TomlTable evalPolicy = eval.table("policy");
      if (evalPolicy != null) {
        TomlTable config = evalPolicy.table("config");
        policyTable(layer, evalPolicy);
        if (config != null) {
          putAll(layer, SettingKeys.POLICY_CONFIG_PREFIX, config);
        }
      }
    }
    TomlTable policyConfig = at.table("policy_config");
    if (policyConfig != null) {
      putAll(layer, SettingKeys.POLICY_CONFIG_PREFIX, policyConfig);
    }
    fill(layer, SettingKeys.MODEL, at, "model");
    fill(layer, SettingKeys.PROVIDER, at, "provider");

    TomlTable env = root.table("env");
    if (env != null) {
      putAll(layer, SettingKeys.ENV_CONFIG_PREFIX, env);
    }
    TomlTable envConfig = at.table("env_config");
    if (envConfig != null) {
      putAll(layer, SettingKeys.ENV_CONFIG_PREFIX, envConfig);
    }
  }

  private static void promptLearning(SettingsLayer layer, TomlTable pl, Setting seedSet) {
    put(layer, SettingKeys.APP_ID, pl, "task_app_id");
    put(layer, SettingKeys.TASK_APP_URL, pl, "task_app_url");
    put(layer, SettingKeys.TASK_APP_API_KEY, pl, "task_app_api_key");
    TomlTable policy = pl.table("policy");
    if (policy != null) {
      policyTable(layer, policy);
    }
    TomlTable envConfig = pl.table("env_config");
    if (envConfig != null) {
      putAll(layer, SettingKeys.ENV_CONFIG_PREFIX, envConfig);
    }
    TomlTable algorithm = pl.table("gepa");
    if (algorithm == null) {
      algorithm = pl.table("mipro");
    }
    TomlTable evaluation = null;
    if (algorithm != null) {
      put(layer, SettingKeys.ENV_NAME, algorithm, "env_name");
      TomlTable algorithmEnv = algorithm.table("env_config");
      if (algorithmEnv != null) {
        putAll(layer, SettingKeys.ENV_CONFIG_PREFIX, algorithmEnv);
      }
      TomlTable rollout = algorithm.table("rollout");
      if (rollout != null) {
        put(layer, SettingKeys.CONCURRENCY, rollout, "max_concurrent");
      }
      evaluation = algorithm.table("evaluation");
    }
    if (evaluation != null) {
      seeds(layer, evaluation, seedSet, true);
    } else if (seedSet != null) {
      throw new ConfigException(seedSet.origin() + " asks for the seed set \"" + seedSet.value()
          + "\", but " + pl.describe() + " has no [prompt_learning.gepa.evaluation] table");
    }
  }

  /**
   * Picks the seed set: the one {@code seedSet} names (which must exist), else {@code seeds}, and
   * for prompt-learning files, like synth-ai, else {@code validation_seeds}, else
   * {@code test_pool}. All sets count as used: they are alternatives, not forgotten keys.
   */
  private static void seeds(SettingsLayer layer, TomlTable table, Setting seedSet,
      boolean fallBack) {
    String wanted = "seeds";
    if (seedSet != null) {
      wanted = String.valueOf(seedSet.value()).trim();
      if (!SEED_SETS.contains(wanted)) {
        throw ConfigException.invalid(seedSet, "one of \"seeds\", \"validation_seeds\", \"test_pool\"");
      }
    }
    for (String set : SEED_SETS) {
      table.get(set);
    }
    if (table.has(wanted)) {
      layer.put(SettingKeys.SEEDS, table.get(wanted), table.origin(wanted));
      return;
    }
    if (seedSet != null) {
      throw new ConfigException(seedSet.origin() + " asks for the seed set \"" + wanted
          + "\", but " + table.describe() + " has no " + wanted + " key");
    }
    if (fallBack) {
      putFirst(layer, SettingKeys.SEEDS, table, "validation_seeds", "test_pool");
    }
  }

  /** A policy table: {@code policy_name} names the policy; every other scalar is config. */
  private static void policyTable(SettingsLayer layer, TomlTable policy) {
    policy.entries().forEach((key, value) -> {
      if (key.equals("policy_name")) {
        layer.put(SettingKeys.POLICY_NAME, value, policy.origin(key));
      } else if (!key.equals("config")) {
        layer.put(SettingKeys.POLICY_CONFIG_PREFIX + key, value, policy.origin(key));
      }
    });
  }

  private static void putAll(SettingsLayer layer, String prefix, TomlTable table) {
    table.entries().forEach((key, value) -> layer.put(prefix + key, value, table.origin(key)));
  }

  private static void put(SettingsLayer layer, String setting, TomlTable table, String key) {
    layer.put(setting, table.get(key), table.origin(key));
  }

  /** The first of {@code keys} present wins; all count as used. */
  private static void putFirst(SettingsLayer layer, String setting, TomlTable table,
      String... keys) {
    String chosen = null;
    for (String key : keys) {
      if (table.get(key) != null && chosen == null) {
        chosen = key;
      }
    }
    if (chosen != null) {
      put(layer, setting, table, chosen);
    }
  }

  private static void fill(SettingsLayer layer, String setting, TomlTable table, String key) {
    layer.putIfAbsent(setting, table.get(key), table.origin(key));
  }
}
