package dev.evalunit.engine.statistics;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * The current run against a baseline, seed by seed: the interval of the mean difference (current
 * minus baseline), a p-value for "no change" and the gate's decision for a tolerated drop δ:
 * PASSED when the lower bound is at least -δ, FAILED when the upper bound is below -δ,
 * INCONCLUSIVE otherwise ({@link Decision#atLeast} with bound -δ).
 *
 * <p>Example: {@code PairedComparison.of(baselineScores, currentScores, 0.02, 0.95,
 * SignFlipTest.DEFAULT_SEED)} uses the exact McNemar test when every score is 0 or 1, the paired t
 * interval and the sign-flip permutation test otherwise.
 *
 * @param decision the gate's decision
 * @param difference the interval of the mean of (current - baseline)
 * @param pValue two-sided p-value of "no change" (exact McNemar or sign-flip permutation)
 * @param test {@code "exact McNemar"} or {@code "sign-flip permutation"}
 * @param pairs how many seeds were paired
 * @param regressions pairs whose score went down (for binary scores: passed, then failed)
 * @param improvements pairs whose score went up
 * @param toleratedDrop δ, the drop of the mean that is still acceptable (0 or more)
 */
public record PairedComparison(Decision decision, Interval difference, double pValue, String test,
    int pairs, int regressions, int improvements, double toleratedDrop) {

  /** Picks the binary comparison when every score is exactly 0 or 1, else the continuous one. */
  public static PairedComparison of(double[] baseline, double[] current, double toleratedDrop,
      double confidence, long permutationSeed) {
    checkPairs(baseline, current);
    if (ThresholdCheck.allBinary(baseline) && ThresholdCheck.allBinary(current)) {
      boolean[] b = new boolean[baseline.length];
      boolean[] c = new boolean[current.length];
      for (int i = 0; i < b.length; i++) {
        b[i] = baseline[i] == 1;
        c[i] = current[i] == 1;
      }
      return binary(b, c, toleratedDrop, confidence);
    }
    return continuous(baseline, current, toleratedDrop, confidence, permutationSeed);
  }

  /**
   * Binary scores. With b regressions and c improvements among n pairs, the p-value is the exact
   * McNemar test: the two-sided binomial test of b successes in b + c trials at 1/2 (McNemar 1947;
   * Agresti, "Categorical Data Analysis", 3rd ed., 2013, section 11.1.4). The interval of the
   * difference (c - b) / n is exact conditional on the b + c discordant pairs: with [θL, θU] the
   * Clopper-Pearson interval of θ = b / (b + c), it is [(b+c)/n · (1 - 2θU), (b+c)/n · (1 - 2θL)],
   * the inversion of that same binomial test. Without discordant pairs it is [0, 0].
   */
  public static PairedComparison binary(boolean[] baselinePassed, boolean[] currentPassed,
      double toleratedDrop, double confidence) {
    if (baselinePassed.length != currentPassed.length) {
      throw new IllegalArgumentException("paired comparison needs as many baseline as current "
          + "values: " + baselinePassed.length + " and " + currentPassed.length);
    }
    checkDrop(toleratedDrop);
    int n = baselinePassed.length;
    int regressions = 0;
    int improvements = 0;
    for (int i = 0; i < n; i++) {
      if (baselinePassed[i] && !currentPassed[i]) {
        regressions++;
      } else if (!baselinePassed[i] && currentPassed[i]) {
        improvements++;
      }
    }
    int discordant = regressions + improvements;
    String method = "exact conditional (Clopper-Pearson on discordant pairs)";
    Interval difference;
    double pValue;
    if (n == 0) {
      difference = Interval.unbounded(Double.NaN, confidence, 0, method);
      pValue = 1;
    } else if (discordant == 0) {
      difference = new Interval(0, 0, 0, confidence, n, method);
      pValue = 1;
    } else {
      Interval theta = ProportionIntervals.clopperPearson(regressions, discordant, confidence);
      double share = (double) discordant / n;
      difference = new Interval((double) (improvements - regressions) / n,
          share * (1 - 2 * theta.upper()), share * (1 - 2 * theta.lower()), confidence, n,
          method);
      pValue = Math.min(1, BinomialTest.withDefaults().with(AlternativeHypothesis.TWO_SIDED)
          .test(discordant, regressions, 0.5).getPValue());
    }
    return new PairedComparison(Decision.atLeast(difference, -toleratedDrop), difference, pValue,
        "exact McNemar", n, regressions, improvements, toleratedDrop);
  }

  /**
   * Continuous scores: the paired t interval, {@link MeanIntervals#studentT} of the differences
   * current - baseline (Student 1908; e.g. R's {@code t.test(paired = TRUE)}), and the
   * {@link SignFlipTest} p-value with the given seed.
   */
  public static PairedComparison continuous(double[] baseline, double[] current,
      double toleratedDrop, double confidence, long permutationSeed) {
    checkPairs(baseline, current);
    checkDrop(toleratedDrop);
    double[] differences = new double[baseline.length];
    int regressions = 0;
    int improvements = 0;
    for (int i = 0; i < differences.length; i++) {
      differences[i] = current[i] - baseline[i];
      if (differences[i] < 0) {
        regressions++;
      } else if (differences[i] > 0) {
        improvements++;
      }
    }
    Interval t = MeanIntervals.studentT(differences, confidence);
    Interval difference = new Interval(t.estimate(), t.lower(), t.upper(), confidence, t.n(),
        "paired t");
    return new PairedComparison(Decision.atLeast(difference, -toleratedDrop), difference,
        SignFlipTest.pValue(differences, permutationSeed), "sign-flip permutation",
        differences.length, regressions, improvements, toleratedDrop);
  }

  private static void checkPairs(double[] baseline, double[] current) {
    if (baseline.length != current.length) {
      throw new IllegalArgumentException("paired comparison needs as many baseline as current "
          + "values: " + baseline.length + " and " + current.length);
    }
    MeanIntervals.checkFinite(baseline);
    MeanIntervals.checkFinite(current);
  }

  private static void checkDrop(double toleratedDrop) {
    if (!(toleratedDrop >= 0) || !Double.isFinite(toleratedDrop)) {
      throw new IllegalArgumentException("tolerated drop must be a number >= 0, e.g. 0.02; got "
          + toleratedDrop);
    }
  }
}
