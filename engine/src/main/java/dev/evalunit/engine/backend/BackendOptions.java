package dev.evalunit.engine.backend;

import dev.evalunit.engine.config.Secret;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Whether suites run on a hosted eval backend instead of calling the task app directly, and how
 * the engine waits for the backend's job. Backend mode is on when a backend URL
 * ({@code evalunit.backend.url}, else {@code SYNTH_API_BASE} / {@code SYNTH_BASE_URL}) and
 * {@code SYNTH_API_KEY} are both set, unless {@code evalunit.backend.enabled=false}.
 *
 * <pre>{@code
 * -Devalunit.backend.url=https://api.example.com -Devalunit.backend.pollInterval=2s
 * }</pre>
 *
 * @param enabled false forces direct mode even when a backend is configured
 * @param url the backend URL setting, or null to take it from the environment
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

  /**
   * The backend to use, if backend mode is on.
   *
   * @param environment the engine's environment (for {@code SYNTH_API_KEY})
   * @param environmentUrl the backend URL from the environment, or null
   */
  public Optional<BackendEndpoint> endpoint(Map<String, String> environment,
      String environmentUrl) {
    String base = url != null ? url : environmentUrl;
    String key = environment.get(SYNTH_API_KEY);
    if (!enabled || base == null || base.isBlank() || key == null || key.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(BackendEndpoint.of(base, new Secret(key.trim())));
  }
}
