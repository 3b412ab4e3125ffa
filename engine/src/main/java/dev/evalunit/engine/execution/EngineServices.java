package dev.evalunit.engine.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * What one engine execution shares across suites: the HTTP client (one connection pool), the
 * JSON mapper and the process environment. Created per execution and closed at its end; never
 * static, so tests stay hermetic.
 *
 * @param http the shared client; suites derive clients with their own timeouts from it
 * @param json the shared mapper
 * @param environment the environment variables the engine may read (keys, backend URL)
 */
public record EngineServices(OkHttpClient http, ObjectMapper json, Map<String, String> environment)
    implements AutoCloseable {

  public EngineServices {
    environment = Map.copyOf(environment);
  }

  public static EngineServices create(Map<String, String> environment) {
    OkHttpClient http = new OkHttpClient.Builder()
        // Idle connections are kept per concurrent rollout; the default of 5 would churn sockets.
        .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
        .retryOnConnectionFailure(false)
        .build();
    return new EngineServices(http, new ObjectMapper(), environment);
  }

  /** The hosted backend base URL from the environment, or null. */
  public String synthBaseUrl() {
    String url = environment.get("SYNTH_API_BASE");
    return url != null ? url : environment.get("SYNTH_BASE_URL");
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
