package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The chat prompt for one query: a system message listing the intents and a user message with the
 * query. Every policy sees the same prompt, so token counts compare across policies.
 *
 * @param query the customer's message
 * @param intents the labels the answer must be one of
 */
record IntentPrompt(String query, List<String> intents) {

  static final String TOOL_NAME = "classify_intent";

  IntentPrompt {
    intents = List.copyOf(intents);
  }

  String system() {
    return "You classify customer messages to a bank. Answer with exactly one intent from this "
        + "list: " + String.join(", ", intents) + ". Call the " + TOOL_NAME
        + " tool with your answer, or reply with the intent label alone.";
  }

  String user() {
    return "Customer message: " + query;
  }

  ArrayNode messages() {
    ArrayNode messages = JsonNodeFactory.instance.arrayNode();
    messages.addObject().put("role", "system").put("content", system());
    messages.addObject().put("role", "user").put("content", user());
    return messages;
  }

  /** The OpenAI tool definition whose single argument is the intent label. */
  ObjectNode tool() {
    ObjectNode tool = JsonNodeFactory.instance.objectNode().put("type", "function");
    ObjectNode function = tool.putObject("function")
        .put("name", TOOL_NAME)
        .put("description", "Report the intent of the customer's message.");
    ObjectNode intent = function.putObject("parameters").put("type", "object")
        .putObject("properties").putObject("intent").put("type", "string");
    intents.forEach(intent.withArray("enum")::add);
    function.withObject("/parameters").withArray("required").add("intent");
    return tool;
  }

  /** The text a tokenizer would see, for estimating prompt tokens. */
  String text() {
    return system() + "\n" + user();
  }

  /**
   * Maps a model's free-text answer onto a label: an exact label, else the first label mentioned,
   * else the answer itself (which then simply counts as wrong).
   */
  String labelOf(String answer) {
    String text = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
    if (intents.contains(text)) {
      return text;
    }
    for (String intent : intents) {
      if (text.contains(intent)) {
        return intent;
      }
    }
    return text.length() > 100 ? text.substring(0, 100) : text;
  }
}
