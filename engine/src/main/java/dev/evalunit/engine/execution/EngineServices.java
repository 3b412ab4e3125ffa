package dev.evalunit.engine.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.config.SuiteConfig.Reliability.Budget;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * What one engine execution shares across suites: the HTTP client (one connection pool), the
 * JSON mapper, the process environment and the run's control (run budget, interrupt handling).
 * Created per execution and closed at its end; never static, so tests stay hermetic.
 *
 * @param http the shared client; suites derive clients with their own timeouts from it
 * @param json the shared mapper
 * @param environment the environment variables the engine may read (keys, backend URL)
 * @param run the run budget and the shutdown hook that cancels this execution's rollouts
 */
public record EngineServices(OkHttpClient http, ObjectMapper json, Map<String, String> environment,
    RunControl run) implements AutoCloseable {

  public EngineServices {
    environment = Map.copyOf(environment);
  }

  public static EngineServices create(Map<String, String> environment) {
    return create(environment, Budget.NONE);
  }

  /**
   * @param runBudget the budget across every suite of this execution
   *     ({@code evalunit.run.budget.*})
   */
  public static EngineServices create(Map<String, String> environment, Budget runBudget) {
    OkHttpClient http = new OkHttpClient.Builder()
        // Idle connections are kept per concurrent rollout; the default of 5 would churn sockets.
        .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
        .retryOnConnectionFailure(false)
        .build();
    // Suites derive their clients from this one and share its dispatcher, which can therefore
    // cancel every call in flight when the run is interrupted.
    RunControl run = RunControl.start(runBudget, () -> http.dispatcher().cancelAll());
    return new EngineServices(http, new ObjectMapper(), environment, run);
  }

  /** The hosted backend base URL from the environment, or null. */
  public String synthBaseUrl() {
    String url = environment.get("SYNTH_API_BASE");
    return url != null ? url : environment.get("SYNTH_BASE_URL");
  }

  @Override
  public void close() {
    run.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
