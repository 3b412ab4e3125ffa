package dev.evalunit.engine.baseline;

/**
 * One seed present in both runs, with its epoch-averaged scores.
 *
 * @param key the seed
 * @param baseline its score in the baseline
 * @param current its score now
 */
public record PairedSeed(SeedKey key, double baseline, double current) {

  /** current - baseline: negative when the seed dropped. */
  public double delta() {
    return current - baseline;
  }
}
