package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite thresholds of issue 15 from the annotation and from {@code -D}, and bad values. */
class SuiteThresholdSettingsTest {

  @TempDir Path dir;

  @EvalSuite(taskApp = "http://127.0.0.1:9", env = "t", seeds = "0..3")
  @SuiteThreshold(meanScore = 0.8, confidence = 0.9, inconclusiveFails = true,
      maxP95LatencyMs = 8000, maxMeanLatencyMs = 3000, maxCostPerSeedUsd = 0.02)
  static class ConfidentSuite {}

  @EvalSuite(taskApp = "http://127.0.0.1:9", env = "t", seeds = "0..3")
  static class PlainSuite {}

  private SuiteThresholds thresholds(Class<?> suite, String... params) {
    return ConfigTestSupport.resolver(dir, Map.of(), params).resolve(suite).suiteThresholds();
  }

  @Test
  void theAnnotationSetsEveryNewThreshold() {
    SuiteThresholds t = thresholds(ConfidentSuite.class);

    assertThat(t).isEqualTo(SuiteThresholds.of(0.8, null, null, null)
        .withLatency(8000L, 3000L).withCost(0.02, false)
        .withConfidence(0.9, null, true));
  }

  @Test
  void propertiesSetThemForEverySuiteOrOne() {
    SuiteThresholds t = thresholds(PlainSuite.class,
        "evalunit.suite.confidence", "0.95",
        "evalunit.suite.PlainSuite.suite.maxP95LatencyMs", "5000",
        "evalunit.cost.allowUnpriced", "true");

    assertThat(t.confidence()).isEqualTo(0.95);
    assertThat(t.maxP95LatencyMs()).isEqualTo(5000L);
    assertThat(t.allowUnpriced()).isTrue();
    assertThat(t.inconclusiveFails()).isFalse();
    assertThat(thresholds(PlainSuite.class).confidence()).isNull();
  }

  @Test
  void aConfidenceOutsideItsRangeIsRejectedWithTheExpectedForm() {
    assertThatThrownBy(() -> thresholds(PlainSuite.class, "evalunit.suite.confidence", "0.3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("suite.confidence")
        .hasMessageContaining("a level from 0.5 up to but not including 1, e.g. 0.95");
    assertThatThrownBy(() -> thresholds(PlainSuite.class, "evalunit.suite.confidence", "1"))
        .hasMessageContaining("e.g. 0.95");
  }

  @Test
  void aClusterFieldMustBeAFieldOfEveryDatasetRow() {
    assertThatThrownBy(() -> thresholds(PlainSuite.class, "evalunit.suite.clusterField", "topic"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("suite.clusterField")
        .hasMessageContaining("seed 0 has none named \"topic\" (the suite has no dataset)");
  }
}
