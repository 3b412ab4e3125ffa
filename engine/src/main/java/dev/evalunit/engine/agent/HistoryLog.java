package dev.evalunit.engine.agent;

import dev.evalunit.agent.HistoryEvent;
import dev.evalunit.agent.HistoryRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One rollout attempt's history, in the order events arrive from any thread. */
final class HistoryLog implements HistoryRecorder {

  private final List<HistoryEvent> events = new ArrayList<>();

  @Override
  public synchronized void add(HistoryEvent event) {
    events.add(Objects.requireNonNull(event, "event"));
  }

  @Override
  public synchronized List<HistoryEvent> events() {
    return List.copyOf(events);
  }
}
