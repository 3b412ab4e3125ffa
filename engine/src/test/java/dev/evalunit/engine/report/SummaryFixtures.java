package dev.evalunit.engine.report;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.SeedResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A small suite run for the summary and HTML tests. */
final class SummaryFixtures {

  private SummaryFixtures() {}

  /** Thresholds: seed score >= 0.5, mean score >= 0.6. */
  static SuiteConfig config(Path dir) {
    try {
      Path toml = dir.resolve("eval.toml");
      Files.writeString(toml, """
          [eval]
          app_id = "banking77"
          task_app_url = "http://127.0.0.1:8103"
          env_name = "banking77"
          seeds = [0, 1, 2, 3]

          [eval.policy_config]
          model = "gpt-4o-mini"
          """);
      return ReportFixtures.config(toml, dir, Map.of(
          "evalunit.threshold.score", "0.5",
          "evalunit.suite.ConfigFileSuite.suite.meanScore", "0.6",
          "evalunit.output.dir", dir.resolve("out").toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<SeedResult> mixed() {
    return List.of(
        ReportFixtures.completed(0, 1.0, 410.0, 900L, 0.0004),
        ReportFixtures.completed(1, 0.25, 530.0, 1200L, 0.0006),
        ReportFixtures.errored(2, "seed 2: POST /rollout returned HTTP 500: <b>boom</b> | pipe"),
        ReportFixtures.completed(3, 0.75, 380.0, 800L, 0.0003));
  }

  static SuiteResults run(SuiteConfig config, List<SeedResult> results) {
    return new SuiteResults(config, "http://127.0.0.1:8103", ReportFixtures.T0,
        ReportFixtures.T0.plusSeconds(72),
        List.of(VariantResults.judged(config, Variant.DEFAULT, config.output().dir(), results)));
  }
}
