package dev.evalunit.samples.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.Locale;
import java.util.Map;

/** The agent's one tool: the shop's order book (three orders, read-only). */
final class OrderTools {

  record Order(String id, String status, double totalUsd) {}

  private static final Map<String, Order> ORDERS = Map.of(
      "A-1001", new Order("A-1001", "shipped", 19.99),
      "A-1002", new Order("A-1002", "processing", 42.50),
      "A-1003", new Order("A-1003", "delivered", 7.25));

  @Tool("Looks up one order by its number (like A-1001): its status and its total in USD")
  String lookupOrder(@P(name = "orderId", value = "the order number, like A-1001") String orderId) {
    Order order = ORDERS.get(orderId == null ? "" : orderId.strip().toUpperCase(Locale.ROOT));
    if (order == null) {
      return "{\"error\": \"no order " + String.valueOf(orderId).replace("\"", "") + "\"}";
    }
    return String.format(Locale.ROOT, "{\"id\": \"%s\", \"status\": \"%s\", \"total_usd\": %.2f}",
        order.id(), order.status(), order.totalUsd());
  }
}
