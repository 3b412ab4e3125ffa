package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One entry of a 422 body, in pydantic's shape.
 *
 * @param type e.g. {@code missing}, {@code int_type}
 * @param loc where, e.g. {@code ["body", "env", "seed"]}
 * @param msg what is wrong
 * @param input the offending value (already stripped of secrets)
 */
record FieldError(String type, List<Object> loc, String msg, JsonNode input) {

  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("type", type);
    loc.forEach(part -> {
      if (part instanceof Number n) {
        node.withArray("loc").add(n.longValue());
      } else {
        node.withArray("loc").add(part.toString());
      }
    });
    node.put("msg", msg);
    node.set("input", input);
    return node;
  }
}
