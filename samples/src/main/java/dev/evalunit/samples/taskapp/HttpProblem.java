package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An error answer, shaped as a FastAPI task app would send it, so the engine meets the same
 * bodies here as from the Python servers.
 */
final class HttpProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final int status;
  private final transient JsonNode body;

  HttpProblem(int status, JsonNode body) {
    super("HTTP " + status, null, false, false);
    this.status = status;
    this.body = body;
  }

  int status() {
    return status;
  }

  JsonNode body() {
    return body;
  }

  /** {@code {"detail": "text"}}, what an app's own {@code HTTPException} gives. */
  static HttpProblem detail(int status, String text) {
    return new HttpProblem(status, NODES.objectNode().put("detail", text));
  }

  /** 400 with {@code {"detail":{"error":{"code":...,"message":...}}}}. */
  static HttpProblem unauthorised(String message) {
    return coded(400, "unauthorised", message);
  }

  /** 503: the server itself was started without a key, so it can check none. */
  static HttpProblem missingServerKey() {
    return coded(503, "missing_environment_api_key",
        "ENVIRONMENT_API_KEY is not set on the task app");
  }

  /** 422 with {@code {"detail":[{"type","loc","msg","input"},...]}}. */
  static HttpProblem invalid(List<FieldError> errors) {
    ObjectNode body = NODES.objectNode();
    errors.forEach(e -> body.withArray("detail").add(e.toJson()));
    return new HttpProblem(422, body);
  }

  private static HttpProblem coded(int status, String code, String message) {
    ObjectNode body = NODES.objectNode();
    body.putObject("detail").putObject("error").put("code", code).put("message", message);
    return new HttpProblem(status, body);
  }
}
