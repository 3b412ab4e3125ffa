package dev.evalunit.engine.config;

/**
 * One configured value and where it came from, so that an error can name the file and key, the
 * annotation or the property that set it.
 *
 * @param value a String, Number, Boolean, List or Map (as read from its source)
 * @param origin human-readable source, e.g. {@code "evals/b77.toml [eval].concurrency"}
 */
public record Setting(Object value, String origin) {}
