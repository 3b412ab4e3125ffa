package dev.evalunit.engine.execution;

import dev.evalunit.engine.backend.BackendOptions;
import dev.evalunit.engine.config.Shard;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  public static final String PRINT_CONFIG = "evalunit.config.print";
  public static final String RESUME = "evalunit.resume";
  public static final String PROGRESS_INTERVAL = "evalunit.progress.interval";
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  /** Defaults: nothing printed, no resume, progress every 5 s, backend when configured. */
  public EngineOptions(boolean printConfig) {
    this(printConfig, false, DEFAULT_PROGRESS_INTERVAL, BackendOptions.DEFAULT);
  }

  public static EngineOptions from(ConfigurationParameters parameters) {
    return new EngineOptions(
        flag(parameters.get(PRINT_CONFIG)),
        flag(parameters.get(RESUME)),
        parameters.get(PROGRESS_INTERVAL)
            .map(v -> duration(PROGRESS_INTERVAL, v)).orElse(DEFAULT_PROGRESS_INTERVAL),
        backend(parameters),
        parameters.get(TaskAppProbe.KEY).map(TaskAppProbe::parse).orElse(TaskAppProbe.LIVENESS),
        Shard.of(parameters));
  }

  private static BackendOptions backend(ConfigurationParameters parameters) {
    BackendOptions d = BackendOptions.DEFAULT;
    return new BackendOptions(
        parameters.get(BackendOptions.ENABLED).map(v -> !v.trim().equalsIgnoreCase("false"))
            .orElse(d.enabled()),
        parameters.get(BackendOptions.URL).map(String::trim).filter(v -> !v.isEmpty())
            .orElse(d.url()),
        parameters.get(BackendOptions.POLL_INTERVAL)
            .map(v -> duration(BackendOptions.POLL_INTERVAL, v)).orElse(d.pollInterval()),
        parameters.get(BackendOptions.MAX_POLL_INTERVAL)
            .map(v -> duration(BackendOptions.MAX_POLL_INTERVAL, v)).orElse(d.maxPollInterval()),
        parameters.get(BackendOptions.TIMEOUT)
            .map(v -> duration(BackendOptions.TIMEOUT, v)).orElse(d.timeout()));
  }

  private static boolean flag(Optional<String> value) {
    return value.map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
  }

  /**
   * {@code 5s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds.
   *
   * @throws IllegalArgumentException naming the parameter when the value is not a duration
   */
  public static Duration duration(String parameter, String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("configuration parameter " + parameter + " = \""
          + value + "\" is not a duration; expected e.g. 5s, 500ms, 2m or 0");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> amount;
      case "m" -> amount * 60_000;
      case "h" -> amount * 3_600_000;
      default -> amount * 1_000;
    };
    return Duration.ofMillis(Math.round(millis));
  }
}
