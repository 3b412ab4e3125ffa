package dev.evalunit.engine.backend;

import dev.evalunit.engine.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether suites run on a hosted eval backend instead of calling the task app directly, and how
 * the engine waits for the backend's job. As in synth-ai 0.4.4's {@code run_eval}: the backend
 * URL is the configured one ({@code evalunit.backend.url}, else the suite file's
 * {@code backend_url}), else {@code SYNTH_BASE_URL}, else {@code BACKEND_OVERRIDE}; the key is
 * {@code SYNTH_API_KEY}; backend mode is on only with both, unless
 * {@code evalunit.backend.enabled=false}. {@code SYNTH_API_BASE} never switches it on (it only
 * fills a direct request's {@code synth_base_url}).
 *
 * <pre>{@code
 * -Devalunit.backend.url=https://api.example.com -Devalunit.backend.pollInterval=2s
 * }</pre>
 *
 * @param enabled false forces direct mode even when a backend is configured
 * @param url the backend URL setting, or null to take the suite's or the environment's
 * @param pollInterval the first pause between status polls; it grows by half each poll
 * @param maxPollInterval the longest pause between polls
 * @param timeout how long to wait for a job before cancelling it
 */
public record BackendOptions(boolean enabled, String url, Duration pollInterval,
    Duration maxPollInterval, Duration timeout) {

  public static final String ENABLED = "evalunit.backend.enabled";
  public static final String URL = "evalunit.backend.url";
  public static final String POLL_INTERVAL = "evalunit.backend.pollInterval";
  public static final String MAX_POLL_INTERVAL = "evalunit.backend.maxPollInterval";
  public static final String TIMEOUT = "evalunit.backend.timeout";
  /** The environment variable holding the backend key. */
  public static final String SYNTH_API_KEY = "SYNTH_API_KEY";

  public static final BackendOptions DEFAULT = new BackendOptions(true, null,
      Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(2));

  /** Environment variables naming the backend URL, in runner.py's order after the config's. */
  public static final List<String> URL_VARIABLES = List.of("SYNTH_BASE_URL", "BACKEND_OVERRIDE");

  /**
   * The backend to use, if backend mode is on.
   *
   * @param suiteUrl the suite's own {@code backend_url}, or null
   * @param environment the engine's environment
   */
  public Optional<BackendEndpoint> endpoint(String suiteUrl, Map<String, String> environment) {
    // Python's `a or b`: an empty value counts as unset.
    String base = firstSet(url, suiteUrl, environment.get(URL_VARIABLES.get(0)),
        environment.get(URL_VARIABLES.get(1)));
    String key = firstSet(environment.get(SYNTH_API_KEY));
    if (!enabled || base == null || key == null) {
      return Optional.empty();
    }
    return Optional.of(BackendEndpoint.of(base, new Secret(key.trim())));
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
