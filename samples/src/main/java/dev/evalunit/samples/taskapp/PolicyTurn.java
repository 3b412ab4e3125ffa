package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a policy answered for one prompt: the label, the assistant message as the chat API would
 * return it, and what the call cost.
 *
 * @param model the model that answered
 * @param predicted the predicted intent label
 * @param assistantMessage the assistant message (tool call or text)
 * @param finishReason e.g. {@code tool_calls} or {@code stop}
 * @param usage token counts and cost, or null when the model reported none
 */
record PolicyTurn(String model, String predicted, ObjectNode assistantMessage,
    String finishReason, Usage usage) {

  /**
   * @param promptTokens input tokens
   * @param completionTokens output tokens
   * @param costUsd USD, or null when the model has no known price
   */
  record Usage(long promptTokens, long completionTokens, Double costUsd) {

    long totalTokens() {
      return promptTokens + completionTokens;
    }
  }

  /**
   * A turn for a policy that calls no model: answers as a {@code classify_intent} tool call, with
   * estimated tokens and a price from the {@link PriceTable}.
   */
  static PolicyTurn offline(String model, IntentPrompt prompt, String intent) {
    String arguments = JsonNodeFactory.instance.objectNode().put("intent", intent).toString();
    ObjectNode message = JsonNodeFactory.instance.objectNode().put("role", "assistant");
    message.putNull("content");
    ObjectNode call = message.withArray("tool_calls").addObject()
        .put("id", "call_0").put("type", "function");
    call.putObject("function").put("name", IntentPrompt.TOOL_NAME).put("arguments", arguments);
    long promptTokens = TokenEstimate.of(prompt.text());
    long completionTokens = TokenEstimate.of(IntentPrompt.TOOL_NAME + arguments);
    return new PolicyTurn(model, intent, message, "tool_calls", new Usage(promptTokens,
        completionTokens, PriceTable.costUsd(model, promptTokens, completionTokens)));
  }
}
