package dev.evalunit.engine.execution;

import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.Variant;

/** One scheduled rollout: a seed under a variant. */
public record RolloutKey(Variant variant, SeedSpec seed) {

  /** {@code variant/seed}, unique within a suite. */
  public String id() {
    return variant.key() + "/" + seed.key();
  }
}
