package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import org.apiguardian.api.API;

/**
 * What a {@link dev.evalunit.Rollout} method gets besides its instance: one context per rollout
 * attempt, safe to use from the threads the agent starts.
 *
 * <pre>{@code
 * @Rollout(maxIterations = 8)
 * EvalOutput run(Instance instance, AgentContext ctx) {
 *   String task = (String) instance.row().get("task");
 *   String reply = agent.start(task, ctx.llm());
 *   for (int i = 1; i < ctx.maxIterations() && !agent.done(); i++) {
 *     ctx.throwIfCancelled();                        // timeout, budget stop or Ctrl-C
 *     reply = agent.isAskingUser() ? agent.next(ctx.askUser(reply)) : agent.next();
 *   }
 *   ctx.log("took " + ctx.userTurns() + " user turns");
 *   return EvalOutput.of(task, TestResult.passed(reply.contains("done")));
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface AgentContext {

  /** The variant's LLM config (OpenHands {@code [llm.NAME]}). */
  LlmConfig llm();

  /** The iteration limit ({@link dev.evalunit.Rollout#maxIterations()}, or its setting). */
  int maxIterations();

  /** Where the agent counts its tokens (and cost), priced into the seed's cost. */
  UsageRecorder usage();

  /** Where the agent records its messages, actions and observations: the seed's trace. */
  HistoryRecorder history();

  /**
   * Hands the agent's message to the simulated user and returns the reply (OpenHands'
   * {@code fake_user_response_fn}). Records both as history events ({@code agent}/{@code message}
   * then {@code user}/{@code message}) and counts one user turn.
   */
  String askUser(String agentMessage);

  /** How many times the agent has talked to the user in this rollout. */
  int userTurns();

  /** When the rollout's time ({@code timeout.rollout}, retries included) runs out. */
  Instant deadline();

  /** The time left before {@link #deadline()}; zero once it has passed. */
  Duration remaining();

  /**
   * True once the rollout is cancelled: its time ran out, or the run is being shut down. The
   * method's thread is interrupted at the same moment; an agent that blocks on something that
   * ignores interrupts should poll this.
   */
  boolean cancelled();

  /** Throws {@link CancellationException} if {@link #cancelled()}. */
  void throwIfCancelled();

  /** A line for the seed's log: the Surefire {@code <system-out>} of its test. */
  void log(String line);
}
