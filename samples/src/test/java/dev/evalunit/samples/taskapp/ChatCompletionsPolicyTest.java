package dev.evalunit.samples.taskapp;

import static dev.evalunit.samples.taskapp.TaskAppCalls.rolloutBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.evalunit.samples.taskapp.TaskAppCalls.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The path for real models: the task app calls an OpenAI-compatible endpoint, here a stub that
 * records the request and answers with a canned completion.
 */
class ChatCompletionsPolicyTest {

  private static final String KEY = "env-key-77";
  private static final String[] AUTH = {"X-API-Key", KEY};

  private HttpServer stub;
  private final AtomicReference<String> seenPath = new AtomicReference<>();
  private final AtomicReference<String> seenAuthorization = new AtomicReference<>();
  private final AtomicReference<JsonNode> seenBody = new AtomicReference<>();
  private volatile int stubStatus = 200;
  private volatile String stubAnswer;

  private SampleTaskApp app;
  private TaskAppCalls calls;

  @BeforeEach
  void start() throws IOException {
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext("/", exchange -> {
      seenPath.set(exchange.getRequestURI().toString());
      seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
      seenBody.set(TaskAppCalls.JSON.readTree(exchange.getRequestBody()));
      byte[] bytes = stubAnswer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(stubStatus, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    stub.start();
    app = SampleTaskApp.start("127.0.0.1", 0, KEY,
        Map.of("OPENAI_API_KEY", "sk-from-env")::get);
    calls = new TaskAppCalls(app.baseUrl());
  }

  @AfterEach
  void stop() {
    app.close();
    stub.stop(0);
  }

  private String stubUrl() {
    return "http://127.0.0.1:" + stub.getAddress().getPort();
  }

  private static String toolCallCompletion(String intent) {
    return "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
        + "\"type\":\"function\",\"function\":{\"name\":\"classify_intent\",\"arguments\":"
        + "\"{\\\"intent\\\":\\\"" + intent + "\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
        + "\"usage\":{\"prompt_tokens\":912,\"completion_tokens\":24,\"total_tokens\":936}}";
  }

  private ObjectNode requestFor(long seed, String model, String inferenceUrl) {
    ObjectNode request = rolloutBody(seed, model);
    request.withObjectProperty("policy").withObjectProperty("config")
        .put("inference_url", inferenceUrl).put("temperature", 0.0);
    return request;
  }

  @Test
  void callsTheEndpointWithToolsAndReportsItsUsageInTheTrace() {
    stubAnswer = toolCallCompletion("pin_change");
    ObjectNode request = requestFor(5, "gpt-4o-mini", stubUrl() + "/v1?cid=abc");
    request.withObjectProperty("policy").withObjectProperty("config").put("api_key", "sk-config");

    Reply reply = calls.post("/rollout", request.toString(), AUTH);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(seenPath.get()).isEqualTo("/v1/chat/completions?cid=abc");
    assertThat(seenAuthorization.get()).isEqualTo("Bearer sk-config");
    JsonNode sent = seenBody.get();
    assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(sent.path("temperature").asDouble(-1)).isZero();
    assertThat(sent.path("messages")).hasSize(2);
    assertThat(sent.at("/tools/0/function/parameters/properties/intent/enum")).hasSize(8);
    assertThat(reply.json().at("/metrics/details/predicted").asText()).isEqualTo("pin_change");
    assertThat(reply.json().at("/metrics/mean_return").asDouble()).isEqualTo(1.0);
    JsonNode usage = reply.json().at("/trace/event_history/0/llm_response/usage");
    assertThat(usage.path("total_tokens").asLong()).isEqualTo(936);
    assertThat(usage.path("cost_usd").asDouble()).isEqualTo((912 * 0.15 + 24 * 0.60) / 1e6);
  }

  @Test
  void readsAPlainTextAnswerAndLeavesCostOutForAnUnpricedModel() {
    stubAnswer = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
        + "\"The intent is: refund.\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":5,\"total_tokens\":105}}";
    ObjectNode request = requestFor(3, "llama-3.1-8b", stubUrl() + "/v1/chat/completions");
    request.withObjectProperty("policy").put("output_mode", "text");

    Reply reply = calls.post("/rollout", request.toString(), AUTH);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(seenBody.get().has("tools")).isFalse();
    assertThat(seenAuthorization.get()).isEqualTo("Bearer sk-from-env");
    assertThat(reply.json().at("/metrics/details/predicted").asText()).isEqualTo("refund");
    JsonNode usage = reply.json().at("/trace/event_history/0/llm_response/usage");
    assertThat(usage.path("total_tokens").asLong()).isEqualTo(105);
    assertThat(usage.has("cost_usd")).isFalse();
  }

  @Test
  void upstreamErrorBecomes502WithItsStatusButWithoutTheKey() {
    stubStatus = 401;
    stubAnswer = "{\"error\":{\"message\":\"Incorrect API key provided: sk-config\"}}";
    ObjectNode request = requestFor(0, "gpt-4o-mini", stubUrl());
    request.withObjectProperty("policy").withObjectProperty("config").put("api_key", "sk-config");

    Reply reply = calls.post("/rollout", request.toString(), AUTH);

    assertThat(seenPath.get()).isEqualTo("/v1/chat/completions");
    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.json().path("detail").asText()).contains("HTTP 401")
        .doesNotContain("sk-config");
  }

  @Test
  void endpointIsDerivedFromTheInferenceUrl() {
    assertThat(ChatCompletionsPolicy.endpointOf("http://h:1").toString())
        .isEqualTo("http://h:1/v1/chat/completions");
    assertThat(ChatCompletionsPolicy.endpointOf("http://h:1/openai/v1/").toString())
        .isEqualTo("http://h:1/openai/v1/chat/completions");
    assertThat(ChatCompletionsPolicy.endpointOf("https://h/v1/chat/completions").toString())
        .isEqualTo("https://h/v1/chat/completions");
    assertThat(ChatCompletionsPolicy.endpointOf("http://h:1/proxy").toString())
        .isEqualTo("http://h:1/proxy/v1/chat/completions");
  }
}
