package dev.evalunit.engine.config;

import java.util.Map;
import java.util.Objects;

/**
 * One dataset instance to run: the seed (index) sent to the task app and, for dataset rows, the
 * instance id it is displayed by and the row itself.
 *
 * @param seed the index sent as {@code env.seed}
 * @param instanceId the dataset's id for the row, or null for plain seeds
 * @param row the dataset row, or an empty map
 */
public record SeedSpec(long seed, String instanceId, Map<String, Object> row) {

  public SeedSpec {
    // The row's own order, on every run: Map.copyOf iterates in a per-JVM random order.
    row = Objects.requireNonNull(row).isEmpty() ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(row));
  }

  public static SeedSpec of(long seed) {
    return new SeedSpec(seed, null, Map.of());
  }

  /** The value of the seed's unique-id segment: the instance id, else the seed number. */
  public String key() {
    return instanceId != null ? instanceId : Long.toString(seed);
  }

  public String displayName() {
    return instanceId != null ? instanceId : "seed " + seed;
  }
}
