package dev.evalunit.engine.report;

import dev.evalunit.engine.config.SuiteConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one finished suite run produced, for the report writers.
 *
 * @param config the suite's resolved config
 * @param taskAppUrl the task app the rollouts went to (the managed process's URL if any)
 * @param startedAt when the suite started
 * @param endedAt when its last result was in
 * @param variants one entry per variant that had selected seeds, in config order
 */
public record SuiteResults(
    SuiteConfig config, String taskAppUrl, Instant startedAt, Instant endedAt,
    List<VariantResults> variants) {

  public SuiteResults {
    variants = List.copyOf(variants);
  }

  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }

  /** True when the run has named variants, so reports show a column or section per variant. */
  public boolean isMatrix() {
    return variants.size() > 1 || variants.stream().anyMatch(v -> v.variant().name() != null);
  }

  /** The suite's simple class name, for headings. */
  public String simpleName() {
    String name = config.suiteName();
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
