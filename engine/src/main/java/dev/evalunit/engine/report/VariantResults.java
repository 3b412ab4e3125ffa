package dev.evalunit.engine.report;

import dev.evalunit.engine.baseline.GateOutcome;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.Judgements;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedSelection;
import dev.evalunit.engine.results.SuiteOutcome;
import dev.evalunit.engine.results.SuiteSummary;
import dev.evalunit.engine.results.SuiteVerdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One variant's judged outcome of one suite run: what the variant's report files are written
 * from. Reports read the outcome (and the baseline gate's); none judges again.
 *
 * @param variant the policy variant ({@link Variant#DEFAULT} without a matrix)
 * @param dir the variant's output folder
 * @param outcome the variant's outcome, its seeds in seed order (reused ones included)
 * @param gate the variant's baseline gate, or null when the suite has no gate
 */
public record VariantResults(Variant variant, Path dir, SuiteOutcome outcome, GateOutcome gate) {

  /** A variant without a baseline gate. */
  public VariantResults(Variant variant, Path dir, SuiteOutcome outcome) {
    this(variant, dir, outcome, null);
  }

  /** Judges {@code results} (no early stop), for reports written outside a suite run. */
  public static VariantResults judged(SuiteConfig config, Variant variant, Path dir,
      List<SeedResult> results) {
    return new VariantResults(variant, dir,
        new Judgements(config).outcome(variant, () -> SeedSelection.whole(results),
            Optional.empty()));
  }

  /** The same results with {@code gate} as their baseline gate. */
  public VariantResults withGate(GateOutcome gate) {
    return new VariantResults(variant, dir, outcome, gate);
  }

  /** The baseline gate, if the suite has one. */
  public Optional<GateOutcome> baselineGate() {
    return Optional.ofNullable(gate);
  }

  public List<SeedResult> results() {
    return outcome.results();
  }

  public List<JudgedSeed> seeds() {
    return outcome.seeds();
  }

  public SuiteSummary summary() {
    return outcome.summary();
  }

  public SuiteVerdict verdict() {
    return outcome.verdict();
  }

  /** The variant's name for headings, or null without a matrix. */
  public String name() {
    return variant.name();
  }
}
