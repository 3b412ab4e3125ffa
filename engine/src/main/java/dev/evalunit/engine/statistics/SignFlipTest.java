package dev.evalunit.engine.statistics;

import java.util.SplittableRandom;

/**
 * The two-sided sign-flip permutation test of paired differences (Fisher 1935; Good,
 * "Permutation, Parametric and Bootstrap Tests of Hypotheses", 3rd ed., 2005, section 3.7.2):
 * under "no change" every difference is as likely positive as negative, so the p-value is the
 * share of sign assignments whose |sum| is at least the observed |sum|.
 *
 * <p>Up to {@value #EXACT_LIMIT} differences every assignment is enumerated (the exact p-value).
 * Above that, {@value #DRAWS} random assignments from a generator seeded with the caller's seed
 * give {@code (1 + hits) / (1 + draws)} (Phipson and Smyth, "Permutation p-values should never be
 * zero", Stat. Appl. Genet. Mol. Biol. 9(1), 2010), so the same data and seed always give the same
 * p-value.
 */
public final class SignFlipTest {

  /** Largest number of differences whose 2^n sign assignments are enumerated. */
  public static final int EXACT_LIMIT = 16;
  /** Random sign assignments drawn above {@link #EXACT_LIMIT}. */
  public static final int DRAWS = 9_999;
  /** The seed evalunit's baseline gate uses, so a gate's p-value is reproducible. */
  public static final long DEFAULT_SEED = 20_260_101L;

  private SignFlipTest() {}

  /** The two-sided p-value of "the differences are symmetric around zero". */
  public static double pValue(double[] differences, long seed) {
    MeanIntervals.checkFinite(differences);
    int n = differences.length;
    if (n == 0) {
      return 1;
    }
    double observed = 0;
    double scale = 0;
    for (double d : differences) {
      observed += d;
      scale += Math.abs(d);
    }
    // Sums that differ from the observed one only by rounding count as ties (as extreme).
    double limit = Math.abs(observed) - 1e-12 * scale;
    if (n <= EXACT_LIMIT) {
      long hits = 0;
      int assignments = 1 << n;
      for (int mask = 0; mask < assignments; mask++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += (mask & (1 << i)) != 0 ? -differences[i] : differences[i];
        }
        if (Math.abs(sum) >= limit) {
          hits++;
        }
      }
      return (double) hits / assignments;
    }
    SplittableRandom random = new SplittableRandom(seed);
    long hits = 0;
    for (int draw = 0; draw < DRAWS; draw++) {
      double sum = 0;
      for (double d : differences) {
        sum += random.nextBoolean() ? d : -d;
      }
      if (Math.abs(sum) >= limit) {
        hits++;
      }
    }
    return (1.0 + hits) / (1.0 + DRAWS);
  }
}
