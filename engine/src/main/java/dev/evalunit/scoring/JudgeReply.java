package dev.evalunit.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.engine.config.ClosestName;
import java.util.Map;
import java.util.Set;

/**
 * Reads a judge's message strictly: one JSON object with exactly a string {@code reason} and a
 * string {@code grade} that is one of the configured labels, spelt exactly, and nothing around
 * it but whitespace. Anything else is a malformed grade.
 */
final class JudgeReply {

  private static final Set<String> KEYS = Set.of("reason", "grade");

  private JudgeReply() {}

  /** A grade read from a reply. */
  record Grade(String label, String reason) {}

  /** Thrown with what is wrong; the caller adds who replied and the excerpt. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String problem) {
      super(problem, null, false, false);
    }
  }

  static Grade parse(String content, Map<String, Double> grades) throws Malformed {
    if (content == null || content.isBlank()) {
      throw new Malformed("the reply is empty");
    }
    JsonNode reply;
    try {
      reply = JsonMatch.STRICT.readTree(content.strip());
    } catch (JsonProcessingException e) {
      throw new Malformed("the reply is not one JSON object (" + JsonMatch.problem(e) + ")");
    }
    if (!reply.isObject()) {
      throw new Malformed("the reply is JSON but not an object");
    }
    for (var field : reply.properties()) {
      if (!KEYS.contains(field.getKey())) {
        throw new Malformed("the reply has key " + Texts.quote(field.getKey(), 40)
            + "; only \"reason\" and \"grade\" are allowed");
      }
    }
    JsonNode grade = reply.get("grade");
    JsonNode reason = reply.get("reason");
    if (grade == null || !grade.isTextual()) {
      throw new Malformed(grade == null ? "the reply has no \"grade\""
          : "\"grade\" is not a string");
    }
    if (reason == null || !reason.isTextual()) {
      throw new Malformed(reason == null ? "the reply has no \"reason\""
          : "\"reason\" is not a string");
    }
    String label = grade.textValue();
    if (!grades.containsKey(label)) {
      String nearest = ClosestName.of(label, grades.keySet()).map(n -> " (nearest: " + n + ")")
          .orElse("");
      throw new Malformed("grade " + Texts.quote(label, 40) + " is not one of "
          + String.join(", ", grades.keySet()) + nearest);
    }
    return new Grade(label, reason.textValue());
  }
}
