package dev.evalunit.samples.langchain4j;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;

/**
 * The agent under test, as a team would have it in production: a LangChain4j AI service with
 * one tool ({@link OrderTools#lookupOrder}). Nothing here knows about evalunit.
 */
interface ShopAssistant {

  @SystemMessage("""
      You are the support assistant of an online shop. Answer questions about an order only from \
      the lookupOrder tool; never guess an order's status or total. If you need the order number, \
      ask the customer for it in one question ending with '?'. If the customer asks for JSON, \
      reply with only a JSON object.""")
  Result<String> chat(String message);

  /**
   * One conversation's assistant (its own chat memory) on {@code model}.
   *
   * @param maxToolCalls the most tool calls in a row before LangChain4j stops the agent
   */
  static ShopAssistant create(ChatModel model, OrderTools tools, int maxToolCalls) {
    return AiServices.builder(ShopAssistant.class)
        .chatModel(model)
        .tools(tools)
        .chatMemory(MessageWindowChatMemory.withMaxMessages(40))
        .maxSequentialToolsInvocations(maxToolCalls)
        .build();
  }
}
