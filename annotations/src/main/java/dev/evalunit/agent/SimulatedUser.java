package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Answers the agent when it talks to the user instead of acting, so that an eval never waits for
 * a human (OpenHands' {@code fake_user_response_fn}). Declared with
 * {@link dev.evalunit.Rollout#simulatedUser()}; called through
 * {@link AgentContext#askUser(String)}. Must be thread-safe when the suite runs concurrently.
 *
 * <pre>{@code
 * public class ConfirmingUser implements SimulatedUser {
 *   public String reply(UserTurn turn) {
 *     return turn.turn() == 1 ? "Yes, the card ending 1234." : "Please finish the task.";
 *   }
 * }
 *
 * @Rollout(simulatedUser = ConfirmingUser.class)
 * EvalOutput run(Instance instance, AgentContext ctx) { ... }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface SimulatedUser {

  /** The user's reply to the agent's message. */
  String reply(UserTurn turn);
}
