package dev.evalunit.engine.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.config.SuiteConfig.Reliability.Budget;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
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
    return create(environment, runBudget, List.of());
  }

  /**
   * @param interceptors added to the shared HTTP client, first to last: for tests that need a
   *     call to fail in a way no task app can make it fail
   */
  public static EngineServices create(Map<String, String> environment, Budget runBudget,
      List<Interceptor> interceptors) {
    OkHttpClient.Builder builder = new OkHttpClient.Builder();
    interceptors.forEach(builder::addInterceptor);
    OkHttpClient http = builder
        // Idle connections are kept per concurrent rollout; the default of 5 would churn sockets.
        .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
        .retryOnConnectionFailure(false)
        // A redirect would take the key headers (and a 307's body) to another origin.
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    // Suites derive their clients from this one and share its dispatcher, which can therefore
    // cancel every call in flight when the run is interrupted.
    RunControl run = RunControl.start(runBudget, () -> http.dispatcher().cancelAll());
    return new EngineServices(http, new ObjectMapper(), environment, run);
  }

  /**
   * A direct request's {@code synth_base_url}: runner.py's
   * {@code os.getenv("SYNTH_API_BASE") or os.getenv("SYNTH_BASE_URL")}, so an empty
   * {@code SYNTH_API_BASE} falls through. Never a reason to use the backend.
   */
  public String synthBaseUrl() {
    String url = environment.get("SYNTH_API_BASE");
    return url != null && !url.isEmpty() ? url : environment.get("SYNTH_BASE_URL");
  }

  @Override
  public void close() {
    run.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
