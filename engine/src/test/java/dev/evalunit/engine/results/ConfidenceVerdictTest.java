package dev.evalunit.engine.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import dev.evalunit.engine.results.SuiteVerdict.Outcome;
import dev.evalunit.engine.results.SuiteVerdict.SeedScores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 scope 5: with a confidence level, mean score and pass rate are judged by the bounds of
 * their interval (the interval maths is the statistics package's, checked there against
 * reference values); without one, the point comparison stays and the 95% interval is shown.
 */
class ConfidenceVerdictTest {

  private static final SeedThresholds NO_SEED_THRESHOLD = new SeedThresholds(null, null, null,
      null);

  /** {@code n} completed seeds scoring {@code values} in turn. */
  private static SuiteSummary summaryOf(double[] scores) {
    List<SeedResult> results = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      results.add(SeedResult.completed(null, i, null,
          new RolloutMetrics(scores[i], null, null, null, null, null, null)));
    }
    return SuiteSummary.of(results, NO_SEED_THRESHOLD);
  }

  private static double[] repeat(int n, double... pattern) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = pattern[i % pattern.length];
    }
    return values;
  }

  private static SuiteVerdict judge(double[] scores, SuiteThresholds thresholds) {
    return SuiteVerdict.of(summaryOf(scores), thresholds, new SeedScores(scores, null));
  }

  private static final SuiteThresholds MEAN_08_AT_95 =
      SuiteThresholds.of(0.8, null, null, null).withConfidence(0.95, null, false);

  @Test
  void aSuiteThresholdWithNothingToJudgeItOnIsNotJudgedNotPassed() {
    // No seed reported tokens or latency (e.g. every seed replayed from the cache): before, the
    // maxTokens / latency thresholds passed without a word.
    SuiteThresholds thresholds = SuiteThresholds.of(null, null, null, 1000L)
        .withLatency(500L, 200L);
    SuiteVerdict verdict = judge(repeat(10, 1.0), thresholds);

    assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(verdict.reasons()).containsExactly(
        "not judged: maxP95LatencyMs 500: no measured latency (every seed replayed from the cache,"
            + " or none completed)",
        "not judged: maxMeanLatencyMs 200: no measured latency (every seed replayed from the"
            + " cache, or none completed)",
        "not judged: maxTokens 1000: no seed reported tokens (synth task apps report them in"
            + " traces: trace.return=true)");
  }

  @Test
  void passedWhenTheLowerBoundMeetsTheThreshold() {
    // mean 0.95, sd 0.0513 over 40 seeds: the interval is about 0.934 .. 0.966
    SuiteVerdict verdict = judge(repeat(40, 0.9, 1.0), MEAN_08_AT_95);

    assertThat(verdict.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(verdict.reasons()).isEmpty();
    Estimate mean = verdict.estimates().get(0);
    assertThat(mean.interval().lower()).isGreaterThanOrEqualTo(0.8);
    assertThat(mean.text()).startsWith("mean score 0.95, 95% CI [0.93").contains("(skew-corrected t, 40 seeds)");
  }

  @Test
  void failedWhenTheUpperBoundMissesIt() {
    SuiteVerdict verdict = judge(repeat(40, 0.4, 0.6), MEAN_08_AT_95);

    assertThat(verdict.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(verdict.reasons()).singleElement().asString()
        .startsWith("mean score 0.5 (over 40 scored seeds): its 95% CI [")
        .contains("(skew-corrected t) lies below the required 0.8");
  }

  @Test
  void inconclusiveWhenItStraddlesTheThresholdWithASampleSizeHint() {
    // mean 0.75, sd 0.2532 over 10 seeds: 0.75 ± 0.18 straddles 0.8
    SuiteVerdict verdict = judge(repeat(10, 0.5, 1.0), MEAN_08_AT_95);

    assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    Estimate mean = verdict.estimates().get(0);
    assertThat(mean.interval().lower()).isLessThan(0.8);
    assertThat(mean.interval().upper()).isGreaterThanOrEqualTo(0.8);
    assertThat(mean.hint()).isNotNull();
    assertThat(mean.hint().seeds()).isGreaterThan(10);
    assertThat(verdict.reasons()).singleElement().asString()
        .startsWith("inconclusive: mean score 0.75 (over 10 scored seeds): its 95% CI [")
        .contains("straddles the required 0.8; about " + mean.hint().seeds()
            + " seeds would decide mean score >= 0.8 at 80% power");
  }

  @Test
  void thePointComparisonStaysWithoutAConfidenceLevelAndShowsThe95PercentInterval() {
    // The data that was inconclusive at 95%: by the point estimate 0.75 < 0.8 fails.
    SuiteVerdict point = judge(repeat(10, 0.5, 1.0), SuiteThresholds.of(0.8, null, null, null));

    assertThat(point.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(point.reasons()).singleElement().asString()
        .startsWith("mean score 0.75 is below the required 0.8 (over 10 completed seeds; 95% CI [");
    assertThat(point.estimates()).extracting(Estimate::metric)
        .containsExactly("mean score", "pass rate");
    assertThat(point.estimates().get(0).interval().confidence()).isEqualTo(0.95);
    assertThat(judge(repeat(10, 0.5, 1.0), SuiteThresholds.of(0.7, null, null, null)).outcome())
        .isEqualTo(Outcome.PASSED);
  }

  @Test
  void passRateIsJudgedByItsExactInterval() {
    List<SeedResult> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      results.add(SeedResult.completed(null, i, null,
          new RolloutMetrics(i < 18 ? 1.0 : 0.0, null, null, null, null, null, null)));
    }
    SuiteSummary summary = SuiteSummary.of(results, new SeedThresholds(0.5, null, null, null));
    SuiteThresholds passRate = SuiteThresholds.of(null, 0.8, null, null);

    // 18/20 = 0.9; its 95% Clopper-Pearson interval [0.683, 0.988] reaches below 0.8
    SuiteVerdict verdict = SuiteVerdict.of(summary, passRate.withConfidence(0.95, null, false));
    assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(verdict.estimates().get(0).interval().method()).isEqualTo("Clopper-Pearson");
    assertThat(verdict.reasons()).singleElement().asString()
        .startsWith("inconclusive: pass rate 0.9 (18/20 passed): its 95% CI [");
    assertThat(SuiteVerdict.of(summary, passRate).outcome()).isEqualTo(Outcome.PASSED);
  }

  @Test
  void aClusterFieldWidensTheIntervalOfNearDuplicateRows() {
    // Ten topics, each asked twice with the same score: twenty values, ten independent ones.
    double[] scores = repeat(20, 0.5, 0.5, 1.0, 1.0);
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      topics.add("topic-" + i / 2);
    }
    SuiteVerdict plain = SuiteVerdict.of(summaryOf(scores), MEAN_08_AT_95,
        new SeedScores(scores, null));
    SuiteVerdict clustered = SuiteVerdict.of(summaryOf(scores), MEAN_08_AT_95,
        new SeedScores(scores, topics));

    Estimate p = plain.estimates().get(0);
    Estimate c = clustered.estimates().get(0);
    assertThat(c.interval().method()).isEqualTo("cluster-robust t");
    assertThat(c.interval().halfWidth()).isGreaterThan(p.interval().halfWidth());
  }
}
