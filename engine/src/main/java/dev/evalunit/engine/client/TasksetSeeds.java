package dev.evalunit.engine.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The seeds a {@code GET /task_info} taskset names, read leniently because task apps describe
 * their tasksets in several shapes. Looked for in the taskset, then in its {@code dataset}:
 * <ul>
 *   <li>the whole taskset: {@code seeds} (an array of seeds), else {@code size} (seeds
 *       {@code 0..size-1});</li>
 *   <li>split {@code S}: {@code splits.S} as an array of seeds, a size, or an object with
 *       {@code seeds} or {@code size}; else {@code sizes.S} or {@code split_sizes.S} (a size).</li>
 * </ul>
 * Anything else is a protocol error naming the endpoint, what was looked for and, for a split,
 * the splits the taskset does name.
 *
 * <pre>{@code
 * // {"taskset": {"splits": {"train": 800, "test": {"seeds": [3, 5, 8]}}}}
 * TasksetSeeds.read(taskset, "test", "GET http://127.0.0.1:8103/task_info"); // [3, 5, 8]
 * }</pre>
 */
public final class TasksetSeeds {

  /** The most seeds a size may name: beyond this the suite could not hold them anyway. */
  private static final long MAX_SIZE = 1_000_000L;

  private TasksetSeeds() {}

  /**
   * @param taskset the taskset object
   * @param split the split, or null for the whole taskset
   * @param label the call, e.g. {@code GET http://127.0.0.1:8103/task_info}, for messages
   */
  public static List<Long> read(JsonNode taskset, String split, String label) {
    for (JsonNode where : List.of(taskset, taskset.path("dataset"))) {
      if (!where.isObject()) {
        continue;
      }
      JsonNode found = split == null ? wholeTaskset(where) : split(where, split);
      if (found != null) {
        return seeds(found, label, split == null ? "the taskset" : "split \"" + split + "\"");
      }
    }
    if (split == null) {
      throw protocol(label + " names no seeds: expected \"seeds\" (an array of seeds) or "
          + "\"size\" in the taskset or its \"dataset\"; it has " + keys(taskset));
    }
    TreeSet<String> named = new TreeSet<>();
    for (JsonNode where : List.of(taskset, taskset.path("dataset"))) {
      for (String member : List.of("splits", "sizes", "split_sizes")) {
        JsonNode splits = where.path(member);
        splits.fieldNames().forEachRemaining(named::add);
        splits.forEach(name -> {
          if (name.isTextual()) {
            named.add(name.asText());
          }
        });
      }
    }
    throw protocol(label + " names no split \"" + split + "\": expected \"splits\": {\""
        + split + "\": [seeds] | size | {\"seeds\": [...]} | {\"size\": n}} or \"sizes\": {\""
        + split + "\": n} in the taskset or its \"dataset\"; "
        + (named.isEmpty() ? "it names no splits (keys: " + keys(taskset) + ")"
            : "the splits it names: " + String.join(", ", named)));
  }

  private static JsonNode wholeTaskset(JsonNode where) {
    if (where.has("seeds")) {
      return where.get("seeds");
    }
    return where.has("size") ? where.get("size") : null;
  }

  private static JsonNode split(JsonNode where, String split) {
    JsonNode entry = where.path("splits").path(split);
    if (entry.isObject()) {
      return entry.has("seeds") ? entry.get("seeds") : entry.has("size") ? entry.get("size")
          : null;
    }
    if (!entry.isMissingNode() && !entry.isNull()) {
      return entry;
    }
    for (String sizes : List.of("sizes", "split_sizes")) {
      JsonNode size = where.path(sizes).path(split);
      if (!size.isMissingNode() && !size.isNull()) {
        return size;
      }
    }
    return null;
  }

  private static List<Long> seeds(JsonNode node, String label, String what) {
    if (node.isIntegralNumber()) {
      long size = node.asLong();
      if (size < 1 || size > MAX_SIZE) {
        throw protocol(label + ": " + what + " has size " + size + ", expected 1.." + MAX_SIZE);
      }
      List<Long> seeds = new ArrayList<>((int) size);
      for (long seed = 0; seed < size; seed++) {
        seeds.add(seed);
      }
      return seeds;
    }
    if (node.isArray()) {
      List<Long> seeds = new ArrayList<>(node.size());
      Iterator<JsonNode> items = node.elements();
      for (int i = 0; items.hasNext(); i++) {
        JsonNode item = items.next();
        if (!item.isIntegralNumber() || item.asLong() < 0) {
          throw protocol(label + ": " + what + " lists " + item + " at index " + i
              + ", expected a seed (a non-negative integer)");
        }
        seeds.add(item.asLong());
      }
      if (seeds.isEmpty()) {
        throw protocol(label + ": " + what + " lists no seeds");
      }
      return seeds;
    }
    throw protocol(label + ": " + what + " is " + node + ", expected an array of seeds or a "
        + "size (an integer)");
  }

  private static String keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys.isEmpty() ? "no keys" : String.join(", ", keys);
  }

  private static TaskAppException protocol(String message) {
    String text = message.length() > 600 ? message.substring(0, 600) + "..." : message;
    return new TaskAppException(TaskAppException.Kind.PROTOCOL, 200, text, null, null);
  }
}
