package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The agent has talked to the user: what it said, the how-many-th time, and what happened before.
 *
 * <pre>{@code
 * String reply(UserTurn turn) {
 *   return turn.turn() >= 3 ? "You may give up." : "Please continue.";
 * }
 * }</pre>
 *
 * @param agentMessage what the agent said
 * @param turn 1 the first time the agent talks to the user in this rollout, then 2, 3, ...
 * @param history the rollout's events before this message
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record UserTurn(String agentMessage, int turn, List<HistoryEvent> history) {

  public UserTurn {
    history = List.copyOf(history);
  }
}
