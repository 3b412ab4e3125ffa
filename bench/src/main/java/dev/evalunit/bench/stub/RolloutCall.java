package dev.evalunit.bench.stub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The few fields of a {@code POST /rollout} body the stub needs, read with a streaming parser so
 * that parsing costs the stub next to nothing.
 *
 * @param runId {@code run_id}, echoed in the reply
 * @param seed {@code env.seed}
 * @param returnTrace {@code record.return_trace}
 */
record RolloutCall(String runId, long seed, boolean returnTrace) {

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * @throws IllegalArgumentException when the body is not JSON or lacks {@code run_id}
   */
  static RolloutCall parse(byte[] body, int offset, int length) {
    String runId = null;
    long seed = 0;
    boolean returnTrace = false;
    try (JsonParser p = JSON.createParser(body, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("the body is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "run_id" -> runId = p.getValueAsString();
          case "env" -> seed = readLong(p, value, "seed");
          case "record" -> returnTrace = readLong(p, value, "return_trace") != 0;
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getMessage(), e);
    }
    if (runId == null) {
      throw new IllegalArgumentException("the body has no run_id");
    }
    return new RolloutCall(runId, seed, returnTrace);
  }

  /** One scalar field of a nested object (booleans as 0/1); the parser ends on its END_OBJECT. */
  private static long readLong(JsonParser p, JsonToken start, String name) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      p.skipChildren();
      return 0;
    }
    long found = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals(name)) {
        found = switch (value) {
          case VALUE_TRUE -> 1;
          case VALUE_NUMBER_INT -> p.getLongValue();
          default -> 0;
        };
      } else {
        p.skipChildren();
      }
    }
    return found;
  }
}
