package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A real model behind an OpenAI-compatible {@code /chat/completions} endpoint (OpenAI, Groq,
 * vLLM, Ollama, a proxy). Asks for a {@code classify_intent} tool call unless the output mode is
 * {@code text}; reads the label from the tool call or the text, and the usage from the response.
 * Upstream failures become 502 answers with the upstream status, never with the key.
 */
final class ChatCompletionsPolicy implements IntentPolicy {

  /** Generation settings passed through from {@code policy.config} when present. */
  private static final List<String> PASSED_THROUGH =
      List.of("temperature", "top_p", "max_tokens", "max_completion_tokens", "seed");
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final int EXCERPT_CHARS = 300;

  private final OkHttpClient http;
  private final ObjectMapper json;
  private final HttpUrl endpoint;
  private final String apiKey;
  private final String model;
  private final JsonNode policyConfig;
  private final boolean toolCalls;

  /**
   * @param apiKey the bearer token, or null for endpoints without auth
   * @param outputMode {@code tool_calls} (default), {@code text} or {@code structured}
   */
  ChatCompletionsPolicy(OkHttpClient http, ObjectMapper json, String inferenceUrl, String apiKey,
      String model, JsonNode policyConfig, String outputMode) {
    this.http = http;
    this.json = json;
    this.endpoint = endpointOf(inferenceUrl);
    this.apiKey = apiKey;
    this.model = model;
    this.policyConfig = policyConfig;
    this.toolCalls = !"text".equals(outputMode);
  }

  /**
   * The URL to POST to: {@code inference_url} itself when it already ends with
   * {@code /chat/completions}; after a trailing {@code /v1} add {@code /chat/completions};
   * otherwise add {@code /v1/chat/completions}. A query string (synth-ai puts a correlation id
   * there) is kept.
   */
  static HttpUrl endpointOf(String inferenceUrl) {
    HttpUrl url = HttpUrl.parse(inferenceUrl);
    if (url == null) {
      throw HttpProblem.detail(400, "policy.config.inference_url is not an http(s) URL");
    }
    List<String> segments = url.pathSegments().stream().filter(s -> !s.isEmpty()).toList();
    HttpUrl.Builder builder = url.newBuilder().encodedPath("/");
    segments.forEach(builder::addPathSegment);
    int n = segments.size();
    if (n >= 2 && segments.get(n - 2).equals("chat") && segments.get(n - 1).equals("completions")) {
      return builder.build();
    }
    if (n == 0 || !segments.get(n - 1).equals("v1")) {
      builder.addPathSegment("v1");
    }
    return builder.addPathSegment("chat").addPathSegment("completions").build();
  }

  @Override
  public PolicyTurn classify(IntentPrompt prompt) {
    Request.Builder request = new Request.Builder().url(endpoint)
        .post(RequestBody.create(requestBody(prompt).toString(), JSON_TYPE));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      if (!response.isSuccessful()) {
        throw HttpProblem.detail(502, "inference endpoint " + safeEndpoint() + " returned HTTP "
            + response.code() + ": " + excerpt(body));
      }
      return turnOf(json.readTree(body), prompt);
    } catch (JacksonException e) {
      throw HttpProblem.detail(502, "inference endpoint " + safeEndpoint()
          + " returned a body that is not JSON");
    } catch (IOException e) {
      throw HttpProblem.detail(502, "inference call to " + safeEndpoint() + " failed: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
          + redact(e.getMessage())));
    }
  }

  private ObjectNode requestBody(IntentPrompt prompt) {
    ObjectNode body = json.createObjectNode().put("model", model);
    body.set("messages", prompt.messages());
    for (String key : PASSED_THROUGH) {
      if (policyConfig.hasNonNull(key)) {
        body.set(key, policyConfig.get(key));
      }
    }
    if (toolCalls) {
      body.withArray("tools").add(prompt.tool());
      body.putObject("tool_choice").put("type", "function")
          .putObject("function").put("name", IntentPrompt.TOOL_NAME);
    }
    return body;
  }

  private PolicyTurn turnOf(JsonNode response, IntentPrompt prompt) {
    JsonNode choice = response.path("choices").path(0);
    JsonNode message = choice.path("message");
    if (!message.isObject()) {
      throw HttpProblem.detail(502, "inference endpoint " + safeEndpoint()
          + " returned no choices[0].message");
    }
    String answer = message.path("content").asText("");
    JsonNode call = message.path("tool_calls").path(0).path("function");
    if (call.path("arguments").isTextual()) {
      try {
        answer = json.readTree(call.path("arguments").asText()).path("intent").asText(answer);
      } catch (JacksonException malformedArguments) {
        answer = call.path("arguments").asText();
      }
    }
    String respondingModel = response.path("model").asText(model);
    return new PolicyTurn(respondingModel, prompt.labelOf(answer), (ObjectNode) message,
        choice.path("finish_reason").asText(null), usageOf(response.path("usage")));
  }

  private PolicyTurn.Usage usageOf(JsonNode usage) {
    if (!usage.path("prompt_tokens").isNumber() && !usage.path("completion_tokens").isNumber()) {
      return null;
    }
    long promptTokens = usage.path("prompt_tokens").asLong(0);
    long completionTokens = usage.path("completion_tokens").asLong(0);
    Double cost = PriceTable.costUsd(model, promptTokens, completionTokens);
    // A provider-reported cost (OpenRouter sends usage.cost) beats our price table.
    for (String field : List.of("cost_usd", "cost")) {
      if (usage.path(field).isNumber()) {
        cost = usage.get(field).doubleValue();
        break;
      }
    }
    return new PolicyTurn.Usage(promptTokens, completionTokens, cost);
  }

  /** The endpoint without its query, which may carry tokens. */
  private String safeEndpoint() {
    return endpoint.newBuilder().query(null).build().toString();
  }

  private String excerpt(String body) {
    String text = redact(body.strip().replaceAll("\\s+", " "));
    return text.isEmpty() ? "(empty body)"
        : text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "..." : text;
  }

  private String redact(String text) {
    return apiKey == null || apiKey.isEmpty() ? text : text.replace(apiKey, "***");
  }
}
