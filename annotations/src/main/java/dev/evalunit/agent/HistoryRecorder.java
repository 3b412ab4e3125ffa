package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Records what the agent did, in order; safe to call from any thread.
 *
 * <pre>{@code
 * ctx.history().action("lookup_card_status(\"1234\")");
 * ctx.history().observation("card 1234: blocked");
 * ctx.history().agent("Your card is blocked.");
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface HistoryRecorder {

  /** Adds an event. */
  void add(HistoryEvent event);

  /** Adds a message from the agent ({@code agent}, {@code message}). */
  default void agent(String message) {
    add(new HistoryEvent("agent", "message", message));
  }

  /** Adds an action of the agent, such as a tool call ({@code agent}, {@code action}). */
  default void action(String action) {
    add(new HistoryEvent("agent", "action", action));
  }

  /** Adds what an action returned ({@code environment}, {@code observation}). */
  default void observation(String output) {
    add(new HistoryEvent("environment", "observation", output));
  }

  /** The events so far, oldest first (a copy). */
  List<HistoryEvent> events();
}
