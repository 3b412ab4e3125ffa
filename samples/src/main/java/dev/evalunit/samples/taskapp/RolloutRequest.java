package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of a {@code POST /rollout} body this app uses. Unknown keys are ignored, as by every
 * synth-ai server; invalid ones give a 422 listing every problem at once.
 *
 * @param runId {@code run_id}
 * @param traceCorrelationId {@code trace_correlation_id}, else the run id
 * @param envName {@code env.env_name}, or null
 * @param envConfig {@code env.config}
 * @param seed {@code env.seed}
 * @param policyConfig {@code policy.config}
 * @param outputMode {@code policy.output_mode}, or null
 * @param returnTrace {@code record.return_trace}
 */
record RolloutRequest(String runId, String traceCorrelationId, String envName,
    JsonNode envConfig, long seed, JsonNode policyConfig, String outputMode,
    boolean returnTrace) {

  /** @throws HttpProblem 422 when the body is not a valid request */
  static RolloutRequest parse(byte[] bytes, ObjectMapper json) {
    JsonNode body;
    try {
      body = json.readTree(bytes);
    } catch (JacksonException e) {
      long offset = e.getLocation() == null ? 0
          : Math.max(0, Math.max(e.getLocation().getCharOffset(), e.getLocation().getByteOffset()));
      throw HttpProblem.invalid(List.of(new FieldError("json_invalid", List.of("body", offset),
          "JSON decode error", JsonNodeFactory.instance.objectNode())));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (body == null || body.isMissingNode() || body.isNull()) {
      throw HttpProblem.invalid(List.of(new FieldError("missing", List.of("body"),
          "Field required", JsonNodeFactory.instance.nullNode())));
    }
    List<FieldError> errors = new ArrayList<>();
    if (!body.isObject()) {
      errors.add(notAnObject(List.of("body"), body));
      throw HttpProblem.invalid(errors);
    }
    String runId = string(body, "run_id", List.of("body"), true, errors);
    String correlation = string(body, "trace_correlation_id", List.of("body"), false, errors);
    JsonNode env = object(body, "env", List.of("body"), true, errors);
    JsonNode policy = object(body, "policy", List.of("body"), true, errors);
    JsonNode record = object(body, "record", List.of("body"), false, errors);
    String envName = null;
    JsonNode envConfig = JsonNodeFactory.instance.objectNode();
    long seed = 0;
    if (env != null) {
      envName = string(env, "env_name", List.of("body", "env"), false, errors);
      envConfig = orEmpty(object(env, "config", List.of("body", "env"), false, errors));
      seed = integer(env, "seed", List.of("body", "env"), errors);
    }
    JsonNode policyConfig = JsonNodeFactory.instance.objectNode();
    String outputMode = null;
    if (policy != null) {
      policyConfig = orEmpty(object(policy, "config", List.of("body", "policy"), false, errors));
      outputMode = string(policy, "output_mode", List.of("body", "policy"), false, errors);
    }
    boolean returnTrace = false;
    if (record != null && record.has("return_trace") && !record.get("return_trace").isNull()) {
      JsonNode flag = record.get("return_trace");
      if (flag.isBoolean()) {
        returnTrace = flag.booleanValue();
      } else {
        errors.add(new FieldError("bool_type", List.of("body", "record", "return_trace"),
            "Input should be a valid boolean", flag));
      }
    }
    if (!errors.isEmpty()) {
      throw HttpProblem.invalid(errors);
    }
    return new RolloutRequest(runId, correlation == null ? runId : correlation, envName,
        envConfig, seed, policyConfig, outputMode, returnTrace);
  }

  private static String string(JsonNode parent, String field, List<Object> at, boolean required,
      List<FieldError> errors) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        errors.add(missing(parent, field, at));
      }
      return null;
    }
    if (!value.isTextual()) {
      errors.add(new FieldError("string_type", append(at, field), "Input should be a valid string",
          value));
      return null;
    }
    return value.asText();
  }

  private static JsonNode object(JsonNode parent, String field, List<Object> at,
      boolean required, List<FieldError> errors) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        errors.add(missing(parent, field, at));
      }
      return null;
    }
    if (!value.isObject()) {
      errors.add(notAnObject(append(at, field), value));
      return null;
    }
    return value;
  }

  /** Like pydantic's lax mode: integral numbers and numeric strings are integers. */
  private static long integer(JsonNode parent, String field, List<Object> at,
      List<FieldError> errors) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      errors.add(missing(parent, field, at));
      return 0;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue())) {
      return (long) value.doubleValue();
    }
    if (value.isTextual() && value.asText().trim().matches("-?\\d{1,18}")) {
      return Long.parseLong(value.asText().trim());
    }
    errors.add(value.isTextual()
        ? new FieldError("int_parsing", append(at, field),
            "Input should be a valid integer, unable to parse string as an integer", value)
        : new FieldError("int_type", append(at, field), "Input should be a valid integer", value));
    return 0;
  }

  private static FieldError missing(JsonNode parent, String field, List<Object> at) {
    return new FieldError("missing", append(at, field), "Field required", withoutSecrets(parent));
  }

  private static FieldError notAnObject(List<Object> at, JsonNode value) {
    return new FieldError("model_attributes_type", at,
        "Input should be a valid dictionary or object to extract fields from",
        withoutSecrets(value));
  }

  private static List<Object> append(List<Object> at, String field) {
    List<Object> loc = new ArrayList<>(at);
    loc.add(field);
    return loc;
  }

  private static JsonNode orEmpty(JsonNode node) {
    return node == null ? JsonNodeFactory.instance.objectNode() : node;
  }

  /**
   * A 422 echoes the offending input; a policy config may hold an inference API key, which must
   * not travel back into logs and reports.
   */
  private static JsonNode withoutSecrets(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(e -> copy.set(e.getKey(), isSecretName(e.getKey())
          ? JsonNodeFactory.instance.textNode("***") : withoutSecrets(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      var copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> copy.add(withoutSecrets(item)));
      return copy;
    }
    return node;
  }

  private static boolean isSecretName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith("api_key") || n.endsWith("apikey") || n.endsWith("access_token")
        || n.endsWith("secret") || n.endsWith("password") || n.equals("authorization");
  }
}
