package dev.evalunit.engine.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Intervals against published worked examples and hand computations (sources cited per test). */
class IntervalsTest {

  /** The differences of Student's (1908) sleep data (Cushny and Peebles), drug 2 minus drug 1. */
  static final double[] SLEEP_DIFFERENCES = {1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4};

  @Test
  void studentTMatchesTheSleepDataExample() {
    // R's documented example t.test(extra ~ group, data = sleep, paired = TRUE) prints
    // "95 percent confidence interval: -2.4598858 -0.7001142", mean difference -1.58
    // (group 1 minus group 2; we take group 2 minus group 1, so the signs flip).
    Interval i = MeanIntervals.studentT(SLEEP_DIFFERENCES, 0.95);
    assertThat(i.estimate()).isCloseTo(1.58, within(1e-12));
    assertThat(i.lower()).isCloseTo(0.7001142, within(1e-7));
    assertThat(i.upper()).isCloseTo(2.4598858, within(1e-7));
    assertThat(i.n()).isEqualTo(10);
    assertThat(i.method()).isEqualTo("Student-t");
  }

  @Test
  void studentTMatchesAHandComputationWithTheTabledQuantile() {
    // mean 0.8, s = 0.1, n = 3: half width t(0.975; 2) * 0.1 / sqrt(3), t(0.975; 2) = 4.302653
    // (NIST/SEMATECH e-Handbook, table 1.3.6.7.2, "4.303").
    Interval i = MeanIntervals.studentT(new double[] {0.7, 0.9, 0.8}, 0.95);
    assertThat(i.halfWidth()).isCloseTo(4.302653 * 0.1 / Math.sqrt(3), within(1e-6));
    // 90%: t(0.95; 2) = 2.919986 (same table, "2.920").
    Interval ninety = MeanIntervals.studentT(new double[] {0.7, 0.9, 0.8}, 0.90);
    assertThat(ninety.halfWidth()).isCloseTo(2.919986 * 0.1 / Math.sqrt(3), within(1e-6));
  }

  @Test
  void studentTIsUnboundedWithoutTwoValuesAndAPointForConstantValues() {
    Interval one = MeanIntervals.studentT(new double[] {0.5}, 0.95);
    assertThat(one.bounded()).isFalse();
    assertThat(Decision.atLeast(one, 0.1)).isEqualTo(Decision.INCONCLUSIVE);
    Interval none = MeanIntervals.studentT(new double[0], 0.95);
    assertThat(none.estimate()).isNaN();
    assertThat(Decision.atLeast(none, 0.1)).isEqualTo(Decision.INCONCLUSIVE);
    Interval constant = MeanIntervals.studentT(new double[] {0.3, 0.3, 0.3}, 0.95);
    assertThat(constant.lower()).isEqualTo(0.3);
    assertThat(constant.upper()).isEqualTo(0.3);
  }

  @Test
  void skewCorrectedFollowsHallsFormulaStepByStep() {
    // Values 1, 2, 6: mean 3, s^2 = 14/2 = 7, m3 = (-8 - 1 + 27)/3 = 6, skewness 6 / 7^1.5.
    double s = Math.sqrt(7);
    double gamma = 6 / Math.pow(7, 1.5);
    double a = gamma / (3 * Math.sqrt(3));
    double b = gamma / (6 * Math.sqrt(3));
    double c = 4.302653;                                      // t(0.975; 2), NIST table
    double lowerT = (Math.cbrt(1 + 3 * a * (c - b)) - 1) / a;   // g^-1(c) = 3.47
    double upperT = (Math.cbrt(1 + 3 * a * (-c - b)) - 1) / a;  // g^-1(-c) = -6.83
    assertThat(lowerT).isCloseTo(3.47, within(0.01));
    assertThat(upperT).isCloseTo(-6.83, within(0.01));
    Interval i = MeanIntervals.skewCorrected(new double[] {1, 2, 6}, 0.95);
    assertThat(i.lower()).isCloseTo(3 - s / Math.sqrt(3) * lowerT, within(1e-5));
    assertThat(i.upper()).isCloseTo(3 - s / Math.sqrt(3) * upperT, within(1e-5));
    // Right skew moves the interval up against the symmetric t interval 3 -/+ 6.572.
    Interval t = MeanIntervals.studentT(new double[] {1, 2, 6}, 0.95);
    assertThat(i.lower()).isGreaterThan(t.lower());
    assertThat(i.upper()).isGreaterThan(t.upper());
  }

  @Test
  void skewCorrectedEqualsStudentTWithoutSkewness() {
    Interval i = MeanIntervals.skewCorrected(new double[] {0.7, 0.9, 0.8}, 0.95);
    assertThat(i.halfWidth()).isCloseTo(4.302653 * 0.1 / Math.sqrt(3), within(1e-6));
    assertThat(i.method()).isEqualTo("skew-corrected t");
    assertThat(MeanIntervals.skewCorrected(new double[] {0.4}, 0.95).bounded()).isFalse();
  }

  @Test
  void clusterRobustMatchesAHandComputation() {
    // Values 1,0 | 1,1 | 0,0 in clusters a, b, c: mean 0.5; residual sums per cluster 0, 1, -1.
    // CR1 (Cameron and Miller 2015): SE^2 = G/(G-1) * sum(S_g^2) / n^2 = 3/2 * 2 / 36 = 1/12;
    // df = G - 1 = 2, t(0.975; 2) = 4.302653 (NIST table above).
    Interval i = MeanIntervals.clusterRobust(new double[] {1, 0, 1, 1, 0, 0},
        List.of("a", "a", "b", "b", "c", "c"), 0.95);
    assertThat(i.estimate()).isEqualTo(0.5);
    assertThat(i.halfWidth()).isCloseTo(4.302653 * Math.sqrt(1.0 / 12), within(1e-6));
    assertThat(i.method()).isEqualTo("cluster-robust t");
  }

  @Test
  void clusterRobustWithOneSeedPerClusterIsTheStudentTInterval() {
    // With singleton clusters G/(G-1) * sum(e_i^2) / n^2 = s^2 / n and df = n - 1.
    List<String> singletons = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    Interval clustered = MeanIntervals.clusterRobust(SLEEP_DIFFERENCES, singletons, 0.95);
    assertThat(clustered.lower()).isCloseTo(0.7001142, within(1e-7));
    assertThat(clustered.upper()).isCloseTo(2.4598858, within(1e-7));
  }

  @Test
  void clusterRobustIsWiderThanStudentTWhenClustersAreCorrelated() {
    // Two clusters of identical scores: the seeds within a cluster add no information.
    double[] scores = {1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1};
    List<String> clusters = List.of("a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c");
    assertThat(MeanIntervals.clusterRobust(scores, clusters, 0.95).halfWidth())
        .isGreaterThan(MeanIntervals.studentT(scores, 0.95).halfWidth());
    assertThat(MeanIntervals.clusterRobust(scores, List.of("a", "a", "a", "a", "a", "a", "a", "a",
        "a", "a", "a", "a"), 0.95).bounded()).isFalse();
  }

  @Test
  void wilsonMatchesNewcombe1998() {
    // Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
    // methods", Statistics in Medicine 17:857-872 (1998), Table I, method 3 (score, no
    // continuity correction), printed to four decimals.
    assertBounds(ProportionIntervals.wilson(81, 263, 0.95), 0.2553, 0.3662);
    assertBounds(ProportionIntervals.wilson(15, 148, 0.95), 0.0624, 0.1605);
    assertBounds(ProportionIntervals.wilson(0, 20, 0.95), 0.0000, 0.1611);
    assertBounds(ProportionIntervals.wilson(1, 29, 0.95), 0.0061, 0.1718);
  }

  @Test
  void clopperPearsonMatchesNewcombe1998AndTheClosedFormsAtTheEdges() {
    // Newcombe 1998, Table I, method 5 (exact).
    assertBounds(ProportionIntervals.clopperPearson(81, 263, 0.95), 0.2527, 0.3676);
    assertBounds(ProportionIntervals.clopperPearson(15, 148, 0.95), 0.0578, 0.1617);
    assertBounds(ProportionIntervals.clopperPearson(0, 20, 0.95), 0.0000, 0.1684);
    assertBounds(ProportionIntervals.clopperPearson(1, 29, 0.95), 0.0009, 0.1776);
    // x = 0: upper = 1 - (α/2)^(1/n); x = n: lower = (α/2)^(1/n).
    assertThat(ProportionIntervals.clopperPearson(0, 20, 0.95).upper())
        .isCloseTo(1 - Math.pow(0.025, 1.0 / 20), within(1e-12));
    assertThat(ProportionIntervals.clopperPearson(20, 20, 0.95).lower())
        .isCloseTo(Math.pow(0.025, 1.0 / 20), within(1e-12));
  }

  @Test
  void badInputIsRejectedWithTheValue() {
    assertThatThrownBy(() -> ProportionIntervals.wilson(5, 3, 0.95))
        .hasMessageContaining("5 successes in 3 trials");
    assertThatThrownBy(() -> MeanIntervals.studentT(new double[] {1, 2}, 95))
        .hasMessageContaining("between 0 and 1, e.g. 0.95; got 95.0");
    assertThatThrownBy(() -> MeanIntervals.studentT(new double[] {1, Double.NaN}, 0.95))
        .hasMessageContaining("value 1 is NaN");
    assertThatThrownBy(() -> MeanIntervals.clusterRobust(new double[] {1, 2}, List.of("a"), 0.95))
        .hasMessageContaining("2 values, 1 labels");
  }

  static void assertBounds(Interval interval, double lower, double upper) {
    // Published to four decimals: within half a unit of the last place.
    assertThat(interval.lower()).as("lower bound").isCloseTo(lower, within(5e-5));
    assertThat(interval.upper()).as("upper bound").isCloseTo(upper, within(5e-5));
  }
}
