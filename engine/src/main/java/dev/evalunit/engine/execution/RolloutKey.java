package dev.evalunit.engine.execution;

import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.Variant;

/**
 * One scheduled rollout: one epoch of a seed under a variant. A seed with {@code epochs = N}
 * has N keys, epochs 0 to N-1; without epochs it has one, epoch 0.
 *
 * @param epoch which repeat of the seed this is, from 0
 */
public record RolloutKey(Variant variant, SeedSpec seed, int epoch) {

  public RolloutKey {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
  }

  /** Epoch 0 of a seed: the only rollout of a seed without epochs. */
  public RolloutKey(Variant variant, SeedSpec seed) {
    this(variant, seed, 0);
  }

  /** The same seed and variant at another epoch. */
  public RolloutKey withEpoch(int epoch) {
    return new RolloutKey(variant, seed, epoch);
  }

  /** {@code variant/seed}, or {@code variant/seed/epoch-2} after epoch 0; unique within a suite. */
  public String id() {
    return variant.key() + "/" + seed.key() + (epoch == 0 ? "" : "/epoch-" + epoch);
  }
}
