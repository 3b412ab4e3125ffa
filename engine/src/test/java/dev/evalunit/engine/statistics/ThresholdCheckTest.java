package dev.evalunit.engine.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdCheckTest {

  @Test
  void passRateDecidesByTheWilsonBoundsOfNewcombesExample() {
    // 81/263: Wilson [0.2553, 0.3662] (Newcombe 1998).
    assertThat(ThresholdCheck.passRate(81, 263, 0.25, 0.95).decision()).isEqualTo(Decision.PASSED);
    ThresholdCheck middle = ThresholdCheck.passRate(81, 263, 0.30, 0.95);
    assertThat(middle.decision()).isEqualTo(Decision.INCONCLUSIVE);
    // Observed 0.308 vs 0.30: the proportion formula gives thousands of seeds.
    assertThat(middle.sampleSizeHint().orElseThrow().seeds()).isGreaterThan(1000);
    assertThat(ThresholdCheck.passRate(81, 263, 0.37, 0.95).decision()).isEqualTo(Decision.FAILED);
    assertThat(ThresholdCheck.passRate(0, 0, 0.5, 0.95).decision())
        .isEqualTo(Decision.INCONCLUSIVE);
  }

  @Test
  void meanScoreDecidesByTheStudentTBoundsOfTheSleepData() {
    // Interval [0.7001, 2.4599] (see IntervalsTest).
    double[] d = IntervalsTest.SLEEP_DIFFERENCES;
    assertThat(ThresholdCheck.meanScore(d, 0.7, 0.95).decision()).isEqualTo(Decision.PASSED);
    assertThat(ThresholdCheck.meanScore(d, 0.71, 0.95).decision())
        .isEqualTo(Decision.INCONCLUSIVE);
    assertThat(ThresholdCheck.meanScore(d, 2.46, 0.95).decision()).isEqualTo(Decision.FAILED);
    // The hint: sd 1.22999, margin 1.58 - 1.0 = 0.58 (d = 0.4716): t-iterated n between the
    // tabled N for d = 0.5 (34) and d = 0.45 (41, G*Power).
    long seeds = ThresholdCheck.meanScore(d, 1.0, 0.95).sampleSizeHint().orElseThrow().seeds();
    assertThat(seeds).isBetween(35L, 40L);
    assertThat(ThresholdCheck.meanScore(d, 1.58, 0.95).sampleSizeHint()).isEmpty();
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
