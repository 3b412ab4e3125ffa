package dev.evalunit.bench.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.bench.workload.RolloutBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stub speaks the protocol: valid 0.4.4 replies, traces only on request, no thread per wait. */
class StubTaskAppTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private StubTaskApp stub;

  @AfterEach
  void stop() {
    if (stub != null) {
      stub.close();
    }
  }

  @Test
  void rolloutRepliesWithMetricsAndEchoesTheRunId() throws Exception {
    stub = StubTaskApp.start(StubOptions.withLatency(Duration.ZERO));

    JsonNode reply = post(RolloutBody.forSeed(JSON, 3, false).toString());

    assertThat(reply.path("run_id").asText()).isEqualTo("bench-stub-seed-3-0000abcd");
    assertThat(reply.path("metrics").path("mean_return").asDouble()).isEqualTo(0.5);
    assertThat(reply.path("metrics").path("episode_returns").get(0).asDouble()).isEqualTo(0.5);
    assertThat(reply.path("aborted").asBoolean(true)).isFalse();
    assertThat(reply.path("trace").isNull()).isTrue();
    assertThat(stub.rolloutsServed()).isEqualTo(1);
  }

  @Test
  void traceOfTheConfiguredSizeOnlyWhenRequested() throws Exception {
    stub = StubTaskApp.start(StubOptions.withLatency(Duration.ZERO).withTraceBytes(64 * 1024));

    JsonNode reply = post(RolloutBody.forSeed(JSON, 4, true).toString());

    JsonNode trace = reply.path("trace");
    assertThat(trace.path("schema_version").asText()).isEqualTo("3.0");
    assertThat(JSON.writeValueAsBytes(trace).length).isBetween(64 * 1024 - 2048, 64 * 1024 + 2048);
    long tokens = 0;
    for (JsonNode event : trace.path("event_history")) {
      tokens += event.path("llm_response").path("usage").path("total_tokens").asLong();
    }
    assertThat(tokens).isEqualTo(stub.traceTokens()).isPositive();
  }

  @Test
  void manyRolloutsWaitAtOnceOnTwoEventLoops() throws Exception {
    // Long enough that all 32 requests are sent before the first reply: with a thread per
    // waiting request, two event loops could hold only two of them.
    stub = StubTaskApp.start(new StubOptions(0, Duration.ofSeconds(2), 0, 2));
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int seed = 0; seed < 32; seed++) {
      calls.add(http.sendAsync(rollout(RolloutBody.forSeed(JSON, seed, false).toString()),
          HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      assertThat(call.get().statusCode()).isEqualTo(200);
    }
    assertThat(stub.maxInFlight()).isEqualTo(32);
  }

  @Test
  void badBodyIsA422AndUnknownPathsA404() throws Exception {
    stub = StubTaskApp.start(StubOptions.withLatency(Duration.ZERO));

    HttpResponse<String> bad = http.send(rollout("{\"env\":{}}"),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
        URI.create(stub.url() + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
        URI.create(stub.url() + "/health")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("run_id");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(health.statusCode()).isEqualTo(200);
  }

  private JsonNode post(String body) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(rollout(body), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpRequest rollout(String body) {
    return HttpRequest.newBuilder(URI.create(stub.url() + "/rollout"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
