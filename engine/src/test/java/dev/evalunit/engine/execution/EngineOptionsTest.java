package dev.evalunit.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.engine.MapParameters;
import dev.evalunit.engine.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine switches are read through the settings registry, with the forms discovery checks
 * them by (docs/configuration.md), not by a parser of their own.
 */
class EngineOptionsTest {

  @Test
  void switchesTakeTheRegisteredForms() {
    EngineOptions options = EngineOptions.from(new MapParameters(Map.of(
        "evalunit.config.print", " TRUE ",
        "evalunit.resume", "true",
        "evalunit.progress.interval", "0.5m",
        "evalunit.taskApp.probe", "health",
        "evalunit.backend.enabled", "false",
        "evalunit.backend.url", " https://backend.example/api ",
        "evalunit.backend.timeout", "90m")));

    assertThat(options.printConfig()).isTrue();
    assertThat(options.resume()).isTrue();
    assertThat(options.progressInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.probe()).isEqualTo(TaskAppProbe.HEALTH);
    assertThat(options.backend().enabled()).isFalse();
    assertThat(options.backend().url()).isEqualTo("https://backend.example/api");
    assertThat(options.backend().timeout()).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void unsetSwitchesKeepTheirDefaults() {
    EngineOptions options = EngineOptions.from(new MapParameters(Map.of()));

    assertThat(options.printConfig()).isFalse();
    assertThat(options.resume()).isFalse();
    assertThat(options.progressInterval()).isEqualTo(EngineOptions.DEFAULT_PROGRESS_INTERVAL);
    assertThat(options.probe()).isEqualTo(TaskAppProbe.LIVENESS);
    assertThat(options.backend()).isEqualTo(
        dev.evalunit.engine.backend.BackendOptions.DEFAULT);
  }

  @Test
  void aBadValueNamesTheParameterAndTheRegisteredForm() {
    assertThatThrownBy(() -> EngineOptions.from(new MapParameters(Map.of(
        "evalunit.backend.pollInterval", "0s"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evalunit.backend.pollInterval")
        .hasMessageContaining("a positive duration such as 500ms, 30s, 10m or 1h")
        .hasMessageContaining("0s");
  }
}
