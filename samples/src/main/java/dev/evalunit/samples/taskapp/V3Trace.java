package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The v3 session trace current synth-ai task apps return: one {@code lm_call} event holding the
 * request messages and the response with its usage. This is the only place this app reports
 * tokens and cost, as many real apps do.
 */
final class V3Trace {

  private V3Trace() {}

  static ObjectNode of(String sessionId, IntentPrompt prompt, PolicyTurn turn, Instant at,
      ObjectNode metadata) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode trace = nodes.objectNode().put("schema_version", "3.0");
    ObjectNode event = trace.withArray("event_history").addObject()
        .put("type", "lm_call")
        .put("timestamp", at.toString());
    event.putObject("llm_request").put("model", turn.model()).set("messages", prompt.messages());
    ObjectNode response = event.putObject("llm_response");
    response.set("message", turn.assistantMessage());
    if (turn.usage() != null) {
      ObjectNode usage = response.putObject("usage")
          .put("prompt_tokens", turn.usage().promptTokens())
          .put("completion_tokens", turn.usage().completionTokens())
          .put("total_tokens", turn.usage().totalTokens());
      if (turn.usage().costUsd() != null) {
        usage.put("cost_usd", turn.usage().costUsd());
      }
    }
    response.put("finish_reason", turn.finishReason());
    trace.putArray("markov_blanket_message_history");
    trace.putObject("metadata").put("session_id", sessionId).setAll(metadata);
    return trace;
  }
}
