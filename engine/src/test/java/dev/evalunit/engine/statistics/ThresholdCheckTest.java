package dev.evalunit.engine.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdCheckTest {

  @Test
  void passRateDecidesByTheClopperPearsonBoundsOfNewcombesExample() {
    // 81/263: exact interval [0.2527, 0.3676] (Newcombe 1998, Table I, method 5).
    ThresholdCheck pass = ThresholdCheck.passRate(81, 263, 0.25, 0.95);
    assertThat(pass.decision()).isEqualTo(Decision.PASSED);
    assertThat(pass.interval().method()).isEqualTo("Clopper-Pearson");
    ThresholdCheck middle = ThresholdCheck.passRate(81, 263, 0.30, 0.95);
    assertThat(middle.decision()).isEqualTo(Decision.INCONCLUSIVE);
    // Observed 0.308 vs 0.30: the proportion formula gives thousands of seeds.
    assertThat(middle.sampleSizeHint().orElseThrow().seeds()).isGreaterThan(1000);
    assertThat(ThresholdCheck.passRate(81, 263, 0.37, 0.95).decision()).isEqualTo(Decision.FAILED);
    assertThat(ThresholdCheck.passRate(0, 0, 0.5, 0.95).decision())
        .isEqualTo(Decision.INCONCLUSIVE);
  }

  @Test
  void meanScoreOfBinaryScoresIsJudgedAsAProportion() {
    double[] scores = new double[263];
    for (int i = 0; i < 81; i++) {
      scores[i] = 1;
    }
    ThresholdCheck c = ThresholdCheck.meanScore(scores, 0.25, 0.95);
    assertThat(c.interval().method()).isEqualTo("Clopper-Pearson");
    IntervalsTest.assertBounds(c.interval(), 0.2527, 0.3676);
    assertThat(c.decision()).isEqualTo(Decision.PASSED);
    assertThat(ThresholdCheck.meanScoreInterval(scores, 0.95)).isEqualTo(c.interval());
    assertThat(ThresholdCheck.meanScoreInterval(new double[] {1, 2, 6}, 0.95))
        .isEqualTo(MeanIntervals.skewCorrected(new double[] {1, 2, 6}, 0.95));
  }

  @Test
  void meanScoreDecidesByTheBoundsOfItsInterval() {
    // Symmetric scores (skewness 0): the Student-t interval 0.8 ± 4.302653 * 0.1 / sqrt(3)
    // = [0.5516, 1.0484] (t(0.975; 2) from the NIST table).
    double[] d = {0.7, 0.9, 0.8};
    assertThat(ThresholdCheck.meanScore(d, 0.55, 0.95).decision()).isEqualTo(Decision.PASSED);
    assertThat(ThresholdCheck.meanScore(d, 0.56, 0.95).decision())
        .isEqualTo(Decision.INCONCLUSIVE);
    assertThat(ThresholdCheck.meanScore(d, 1.05, 0.95).decision()).isEqualTo(Decision.FAILED);
    // The hint for the sleep data: sd 1.22999, margin 1.58 - 1.0 = 0.58 (d = 0.4716): between the
    // tabled N for d = 0.5 (34) and d = 0.45 (41, G*Power).
    double[] sleep = IntervalsTest.SLEEP_DIFFERENCES;
    long seeds = ThresholdCheck.meanScore(sleep, 1.0, 0.95).sampleSizeHint().orElseThrow().seeds();
    assertThat(seeds).isBetween(35L, 40L);
    assertThat(ThresholdCheck.meanScore(sleep, 1.58, 0.95).sampleSizeHint()).isEmpty();
  }

  @Test
  void clusteredMeanUsesTheClusterRobustInterval() {
    ThresholdCheck c = ThresholdCheck.meanScoreClustered(new double[] {1, 0, 1, 1, 0, 0},
        List.of("a", "a", "b", "b", "c", "c"), 0.4, 0.95);
    assertThat(c.interval().method()).isEqualTo("cluster-robust t");
    assertThat(c.decision()).isEqualTo(Decision.INCONCLUSIVE);
    assertThat(c.sampleSizeHint()).isPresent();
  }
}
