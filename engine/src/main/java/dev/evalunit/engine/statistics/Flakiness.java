package dev.evalunit.engine.statistics;

/**
 * How much one seed's epochs disagree.
 *
 * <p>Example: {@code Flakiness.of(new double[] {1, 0, 1, 1}, 1).disagreement()} is 0.5: of the
 * six pairs of epochs, three disagree on pass or fail.
 *
 * @param epochs how many epochs the seed ran
 * @param passes how many of them passed
 * @param disagreement the share of epoch pairs that disagree on pass or fail,
 *     {@code c(n-c) / C(n, 2)}: 0 when every epoch agrees; 0 for a single epoch
 * @param scoreRange the highest minus the lowest epoch score
 */
public record Flakiness(int epochs, int passes, double disagreement, double scoreRange) {

  /** Flakiness of one seed's epoch scores, an epoch passing at {@code passScore} or more. */
  public static Flakiness of(double[] scores, double passScore) {
    MeanIntervals.checkFinite(scores);
    int n = scores.length;
    int c = Reducers.passes(scores, passScore);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double s : scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    double pairs = n * (n - 1) / 2.0;
    return new Flakiness(n, c, n < 2 ? 0 : c * (double) (n - c) / pairs,
        n == 0 ? 0 : max - min);
  }

  /** True when the epochs did not all agree on pass or fail. */
  public boolean flaky() {
    return passes > 0 && passes < epochs;
  }
}
