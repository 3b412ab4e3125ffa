package dev.evalunit.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alternative to the engine: what a user writes by hand without it. One Jupiter
 * {@code @ParameterizedTest} invocation per seed, each POSTing the same rollout body the engine
 * sends with a shared OkHttp client and asserting a score came back. Run with Jupiter's parallel
 * execution (concurrency = its fixed parallelism) or sequentially.
 *
 * <p>System properties: {@code bench.url} (the stub's base URL), {@code bench.seedCount}.
 */
public class ParameterizedRollouts {

  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();
  // Sized like the engine's pool so neither side churns sockets.
  private static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
      .readTimeout(10, TimeUnit.MINUTES)
      .build();

  static LongStream seeds() {
    return LongStream.range(0, Long.getLong("bench.seedCount", 10));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void rollout(long seed) throws IOException {
    Request request = new Request.Builder()
        .url(System.getProperty("bench.url") + "/rollout")
        .post(RequestBody.create(
            JSON.writeValueAsBytes(RolloutBody.forSeed(JSON, seed, false)), JSON_TYPE))
        .build();
    try (Response response = HTTP.newCall(request).execute()) {
      assertThat(response.code()).as("HTTP status of seed %d", seed).isEqualTo(200);
      JsonNode reply = JSON.readTree(response.body().byteStream());
      assertThat(reply.path("metrics").path("mean_return").isNumber())
          .as("seed %d has metrics.mean_return", seed).isTrue();
    }
  }
}
