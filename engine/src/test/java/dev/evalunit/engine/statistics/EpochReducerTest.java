package dev.evalunit.engine.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EpochReducerTest {

  private static double reduce(String reducer, double... scores) {
    return EpochReducer.parse(reducer).reduce(scores, 1.0);
  }

  @Test
  void locationReducers() {
    assertThat(reduce("mean", 0.2, 0.9, 0.5, 0.4)).isCloseTo(0.5, within(1e-12));
    assertThat(reduce("median", 0.2, 0.9, 0.5, 0.4)).isCloseTo(0.45, within(1e-12));
    assertThat(reduce("median", 0.2, 0.9, 0.5)).isEqualTo(0.5);
    assertThat(reduce("max", 0.2, 0.9, 0.5)).isEqualTo(0.9);
    assertThat(reduce("min", 0.2, 0.9, 0.5)).isEqualTo(0.2);
    assertThat(reduce("mode", 0.5, 1, 1, 0.5, 0)).isEqualTo(0.5);   // tie: the lower score
    assertThat(reduce("mode", 0, 1, 1)).isEqualTo(1.0);
  }

  @Test
  void passAtKIsTheUnbiasedEstimatorOfChenEtAl() {
    // 1 - C(n-c, k) / C(n, k) (Chen et al. 2021, eq. 1), binomials from factorials.
    double[] fiveWithTwoPasses = {1, 0, 1, 0, 0};
    assertThat(reduce("pass@1", fiveWithTwoPasses)).isCloseTo(2.0 / 5, within(1e-12));
    assertThat(reduce("pass@2", fiveWithTwoPasses)).isCloseTo(
        1 - PairedComparisonTest.choose(3, 2) / PairedComparisonTest.choose(5, 2), within(1e-12));
    double[] tenWithThree = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
    assertThat(reduce("pass@5", tenWithThree)).isCloseTo(
        1 - PairedComparisonTest.choose(7, 5) / PairedComparisonTest.choose(10, 5),
        within(1e-12));                                                     // 1 - 21/252
    assertThat(reduce("pass@4", 1, 0, 0, 0, 0)).isEqualTo(1.0 - 1.0 / 5);  // C(4,4)/C(5,4)
    assertThat(reduce("pass@3", 0, 1, 0, 0)).isEqualTo(1.0 - 1.0 / 4);
    assertThat(reduce("pass@2", 1, 1, 0)).isEqualTo(1.0);                  // n - c < k
    assertThat(reduce("pass@2", 0, 0, 0)).isEqualTo(0.0);
  }

  @Test
  void passHatKAndAtLeastK() {
    // pass^k = C(c, k) / C(n, k): c = 3, n = 5, k = 2: 3 / 10.
    assertThat(reduce("pass^2", 1, 1, 1, 0, 0)).isCloseTo(0.3, within(1e-12));
    assertThat(reduce("pass^3", 1, 1, 0)).isEqualTo(0.0);
    assertThat(reduce("pass^3", 1, 1, 1)).isEqualTo(1.0);
    assertThat(reduce("at-least-2", 1, 0, 1)).isEqualTo(1.0);
    assertThat(reduce("at-least-3", 1, 0, 1)).isEqualTo(0.0);
    // The pass score decides which epochs pass.
    assertThat(EpochReducer.parse("at-least-2").reduce(new double[] {0.6, 0.7, 0.2}, 0.5))
        .isEqualTo(1.0);
  }

  @Test
  void namesRoundTripAndBadNamesSayWhatIsAccepted() {
    for (String name : new String[] {"mean", "median", "max", "min", "mode", "pass@3", "pass^2",
        "at-least-2"}) {
      assertThat(EpochReducer.parse(name).name()).isEqualTo(name);
    }
    assertThat(EpochReducer.parse(" Pass@3 ")).isEqualTo(new EpochReducer.PassAtK(3));
    assertThatThrownBy(() -> EpochReducer.parse("avg"))
        .hasMessageContaining("unknown epoch reducer 'avg'").hasMessageContaining("pass@k");
    assertThatThrownBy(() -> EpochReducer.parse("pass@0")).hasMessageContaining("pass@1");
    assertThatThrownBy(() -> reduce("pass@3", 1, 0))
        .hasMessageContaining("pass@3 needs at least 3 epoch scores; got 2");
  }

  @Test
  void flakinessIsTheShareOfDisagreeingEpochPairs() {
    // c (n - c) / C(n, 2): 3 * 1 / 6.
    Flakiness f = Flakiness.of(new double[] {1, 0, 1, 1}, 1);
    assertThat(f.disagreement()).isEqualTo(0.5);
    assertThat(f.flaky()).isTrue();
    assertThat(f.scoreRange()).isEqualTo(1.0);
    assertThat(Flakiness.of(new double[] {1, 0}, 1).disagreement()).isEqualTo(1.0);
    Flakiness steady = Flakiness.of(new double[] {0.7, 0.8, 0.9}, 0.5);
    assertThat(steady.disagreement()).isZero();
    assertThat(steady.flaky()).isFalse();
    assertThat(steady.scoreRange()).isCloseTo(0.2, within(1e-12));
    assertThat(Flakiness.of(new double[] {1}, 1).disagreement()).isZero();
  }
}
