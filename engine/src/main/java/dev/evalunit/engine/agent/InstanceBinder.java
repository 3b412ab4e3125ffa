package dev.evalunit.engine.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.agent.Instance;
import dev.evalunit.engine.config.SeedSpec;

/**
 * Turns a seed into the first argument of the rollout method: an {@link Instance}, the seed as a
 * {@code long}, or the dataset row bound by field name to the method's own type.
 */
final class InstanceBinder {

  private final Class<?> type;
  private final ObjectMapper json;

  InstanceBinder(Class<?> type, ObjectMapper json) {
    this.type = type;
    this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /**
   * The argument for {@code seed}.
   *
   * @throws IllegalArgumentException naming the type and the cause when the row does not fit
   *     the type (or there is no row to bind); the caller names the seed
   */
  Object bind(SeedSpec seed) {
    if (type == Instance.class) {
      return new Instance(seed.seed(), seed.instanceId(), seed.row());
    }
    if (type == long.class || type == Long.class) {
      return seed.seed();
    }
    if (seed.row().isEmpty()) {
      throw new IllegalArgumentException("no dataset row to bind to "
          + type.getName() + " (the suite has plain seeds): declare the first parameter as "
          + "Instance or long, or add @Dataset(file = ...)");
    }
    try {
      return json.convertValue(seed.row(), type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the dataset row does not fit "
          + type.getName() + ": " + e.getMessage(), e);
    }
  }
}
