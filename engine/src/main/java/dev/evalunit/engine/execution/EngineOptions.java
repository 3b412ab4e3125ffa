package dev.evalunit.engine.execution;

import java.util.Optional;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * Engine-wide switches (not per-suite settings), read once per execution.
 *
 * @param printConfig {@code evalunit.config.print}: print each suite's effective config
 */
public record EngineOptions(boolean printConfig) {

  public static final String PRINT_CONFIG = "evalunit.config.print";

  public static EngineOptions from(ConfigurationParameters parameters) {
    return new EngineOptions(flag(parameters.get(PRINT_CONFIG)));
  }

  private static boolean flag(Optional<String> value) {
    return value.map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
  }
}
