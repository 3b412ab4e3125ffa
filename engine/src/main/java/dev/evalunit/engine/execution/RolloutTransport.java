package dev.evalunit.engine.execution;

import dev.evalunit.engine.client.RolloutReply;
import dev.evalunit.engine.client.TaskAppException;
import java.time.Duration;

/**
 * How one attempt of an in-process rollout reaches the agent: the {@code @Rollout} method
 * ({@code engine.agent.AgentRollouts}). HTTP attempts go to the task app's replica pool
 * ({@code RolloutTask.send}). {@link RolloutTask} keeps everything around the call for both (stop
 * checks, cache, deadline, retries, pauses) and turns the reply into the seed's
 * {@link dev.evalunit.engine.results.SeedResult} the same way, so a seed ends alike whichever
 * carries it.
 *
 * <pre>{@code
 * RolloutReply reply = transport.rollout(key, runId, Duration.ofSeconds(30));
 * }</pre>
 */
public interface RolloutTransport {

  /**
   * Makes one attempt of {@code key}'s rollout, returning within about {@code limit}.
   *
   * @param runId the run id of this rollout (the same for each of its attempts)
   * @param limit how long this attempt may take
   * @return a well-formed reply; {@link RolloutReply#failure()} set when the rollout ran but
   *     failed in a way no retry helps
   * @throws TaskAppException when the attempt failed; its kind decides whether it is retried
   * @throws InterruptedException when the run is being shut down
   */
  RolloutReply rollout(RolloutKey key, String runId, Duration limit)
      throws InterruptedException;
}
