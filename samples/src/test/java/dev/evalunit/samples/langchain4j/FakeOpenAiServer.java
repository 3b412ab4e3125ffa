package dev.evalunit.samples.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic OpenAI-compatible chat-completions server on 127.0.0.1, so the LangChain4j
 * sample runs offline and without a key. It stands in for three models:
 *
 * <ul>
 *   <li>{@code fake-large}: asks {@code lookupOrder} for any order number in the conversation and
 *       answers from the tool's result; without a number it asks the customer for one, and gives
 *       up when the customer says it may;
 *   <li>{@code fake-small}: the same, but answers questions about an order's cost without the
 *       tool, with a guess (so the matrix has something to compare);
 *   <li>any model asked with the evalunit judge's prompt: grades PASS when the answer contains the
 *       reference answer (case and spacing aside), FAIL otherwise, in the judge's reply shape.
 * </ul>
 *
 * Token counts are a quarter of the characters in and out, as a real model's would roughly be.
 */
final class FakeOpenAiServer implements AutoCloseable {

  static final String LARGE = "fake-large";
  static final String SMALL = "fake-small";
  static final String JUDGE = "fake-judge";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ORDER = Pattern.compile("\\bA-\\d{4}\\b");
  private static final Pattern TAG = Pattern.compile("(?s)<(answer|reference_answer)>\\n(.*?)\\n</\\1>");
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final AtomicLong ids = new AtomicLong();

  private FakeOpenAiServer(HttpServer server) {
    this.server = server;
  }

  /** Starts the server on a free port of 127.0.0.1. */
  static FakeOpenAiServer start() throws IOException {
    HttpServer http = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeOpenAiServer fake = new FakeOpenAiServer(http);
    http.createContext("/v1/chat/completions", fake::handle);
    http.setExecutor(fake.workers);
    http.start();
    return fake;
  }

  /** The base URL an OpenAI client takes: {@code http://127.0.0.1:PORT/v1}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "{\"error\": \"POST only\"}");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        send(exchange, 413, "{\"error\": \"request too large\"}");
        return;
      }
      JsonNode request = JSON.readTree(body);
      send(exchange, 200, JSON.writeValueAsString(answer(request)));
    } catch (RuntimeException e) {
      send(exchange, 400, JSON.writeValueAsString(JSON.createObjectNode()
          .put("error", "fake server cannot answer: " + e)));
    }
  }

  private ObjectNode answer(JsonNode request) {
    String model = request.path("model").asText();
    JsonNode messages = request.path("messages");
    ObjectNode message = JSON.createObjectNode().put("role", "assistant");
    String system = text(messages.path(0));
    if (system.startsWith("You are a strict grader")) {
      message.put("content", grade(text(messages.path(messages.size() - 1))));
    } else {
      agentTurn(model, messages, request.path("tools"), message);
    }
    return completion(model, request, message);
  }

  /** The judge: PASS when the answer contains the reference answer. */
  private static String grade(String prompt) {
    String answer = "";
    String reference = "";
    Matcher tags = TAG.matcher(prompt);
    while (tags.find()) {
      if (tags.group(1).equals("answer")) {
        answer = tags.group(2);
      } else {
        reference = tags.group(2);
      }
    }
    boolean pass = !reference.isBlank() && plain(answer).contains(plain(reference));
    ObjectNode grade = JSON.createObjectNode()
        .put("reason", pass ? "The answer says \"" + reference.strip() + "\" as the reference does."
            : "The answer does not say \"" + reference.strip() + "\".")
        .put("grade", pass ? "PASS" : "FAIL");
    return grade.toString();
  }

  private void agentTurn(String model, JsonNode messages, JsonNode tools, ObjectNode message) {
    JsonNode last = messages.path(messages.size() - 1);
    String question = firstUserMessage(messages);
    if ("tool".equals(last.path("role").asText())) {
      message.put("content", fromTool(question, last.path("content").asText()));
      return;
    }
    String order = orderNumber(messages);
    if (order == null) {
      boolean mayGiveUp = text(last).toLowerCase(Locale.ROOT).contains("give up");
      message.put("content", mayGiveUp
          ? "I am sorry: I cannot look up your order without its order number."
          : "Could you tell me your order number (it looks like A-1234)?");
      return;
    }
    if (SMALL.equals(model) && asksCost(question)) {
      message.put("content", "Order " + order + " cost about $40.");
      return;
    }
    message.putNull("content");
    ArrayNode calls = message.putArray("tool_calls");
    calls.addObject().put("id", "call_" + ids.incrementAndGet()).put("type", "function")
        .putObject("function").put("name", "lookupOrder")
        .put("arguments", JSON.createObjectNode().put(parameterName(tools), order).toString());
  }

  /** The final answer from the tool's result (a JSON object, or an error text). */
  private static String fromTool(String question, String result) {
    JsonNode order;
    try {
      order = JSON.readTree(result);
    } catch (IOException e) {
      order = null;
    }
    if (order == null || !order.isObject() || order.has("error")) {
      Matcher asked = ORDER.matcher(question);
      return "I could not find order " + (asked.find() ? asked.group() : "") + ".";
    }
    String id = order.path("id").asText();
    if (question.toLowerCase(Locale.ROOT).contains("json")) {
      return JSON.createObjectNode().put("id", id).put("status", order.path("status").asText())
          .toString();
    }
    if (asksCost(question)) {
      return String.format(Locale.ROOT, "Order %s cost $%.2f.", id,
          order.path("total_usd").asDouble());
    }
    return "Order " + id + " is " + order.path("status").asText() + ".";
  }

  private static ObjectNode completion(String model, JsonNode request, ObjectNode message) {
    long in = request.path("messages").toString().length() / 4;
    long out = message.toString().length() / 4;
    ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-fake")
        .put("object", "chat.completion").put("created", 0).put("model", model);
    reply.putArray("choices").addObject().put("index", 0)
        .put("finish_reason", message.has("tool_calls") ? "tool_calls" : "stop")
        .set("message", message);
    reply.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out)
        .put("total_tokens", in + out);
    return reply;
  }

  /** The name the tool declares for its one parameter (LangChain4j: the Java name, or arg0). */
  private static String parameterName(JsonNode tools) {
    var names = tools.path(0).path("function").path("parameters").path("properties").fieldNames();
    if (!names.hasNext()) {
      throw new IllegalArgumentException("the request declares no tool parameter");
    }
    return names.next();
  }

  private static String orderNumber(JsonNode messages) {
    for (JsonNode message : messages) {
      if ("user".equals(message.path("role").asText())) {
        Matcher order = ORDER.matcher(text(message));
        if (order.find()) {
          return order.group();
        }
      }
    }
    return null;
  }

  private static String firstUserMessage(JsonNode messages) {
    for (JsonNode message : messages) {
      if ("user".equals(message.path("role").asText())) {
        return text(message);
      }
    }
    return "";
  }

  private static boolean asksCost(String question) {
    String q = question.toLowerCase(Locale.ROOT);
    return q.contains("how much") || q.contains("cost");
  }

  /** A message's text: a string, or the text parts of a content array. */
  private static String text(JsonNode message) {
    JsonNode content = message.path("content");
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode part : content) {
      out.append(part.path("text").asText());
    }
    return out.toString();
  }

  private static String plain(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
