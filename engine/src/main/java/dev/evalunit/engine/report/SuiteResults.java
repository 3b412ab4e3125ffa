package dev.evalunit.engine.report;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.replicas.ReplicaStats;
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
 * @param replicas the task-app pool's figures per replica, or empty without a pool
 */
public record SuiteResults(
    SuiteConfig config, String taskAppUrl, Instant startedAt, Instant endedAt,
    List<VariantResults> variants, List<ReplicaStats> replicas) {

  public SuiteResults {
    variants = List.copyOf(variants);
    replicas = List.copyOf(replicas);
  }

  /** A run without a replica pool. */
  public SuiteResults(SuiteConfig config, String taskAppUrl, Instant startedAt, Instant endedAt,
      List<VariantResults> variants) {
    this(config, taskAppUrl, startedAt, endedAt, variants, List.of());
  }

  /** Rollouts and errors per replica of the pool (empty without one). */
  List<ReplicaTable.Row> replicaRows() {
    return ReplicaTable.rows(replicas, variants.stream()
        .flatMap(v -> v.results().stream()).toList());
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
