package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One event of an agent's history: a message, an action or an observation. The events of a
 * rollout become its trace file and the {@code history} of its {@code output.jsonl} line.
 *
 * <pre>{@code
 * ctx.history().add(new HistoryEvent("agent", "action", "search(\"card lost\")"));
 * }</pre>
 *
 * @param source who produced it: {@code "agent"}, {@code "user"} or {@code "environment"}
 * @param kind what it is: {@code "message"}, {@code "action"} or {@code "observation"} (any
 *     other word is kept as given)
 * @param content its text
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record HistoryEvent(String source, String kind, String content) {

  public HistoryEvent {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    content = content == null ? "" : content;
  }
}
