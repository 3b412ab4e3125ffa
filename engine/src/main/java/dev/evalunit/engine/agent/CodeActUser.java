package dev.evalunit.engine.agent;

import dev.evalunit.agent.SimulatedUser;
import dev.evalunit.agent.UserTurn;

/**
 * The simulated user a {@code @Rollout} suite gets unless it declares its own: it behaves like
 * OpenHands' {@code codeact_user_response}. Every reply tells the agent to keep working on the
 * task its own way, to give its answer when it thinks the task is solved, and never to ask for
 * human help; from the agent's third message to the user on (two replies already given) the
 * reply also says that it may give up.
 */
public final class CodeActUser implements SimulatedUser {

  /** The turn from which the reply offers giving up. */
  static final int GIVE_UP_FROM_TURN = 3;

  static final String CONTINUE = "Please go on with the task using whatever approach you find "
      + "suitable. When you believe the task is solved, reply with your final answer. "
      + "Do not ask for human help: no human will answer.";
  static final String GIVE_UP = " If you cannot solve it, you may give up and say so.";

  @Override
  public String reply(UserTurn turn) {
    return turn.turn() >= GIVE_UP_FROM_TURN ? CONTINUE + GIVE_UP : CONTINUE;
  }
}
