package dev.evalunit.engine.agent;

import dev.evalunit.agent.AgentContext;
import dev.evalunit.agent.HistoryEvent;
import dev.evalunit.agent.HistoryRecorder;
import dev.evalunit.agent.LlmConfig;
import dev.evalunit.agent.SimulatedUser;
import dev.evalunit.agent.UsageRecorder;
import dev.evalunit.agent.UserTurn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The context of one attempt of an in-process rollout: what the method reads (LLM config, limits,
 * deadline) and what it leaves behind (usage, history, user turns, log lines). Thread-safe.
 */
final class RolloutContext implements AgentContext {

  private final LlmConfig llm;
  private final int maxIterations;
  private final SimulatedUser user;
  private final Instant deadline;
  private final UsageCounter usage = new UsageCounter();
  private final HistoryLog history = new HistoryLog();
  private final List<String> log = new ArrayList<>();
  private volatile boolean cancelled;
  private volatile String cancelReason = "cancelled";
  private int userTurns;

  RolloutContext(LlmConfig llm, int maxIterations, SimulatedUser user, Instant deadline) {
    this.llm = llm;
    this.maxIterations = maxIterations;
    this.user = user;
    this.deadline = deadline;
  }

  @Override
  public LlmConfig llm() {
    return llm;
  }

  @Override
  public int maxIterations() {
    return maxIterations;
  }

  @Override
  public UsageRecorder usage() {
    return usage;
  }

  @Override
  public HistoryRecorder history() {
    return history;
  }

  @Override
  public String askUser(String agentMessage) {
    int turn;
    List<HistoryEvent> before;
    synchronized (this) {
      turn = ++userTurns;
      before = history.events();
      history.add(new HistoryEvent("agent", "message", agentMessage));
    }
    String reply = user.reply(new UserTurn(agentMessage == null ? "" : agentMessage, turn,
        before));
    if (reply == null) {
      throw new IllegalStateException("the simulated user " + user.getClass().getName()
          + " returned null at turn " + turn + "; a reply must be text");
    }
    history.add(new HistoryEvent("user", "message", reply));
    return reply;
  }

  @Override
  public synchronized int userTurns() {
    return userTurns;
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public Duration remaining() {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public void throwIfCancelled() {
    if (cancelled) {
      throw new CancellationException(cancelReason);
    }
  }

  @Override
  public void log(String line) {
    synchronized (log) {
      log.add(String.valueOf(line));
    }
  }

  /** Marks the rollout cancelled; the caller interrupts the method's thread. */
  void cancel(String reason) {
    cancelReason = reason;
    cancelled = true;
  }

  UsageCounter usageCounter() {
    return usage;
  }

  List<HistoryEvent> events() {
    return history.events();
  }

  List<String> logLines() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }
}
