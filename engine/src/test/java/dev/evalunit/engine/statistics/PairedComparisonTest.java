package dev.evalunit.engine.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** McNemar, the paired t interval and the sign-flip test against hand-computed references. */
class PairedComparisonTest {

  @Test
  void exactMcNemarIsTheTwoSidedBinomialTailComputedFromFactorials() {
    // b regressions, c improvements: p = 2 * sum_{k <= min(b,c)} C(b+c, k) / 2^(b+c), at most 1.
    assertThat(binary(1, 9, 200).pValue()).isCloseTo(2.0 * (choose(10, 0) + choose(10, 1))
        / Math.pow(2, 10), within(1e-12));                                          // 22/1024
    assertThat(binary(8, 2, 200).pValue()).isCloseTo(2.0 * (choose(10, 0) + choose(10, 1)
        + choose(10, 2)) / Math.pow(2, 10), within(1e-12));                         // 112/1024
    assertThat(binary(0, 6, 50).pValue()).isCloseTo(2.0 / 64, within(1e-12));
    assertThat(binary(5, 5, 50).pValue()).isEqualTo(1.0);
    assertThat(binary(0, 0, 50).pValue()).isEqualTo(1.0);
  }

  @Test
  void binaryIntervalIsClopperPearsonOnTheDiscordantPairs() {
    // 20 regressions, no improvement, 200 pairs: θ = b/(b+c) = 1, θL = 0.025^(1/20) (closed form),
    // so the difference lies in [0.1 (1 - 2), 0.1 (1 - 2 θL)].
    PairedComparison drop = binary(20, 0, 200);
    double thetaLower = Math.pow(0.025, 1.0 / 20);
    assertThat(drop.difference().estimate()).isCloseTo(-0.1, within(1e-12));
    assertThat(drop.difference().lower()).isCloseTo(-0.1, within(1e-12));
    assertThat(drop.difference().upper()).isCloseTo(0.1 * (1 - 2 * thetaLower), within(1e-9));
    assertThat(drop.decision()).isEqualTo(Decision.FAILED);
    assertThat(drop.regressions()).isEqualTo(20);

    // 5 improvements, no regression, 50 pairs: θU = 1 - 0.025^(1/5), interval
    // [0.1 (1 - 2 θU), 0.1]: the lower bound -0.0044 is above -0.02, so the gate passes.
    PairedComparison gain = binary(0, 5, 50);
    double thetaUpper = 1 - Math.pow(0.025, 1.0 / 5);
    assertThat(gain.difference().lower()).isCloseTo(0.1 * (1 - 2 * thetaUpper), within(1e-9));
    assertThat(gain.difference().upper()).isCloseTo(0.1, within(1e-12));
    assertThat(gain.decision()).isEqualTo(Decision.PASSED);

    // Nothing changed: [0, 0], passes any tolerated drop.
    assertThat(binary(0, 0, 40).decision()).isEqualTo(Decision.PASSED);
    // Balanced changes over few pairs: the interval contains -δ.
    assertThat(binary(6, 5, 40).decision()).isEqualTo(Decision.INCONCLUSIVE);
  }

  @Test
  void pairedTMatchesTheSleepDataAndTheSignFlipTestIsExactForTenPairs() {
    double[] before = new double[10];
    double[] after = IntervalsTest.SLEEP_DIFFERENCES.clone();
    PairedComparison c = PairedComparison.continuous(before, after, 0.0, 0.95, 1);
    assertThat(c.test()).isEqualTo("sign-flip permutation");
    assertThat(c.difference().method()).isEqualTo("paired t");
    // R: t.test(extra ~ group, data = sleep, paired = TRUE), CI [-2.4598858, -0.7001142] for
    // group 1 - group 2.
    assertThat(c.difference().lower()).isCloseTo(0.7001142, within(1e-7));
    assertThat(c.difference().upper()).isCloseTo(2.4598858, within(1e-7));
    // Sign flips: every difference is positive and one is 0, so only flipping nothing or the 0
    // (and the mirror images) reach |sum| = 15.8: 4 of 2^10 assignments.
    assertThat(c.pValue()).isEqualTo(4.0 / 1024);
    assertThat(c.decision()).isEqualTo(Decision.PASSED);
    assertThat(c.improvements()).isEqualTo(9);
    assertThat(c.regressions()).isZero();
  }

  @Test
  void signFlipExactSmallCasesCountedByHand() {
    // {1, 2, 3}: only +++ and --- reach |sum| 6: 2/8.
    assertThat(SignFlipTest.pValue(new double[] {1, 2, 3}, 1)).isEqualTo(0.25);
    // {3, -1, 2, 2}, sum 6: reached by (3,1,2,2) = 8, (3,-1,2,2) = 6 and their mirrors: 4/16.
    assertThat(SignFlipTest.pValue(new double[] {3, -1, 2, 2}, 1)).isEqualTo(0.25);
    assertThat(SignFlipTest.pValue(new double[] {0, 0, 0}, 1)).isEqualTo(1.0);
    assertThat(SignFlipTest.pValue(new double[0], 1)).isEqualTo(1.0);
  }

  @Test
  void signFlipMonteCarloAgreesWithTheExactBinomialTailAndIsReproducible() {
    // 20 differences of ±1, 14 positive: flipped sums are 2K - 20 with K ~ Bin(20, 1/2);
    // |2K - 20| >= 8 iff K >= 14 or K <= 6, p = 2 * sum_{k=14..20} C(20, k) / 2^20 = 0.115318.
    double[] d = new double[20];
    for (int i = 0; i < 20; i++) {
      d[i] = i < 14 ? 1 : -1;
    }
    double exact = 0;
    for (int k = 14; k <= 20; k++) {
      exact += 2.0 * choose(20, k) / Math.pow(2, 20);
    }
    assertThat(exact).isCloseTo(0.115318, within(1e-6));
    double p = SignFlipTest.pValue(d, SignFlipTest.DEFAULT_SEED);
    // 9,999 draws: Monte Carlo SE sqrt(p(1-p)/9999) = 0.0032; four SE.
    assertThat(p).isCloseTo(exact, within(0.013));
    assertThat(SignFlipTest.pValue(d, SignFlipTest.DEFAULT_SEED)).isEqualTo(p);
    // Thirty positive differences: no draw is as extreme except by chance 2^-29, p = 1/10000.
    double[] allUp = new double[30];
    java.util.Arrays.fill(allUp, 0.1);
    assertThat(SignFlipTest.pValue(allUp, 7)).isEqualTo(1.0 / 10_000);
  }

  @Test
  void ofPicksMcNemarForBinaryScoresOnly() {
    assertThat(PairedComparison.of(new double[] {1, 0, 1}, new double[] {1, 1, 0}, 0.02, 0.95, 1)
        .test()).isEqualTo("exact McNemar");
    assertThat(PairedComparison.of(new double[] {1, 0, 1}, new double[] {1, 0.5, 0}, 0.02, 0.95,
        1).test()).isEqualTo("sign-flip permutation");
    assertThatThrownBy(() -> PairedComparison.of(new double[] {1}, new double[] {1, 0}, 0.02,
        0.95, 1)).hasMessageContaining("1 and 2");
    assertThatThrownBy(() -> binaryWithDrop(-0.1)).hasMessageContaining(">= 0, e.g. 0.02; got -0.1");
  }

  private static PairedComparison binaryWithDrop(double drop) {
    return PairedComparison.binary(new boolean[] {true}, new boolean[] {true}, drop, 0.95);
  }

  /** b pairs passed then failed, c failed then passed, the rest passed twice; δ = 0.02. */
  private static PairedComparison binary(int b, int c, int n) {
    boolean[] base = new boolean[n];
    boolean[] cur = new boolean[n];
    for (int i = 0; i < n; i++) {
      base[i] = i >= b + c || i < b;
      cur[i] = i >= b + c || i >= b;
    }
    return PairedComparison.binary(base, cur, 0.02, 0.95);
  }

  /** C(n, k) from factorials. */
  static double choose(int n, int k) {
    return factorial(n).divide(factorial(k).multiply(factorial(n - k))).doubleValue();
  }

  private static BigInteger factorial(int n) {
    BigInteger f = BigInteger.ONE;
    for (int i = 2; i <= n; i++) {
      f = f.multiply(BigInteger.valueOf(i));
    }
    return f;
  }
}
