package dev.evalunit.engine.execution;

import dev.evalunit.engine.backend.BackendOptions;
import dev.evalunit.engine.config.SettingKeys;
import dev.evalunit.engine.config.SettingRegistry;
import dev.evalunit.engine.config.Shard;
import java.time.Duration;
import java.util.Optional;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * Engine-wide switches (not per-suite settings), read once per execution.
 *
 * @param printConfig {@code evalunit.config.print}: print each suite's effective config
 * @param resume {@code evalunit.resume}: reuse seeds an earlier run completed under the same
 *     settings instead of running them again
 * @param progressInterval {@code evalunit.progress.interval}: how often a running suite prints
 *     a progress line ({@code 5s} by default, {@code 0} for never)
 * @param backend {@code evalunit.backend.*}: whether and how to run suites on a hosted backend
 * @param probe {@code evalunit.taskApp.probe}: what to ask a task app the engine did not start
 *     before the first rollout ({@code liveness} by default)
 * @param shard {@code evalunit.shard}: the whole suite (default), one shard of it, or the merge
 *     of the shards' results
 */
public record EngineOptions(boolean printConfig, boolean resume, Duration progressInterval,
    BackendOptions backend, TaskAppProbe probe, Shard shard) {

  public EngineOptions(boolean printConfig, boolean resume, Duration progressInterval,
      BackendOptions backend, TaskAppProbe probe) {
    this(printConfig, resume, progressInterval, backend, probe, Shard.WHOLE);
  }

  public EngineOptions(boolean printConfig, boolean resume, Duration progressInterval,
      BackendOptions backend) {
    this(printConfig, resume, progressInterval, backend, TaskAppProbe.LIVENESS);
  }

  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

  /** Defaults: nothing printed, no resume, progress every 5 s, backend when configured. */
  public EngineOptions(boolean printConfig) {
    this(printConfig, false, DEFAULT_PROGRESS_INTERVAL, BackendOptions.DEFAULT);
  }

  /** The switches, read through {@link SettingRegistry} (forms and ranges as discovery checks). */
  public static EngineOptions from(ConfigurationParameters parameters) {
    return new EngineOptions(
        flag(parameters, SettingKeys.CONFIG_PRINT).orElse(false),
        flag(parameters, SettingKeys.RESUME).orElse(false),
        duration(parameters, SettingKeys.PROGRESS_INTERVAL).orElse(DEFAULT_PROGRESS_INTERVAL),
        backend(parameters),
        SettingRegistry.engineSwitch(parameters, SettingKeys.TASK_APP_PROBE)
            .map(v -> TaskAppProbe.parse((String) v)).orElse(TaskAppProbe.LIVENESS),
        Shard.of(parameters));
  }

  private static BackendOptions backend(ConfigurationParameters parameters) {
    BackendOptions d = BackendOptions.DEFAULT;
    return new BackendOptions(
        flag(parameters, SettingKeys.BACKEND_ENABLED).orElse(d.enabled()),
        SettingRegistry.engineSwitch(parameters, SettingKeys.BACKEND_URL).map(String.class::cast)
            .orElse(d.url()),
        duration(parameters, SettingKeys.BACKEND_POLL_INTERVAL).orElse(d.pollInterval()),
        duration(parameters, SettingKeys.BACKEND_MAX_POLL_INTERVAL).orElse(d.maxPollInterval()),
        duration(parameters, SettingKeys.BACKEND_TIMEOUT).orElse(d.timeout()));
  }

  private static Optional<Boolean> flag(ConfigurationParameters parameters, String key) {
    return SettingRegistry.engineSwitch(parameters, key).map(Boolean.class::cast);
  }

  private static Optional<Duration> duration(ConfigurationParameters parameters, String key) {
    return SettingRegistry.engineSwitch(parameters, key).map(Duration.class::cast);
  }
}
