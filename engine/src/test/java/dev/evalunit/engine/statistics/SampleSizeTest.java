package dev.evalunit.engine.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleSizeTest {

  @Test
  void meanMatchesTheOneSampleTTestTables() {
    // One-sample t test, two-sided α = 0.05, power 0.80: N = 199, 34 and 15 for Cohen's d of 0.2,
    // 0.5 and 0.8 (G*Power 3, "t tests - means: difference from constant"; Cohen 1988,
    // Table 2.4.1 gives the same within one). d = margin / sd.
    assertThat(SampleSize.forMean(1, 0.2, 0.95, 0.8).orElseThrow().seeds()).isEqualTo(199);
    assertThat(SampleSize.forMean(0.2, 0.1, 0.95, 0.8).orElseThrow().seeds()).isEqualTo(34);
    assertThat(SampleSize.forMean(1, -0.8, 0.95, 0.8).orElseThrow().seeds()).isEqualTo(15);
  }

  @Test
  void meanWithoutAMarginHasNoAnswer() {
    assertThat(SampleSize.forMean(0.3, 0, 0.95, 0.8)).isEmpty();
    assertThat(SampleSize.forMean(Double.NaN, 0.1, 0.95, 0.8)).isEmpty();
    // A margin of 1e-5 standard deviations would need ~7.8e10 seeds: no hint.
    assertThat(SampleSize.forMean(1, 1e-5, 0.95, 0.8)).isEmpty();
    assertThat(SampleSize.forMean(1, 1e-3, 0.95, 0.8).orElseThrow().seeds()).isBetween(7_800_000L,
        7_900_000L);
  }

  @Test
  void proportionMatchesTheFormulaWithTabledQuantiles() {
    // n = ((z(0.975)·√(p0 q0) + z(0.8)·√(p1 q1)) / (p1 - p0))², z(0.975) = 1.959964,
    // z(0.8) = 0.841621 (standard normal table). p0 = 0.5, p1 = 0.65:
    // (0.979982 + 0.401428) / 0.15 = 9.209402, squared 84.81, so 85 seeds.
    double byHand = Math.pow((1.959964 * Math.sqrt(0.25) + 0.841621 * Math.sqrt(0.65 * 0.35))
        / 0.15, 2);
    assertThat(byHand).isBetween(84.8, 84.82);
    SampleSize s = SampleSize.forProportion(0.5, 0.65, 0.95, 0.8).orElseThrow();
    assertThat(s.seeds()).isEqualTo(85);
    assertThat(s.margin()).isEqualTo(0.15, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(SampleSize.forProportion(0.9, 0.9, 0.95, 0.8)).isEmpty();
  }
}
