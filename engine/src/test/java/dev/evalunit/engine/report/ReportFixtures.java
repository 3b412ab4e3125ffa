package dev.evalunit.engine.report;

import dev.evalunit.engine.MapParameters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfigResolver;
import dev.evalunit.engine.reportsuites.ConfigFileSuite;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.ConfigurationParameters;

/** Builds configs and results for report tests. */
final class ReportFixtures {

  static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

  private ReportFixtures() {}

  /** The real synth-ai files, from the folder engine's Surefire names. */
  static Path synthFixtures() {
    String dir = System.getProperty("synthai.fixtures.dir");
    assertThat(dir).as("system property synthai.fixtures.dir").isNotNull();
    Path path = Path.of(dir);
    assertThat(Files.isDirectory(path)).as("fixtures folder %s exists", path).isTrue();
    return path;
  }

  /** A suite config resolved from a TOML file plus configuration parameters. */
  static SuiteConfig config(Path toml, Path baseDir, Map<String, String> parameters) {
    Map<String, String> all = new HashMap<>(parameters);
    all.put("evalunit.file", toml.toString());
    return new SuiteConfigResolver(new MapParameters(all), Map.of(), baseDir)
        .resolve(ConfigFileSuite.class);
  }

  static SeedResult completed(long seed, Double score, Double latency, Long tokens, Double cost) {
    return SeedResult.completed(null, seed, null,
            new RolloutMetrics(score, score, score, score, null, tokens, cost))
        .withRunId("app-seed-" + seed + "-0000abcd").withLatencyMs(latency)
        .withTracePath("traces/seed_" + seed + "_trace.json").withTimes(T0, T0.plusMillis(500));
  }

  /** A completed seed with every metric given. */
  static SeedResult completed(long seed, RolloutMetrics metrics, Double latency) {
    return SeedResult.completed(null, seed, null, metrics)
        .withRunId("app-seed-" + seed + "-0000abcd").withLatencyMs(latency)
        .withTimes(T0, T0.plusMillis(500));
  }

  static SeedResult errored(long seed, String message) {
    return SeedResult.errored(null, seed, null, new ErrorInfo("http_500", message))
        .withRunId("app-seed-" + seed + "-0000abcd").withLatencyMs(12.5)
        .withTimes(T0, T0.plusMillis(12));
  }

  static SeedSpec seed(long n) {
    return SeedSpec.of(n);
  }

  /** Configuration parameters from a map, as the launcher would pass them. */
}
