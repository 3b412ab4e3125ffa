package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes requests to the protocol's endpoints, in FastAPI's order: unknown path (404), wrong
 * method (405), key (400/503), then the body (422). Every error answer has the shape a Python
 * task app would send.
 */
final class TaskAppRoutes implements HttpHandler {

  private static final Map<String, Set<String>> METHODS = Map.of(
      "/", Set.of("GET", "HEAD"),
      "/health", Set.of("GET"),
      "/info", Set.of("GET"),
      "/task_info", Set.of("GET"),
      "/rollout", Set.of("POST"),
      "/done", Set.of("POST"));

  private final ApiKeyGuard guard;
  private final IntentTaskInfo taskInfo;
  private final IntentRollout rollout;
  private final ObjectMapper json;
  private final JsonExchange io;

  TaskAppRoutes(ApiKeyGuard guard, IntentTaskInfo taskInfo, IntentRollout rollout,
      ObjectMapper json) {
    this.guard = guard;
    this.taskInfo = taskInfo;
    this.rollout = rollout;
    this.json = json;
    this.io = new JsonExchange(json);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      try {
        route(exchange);
      } catch (HttpProblem problem) {
        if (problem.status() >= 500) {
          log(exchange, problem.status() + " " + problem.body());
        }
        io.send(exchange, problem.status(), problem.body());
      } catch (RuntimeException e) {
        log(exchange, "500 " + e);
        io.sendText(exchange, 500, "Internal Server Error");
      }
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    Set<String> methods = METHODS.get(path);
    if (methods == null) {
      throw HttpProblem.detail(404, "Not Found");
    }
    if (!methods.contains(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", String.join(", ", methods));
      throw HttpProblem.detail(405, "Method Not Allowed");
    }
    if (!path.equals("/")) {
      guard.check(exchange.getRequestHeaders());
    }
    switch (path) {
      case "/" -> io.send(exchange, 200, JsonNodeFactory.instance.objectNode()
          .put("status", "ok").put("service", IntentDataset.ENV_NAME));
      case "/health" -> {
        var health = JsonNodeFactory.instance.objectNode().put("healthy", true);
        health.putObject("auth").put("required", true)
            .put("headers", "X-API-Key or Authorization: Bearer");
        io.send(exchange, 200, health);
      }
      case "/info" -> io.send(exchange, 200, taskInfo.info());
      case "/task_info" -> taskInfo(exchange);
      case "/rollout" -> {
        RolloutRequest request = RolloutRequest.parse(io.body(exchange), json);
        var response = rollout.run(request);
        log(exchange, "seed " + request.seed() + " -> "
            + response.path("metrics").path("details").path("predicted").asText()
            + " (reward " + response.path("metrics").path("mean_return").asDouble() + ")");
        io.send(exchange, 200, response);
      }
      case "/done" -> io.send(exchange, 200, JsonNodeFactory.instance.objectNode()
          .put("ok", true));
      default -> throw new IllegalStateException("no handler for " + path);
    }
  }

  private void taskInfo(HttpExchange exchange) throws IOException {
    List<Long> seeds = seeds(exchange.getRequestURI().getRawQuery());
    if (seeds.isEmpty()) {
      io.send(exchange, 200, taskInfo.taskset());
    } else if (seeds.size() == 1) {
      io.send(exchange, 200, taskInfo.forSeed(seeds.get(0)));
    } else {
      ArrayNode all = JsonNodeFactory.instance.arrayNode();
      seeds.forEach(seed -> all.add(taskInfo.forSeed(seed)));
      io.send(exchange, 200, all);
    }
  }

  /** Every {@code seed} query parameter, in order; 422 for one that is not an integer. */
  private static List<Long> seeds(String rawQuery) {
    List<Long> seeds = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return seeds;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (!name.equals("seed")) {
        continue;
      }
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      try {
        seeds.add(Long.parseLong(value.trim()));
      } catch (NumberFormatException e) {
        errors.add(new FieldError("int_parsing", List.of("query", "seed", seeds.size() + errors.size()),
            "Input should be a valid integer, unable to parse string as an integer",
            JsonNodeFactory.instance.textNode(value)));
      }
    }
    if (!errors.isEmpty()) {
      throw HttpProblem.invalid(errors);
    }
    return seeds;
  }

  private static void log(HttpExchange exchange, String message) {
    System.out.println("[sample-task-app] " + exchange.getRequestMethod() + " "
        + exchange.getRequestURI().getPath() + ": " + message);
  }
}
