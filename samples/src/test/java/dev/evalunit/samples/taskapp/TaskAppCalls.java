package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls against a running sample task app, for the tests. */
final class TaskAppCalls {

  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: status, raw body and the body as JSON (a missing node when it is not JSON). */
  record Reply(int status, String raw, JsonNode json) {}

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  TaskAppCalls(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Reply get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  Reply head(String path) {
    return send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
  }

  Reply post(String path, String body, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build());
  }

  /** A valid rollout request body for {@code seed} and {@code model}, trace requested. */
  static ObjectNode rolloutBody(long seed, String model) {
    ObjectNode body = JSON.createObjectNode().put("run_id", "intents-seed-" + seed + "-0000abcd");
    body.put("trace_correlation_id", body.get("run_id").asText());
    ObjectNode env = body.putObject("env");
    env.putNull("env_id");
    env.put("env_name", "intents").put("seed", seed).putObject("config");
    ObjectNode policy = body.putObject("policy");
    policy.putNull("policy_id");
    policy.putObject("config").put("model", model);
    policy.put("output_mode", "tool_calls");
    body.putObject("record").put("return_trace", true).put("trace_format", "compact");
    body.put("mode", "eval");
    return body;
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
      } catch (IOException notJson) {
        json = JSON.missingNode();
      }
      return new Reply(response.statusCode(), response.body(), json);
    } catch (IOException e) {
      throw new AssertionError("call failed: " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
