package dev.evalunit.engine.execution;

import dev.evalunit.engine.config.SettingKeys;
import java.util.Locale;

/**
 * What the engine asks a task app it did not start, once, before the suite's first rollout
 * ({@code evalunit.taskApp.probe}), so that an app that is down fails the suite once, fast, with
 * its URL and the cause, instead of every seed paying the retry schedule.
 */
public enum TaskAppProbe {
  /** {@code GET /} without the key (the protocol's liveness endpoint); any HTTP answer will do. */
  LIVENESS,
  /** {@code GET /health} with the key (readiness); it must answer 200. */
  HEALTH,
  /** No probe: the first rollouts find out. */
  NONE;

  public static final String KEY = "evalunit." + SettingKeys.TASK_APP_PROBE;

  /**
   * @throws IllegalArgumentException naming the key, the value and the valid values
   */
  public static TaskAppProbe parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("configuration parameter " + KEY + " = \"" + value
          + "\" is not a probe; expected liveness (the default), health or none");
    }
  }
}
