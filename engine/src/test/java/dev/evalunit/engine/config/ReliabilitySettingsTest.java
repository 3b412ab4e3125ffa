package dev.evalunit.engine.config;

import dev.evalunit.engine.MapParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.Budget;
import dev.evalunit.EvalSuite;
import dev.evalunit.engine.config.SuiteConfig.Reliability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.ConfigurationParameters;

/** The reliability settings: defaults, the {@code @Budget} annotation, properties, errors. */
class ReliabilitySettingsTest {

  @EvalSuite(taskApp = "http://127.0.0.1:9", env = "e", seeds = "0..9")
  static class Plain {}

  @EvalSuite(taskApp = "http://127.0.0.1:9", env = "e", seeds = "0..9")
  @Budget(usd = 2.0, tokens = 100_000, wallTime = "10m", allowPartial = true)
  static class Budgeted {}

  private static SuiteConfigResolver resolver(String... keyValues) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return new SuiteConfigResolver(new MapParameters(values), Map.of(), Path.of("."));
  }

  @Test
  void defaultsRetryThreeTimesFromHalfASecondAndNeverStopEarly() {
    Reliability r = resolver().resolve(Plain.class).reliability();

    assertThat(r).isEqualTo(Reliability.DEFAULTS);
    assertThat(r.retry().maxRetries()).isEqualTo(3);
    assertThat(r.retry().baseDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(r.suiteTimeout()).isNull();
    assertThat(r.budget().limited()).isFalse();
    assertThat(r.maxErrors().tolerated(10)).isEqualTo(-1);
  }

  @Test
  void theBudgetAnnotationSetsTheSuiteBudget() {
    Reliability r = resolver().resolve(Budgeted.class).reliability();

    assertThat(r.budget()).isEqualTo(new Reliability.Budget(2.0, 100_000L,
        Duration.ofMinutes(10)));
    assertThat(r.allowPartial()).isTrue();
  }

  @Test
  void propertiesOverrideTheAnnotationAndSetEverySetting() {
    Reliability r = resolver(
        "evalunit.budget.usd", "0.5",
        "evalunit.suite.Budgeted.budget.allowPartial", "false",
        "evalunit.retry.maxRetries", "0",
        "evalunit.retry.baseDelay", "50ms",
        "evalunit.retry.maxDelay", "2s",
        "evalunit.retry.maxRetryAfter", "1m",
        "evalunit.timeout.suite", "30m",
        "evalunit.maxErrors", "5",
        "evalunit.failFast", "true").resolve(Budgeted.class).reliability();

    assertThat(r.budget().usd()).isEqualTo(0.5);
    assertThat(r.budget().tokens()).isEqualTo(100_000L);
    assertThat(r.allowPartial()).isFalse();
    assertThat(r.retry()).isEqualTo(new Reliability.Retry(0, Duration.ofMillis(50),
        Duration.ofSeconds(2), Duration.ofMinutes(1)));
    assertThat(r.suiteTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(r.maxErrors()).isEqualTo(new Reliability.ErrorLimit(5, null));
    assertThat(r.failFast()).isTrue();
  }

  @Test
  void maxErrorsIsACountOrAFraction() {
    assertThat(resolver("evalunit.maxErrors", "0.2").resolve(Plain.class).reliability()
        .maxErrors().tolerated(10)).isEqualTo(2);
    assertThat(resolver("evalunit.maxErrors", "25%").resolve(Plain.class).reliability()
        .maxErrors().tolerated(10)).isEqualTo(2);
    assertThat(resolver("evalunit.maxErrors", "1.0").resolve(Plain.class).reliability()
        .maxErrors().tolerated(10)).isEqualTo(10);
    assertThat(resolver("evalunit.maxErrors", "1").resolve(Plain.class).reliability()
        .maxErrors().tolerated(10)).isEqualTo(1);
  }

  @Test
  void badValuesNameTheirSourceAndWhatWasExpected() {
    assertThatThrownBy(() -> resolver("evalunit.maxErrors", "lots").resolve(Plain.class))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration parameter evalunit.maxErrors: expected a count of errored"
            + " seeds such as 5, or a fraction of the seeds such as 0.2 or 20%, got \"lots\"");
    assertThatThrownBy(() -> resolver("evalunit.maxErrors", "1.5").resolve(Plain.class))
        .hasMessageContaining("evalunit.maxErrors");
    assertThatThrownBy(() -> resolver("evalunit.retry.maxRetries", "-1").resolve(Plain.class))
        .hasMessageContaining("evalunit.retry.maxRetries: expected an integer from 0 to 100, got \"-1\"");
    assertThatThrownBy(() -> resolver("evalunit.retry.maxRetries", "1000").resolve(Plain.class))
        .hasMessageContaining("an integer from 0 to 100");
    assertThatThrownBy(() -> resolver("evalunit.timeout.suite", "soon").resolve(Plain.class))
        .hasMessageContaining("evalunit.timeout.suite: expected a positive duration");
    assertThatThrownBy(() -> resolver("evalunit.timeout.suite", "0s").resolve(Plain.class))
        .hasMessageContaining("a positive duration");
    assertThatThrownBy(() -> resolver("evalunit.budget.usd", "-2").resolve(Plain.class))
        .hasMessageContaining("evalunit.budget.usd: expected a non-negative number");
  }

  @Test
  void theRunBudgetIsEngineWideAndNotASuiteSetting() {
    SuiteConfigResolver resolver = resolver("evalunit.run.budget.usd", "10",
        "evalunit.run.budget.tokens", "5000", "evalunit.run.budget.wallTime", "1h");

    assertThat(resolver.runBudget()).isEqualTo(new Reliability.Budget(10.0, 5000L,
        Duration.ofHours(1)));
    assertThat(resolver.resolve(Plain.class).effective()).doesNotContainKey("run.budget.usd");
    assertThat(resolver().runBudget()).isEqualTo(Reliability.Budget.NONE);
    assertThatThrownBy(() -> resolver("evalunit.run.budget.tokens", "many").runBudget())
        .hasMessage("configuration parameter evalunit.run.budget.tokens: expected a"
            + " non-negative integer, got \"many\"");
  }
}
