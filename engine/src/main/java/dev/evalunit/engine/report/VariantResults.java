package dev.evalunit.engine.report;

import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SuiteSummary;
import dev.evalunit.engine.results.SuiteVerdict;
import java.nio.file.Path;
import java.util.List;

/**
 * One variant's results of one suite run, in seed order: what the variant's report files are
 * written from.
 *
 * @param variant the policy variant ({@link Variant#DEFAULT} without a matrix)
 * @param dir the variant's output folder
 * @param results one per selected seed, reused ones included
 */
public record VariantResults(Variant variant, Path dir, List<SeedResult> results) {

  public VariantResults {
    results = List.copyOf(results);
  }

  public SuiteSummary summary(SeedThresholds thresholds) {
    return SuiteSummary.of(results, thresholds);
  }

  public SuiteVerdict verdict(SeedThresholds seed, SuiteThresholds suite) {
    return SuiteVerdict.of(summary(seed), suite);
  }

  /** The variant's name for headings, or null without a matrix. */
  public String name() {
    return variant.name();
  }
}
