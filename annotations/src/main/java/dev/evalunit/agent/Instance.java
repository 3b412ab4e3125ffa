package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The instance a rollout method evaluates: a seed, or a row of the suite's
 * {@link dev.evalunit.Dataset}.
 *
 * <pre>{@code
 * @Rollout
 * EvalOutput run(Instance instance, AgentContext ctx) {
 *   String question = (String) instance.row().get("text");   // a @Dataset row's field
 *   ...
 * }
 * }</pre>
 *
 * @param seed the seed; for a dataset row its 0-based index
 * @param id the dataset row's instance id, or null for a plain seed
 * @param row the dataset row as parsed from JSON (strings, numbers, booleans, lists, maps), or
 *     an empty map for a plain seed
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Instance(long seed, String id, Map<String, Object> row) {

  public Instance {
    row = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(row, "row")));
  }

  /** The id OpenHands would write as {@code instance_id}: the row's id, else the seed. */
  public String instanceId() {
    return id != null ? id : Long.toString(seed);
  }
}
