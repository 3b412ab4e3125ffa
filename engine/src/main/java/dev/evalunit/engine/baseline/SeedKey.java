package dev.evalunit.engine.baseline;

/**
 * What pairs a baseline seed with a current one: the variant (null without a matrix) and the
 * seed key (instance id, else the seed number).
 */
public record SeedKey(String variant, String seed) {

  /** {@code variant/seed}, or the seed alone without a variant. */
  public String label() {
    return variant == null ? seed : variant + "/" + seed;
  }
}
