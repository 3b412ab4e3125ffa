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
import dev.evalunit.engine.results.SeedResult.Status;
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
    String dir = System.getProperty("evalunit.fixtures.dir");
    assertThat(dir).as("system property evalunit.fixtures.dir").isNotNull();
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
    return new SeedResult(null, seed, null, "app-seed-" + seed + "-0000abcd", Status.COMPLETED,
        new RolloutMetrics(score, score, score, score, null, tokens, cost), latency, 1, null,
        "traces/seed_" + seed + "_trace.json", T0, T0.plusMillis(500), false);
  }

  static SeedResult errored(long seed, String message) {
    return new SeedResult(null, seed, null, "app-seed-" + seed + "-0000abcd", Status.ERRORED,
        RolloutMetrics.NONE, 12.5, 1, new ErrorInfo("http_500", message), null, T0,
        T0.plusMillis(12), false);
  }

  static SeedSpec seed(long n) {
    return SeedSpec.of(n);
  }

  /** Configuration parameters from a map, as the launcher would pass them. */
}
