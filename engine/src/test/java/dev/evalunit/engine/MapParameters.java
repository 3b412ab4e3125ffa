package dev.evalunit.engine;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.ConfigurationParameters;

/** Launcher configuration parameters holding exactly the given map, for hermetic config tests. */
public record MapParameters(Map<String, String> values) implements ConfigurationParameters {

  public MapParameters {
    values = Map.copyOf(values);
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  @Override
  public Optional<Boolean> getBoolean(String key) {
    return get(key).map(Boolean::parseBoolean);
  }

  @Override
  @SuppressWarnings("deprecation")
  public int size() {
    return values.size();
  }

  @Override
  public Set<String> keySet() {
    return values.keySet();
  }
}
