package dev.evalunit.engine.config;

/**
 * A value that must never be printed: its {@code toString()} is {@code ***}. Read the value only
 * where it is sent (the auth headers).
 */
public record Secret(String value) {

  public static final String MASK = "***";

  @Override
  public String toString() {
    return MASK;
  }
}
