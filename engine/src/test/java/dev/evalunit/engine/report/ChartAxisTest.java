package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.report.ChartAxis.Unit;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ChartAxisTest {

  @Test
  void roundStepsReachTheMaximum() {
    ChartAxis cost = ChartAxis.covering(0.00031, Unit.USD);
    assertThat(cost.top()).isEqualByComparingTo("0.0004");
    assertThat(cost.ticks().stream().map(Unit.USD::tick))
        .containsExactly("$0", "$0.0001", "$0.0002", "$0.0003", "$0.0004");
    assertThat(ChartAxis.covering(1417, Unit.MS).ticks().stream().map(Unit.MS::tick))
        .containsExactly("0", "500", "1000", "1500");
    assertThat(ChartAxis.covering(0.9, Unit.SCORE).top()).isEqualByComparingTo("1");
  }

  @Test
  void countsStepByWholeSeeds() {
    assertThat(ChartAxis.covering(3, Unit.COUNT).step()).isEqualByComparingTo("1");
    assertThat(ChartAxis.covering(3, Unit.COUNT).top()).isEqualByComparingTo("3");
    assertThat(ChartAxis.covering(17, Unit.COUNT).ticks().stream().map(BigDecimal::intValue))
        .containsExactly(0, 5, 10, 15, 20);
  }

  @Test
  void nothingToDrawStillGivesAnAxis() {
    assertThat(ChartAxis.covering(0, Unit.USD).top()).isEqualByComparingTo("1");
    assertThat(ChartAxis.covering(Double.NaN, Unit.MS).ticks()).hasSize(3);
  }

  @Test
  void tinyCostsFallBackToExponents() {
    assertThat(Unit.USD.tick(new BigDecimal("0.0000002"))).isEqualTo("$2.0e-07");
    assertThat(Unit.USD.tick(new BigDecimal("0.000002"))).isEqualTo("$0.000002");
  }

  @Test
  void onlyFarOutliersAreClipped() {
    ChartAxis slowSeed = ChartAxis.clippingOutliers(new double[] {78, 55, 48, 1417, 52, 45},
        Unit.MS);
    assertThat(slowSeed.top()).isEqualByComparingTo("80");
    assertThat(slowSeed.clips(1417)).isTrue();
    assertThat(slowSeed.clips(78)).isFalse();
    // Near-constant values: a small wobble is no outlier.
    assertThat(ChartAxis.clippingOutliers(new double[] {10, 10, 10, 10, 11}, Unit.MS).clips(11))
        .isFalse();
    // Three values are too few to call any of them an outlier.
    assertThat(ChartAxis.clippingOutliers(new double[] {1, 1, 1000}, Unit.MS).clips(1000))
        .isFalse();
  }
}
