package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The judged outcome of one suite (or one matrix variant), computed once and read by everything
 * that states it: the verdict test, the console table, {@code summary.md}, the GitHub step
 * summary, {@code report.html} and {@code metadata.json}.
 *
 * <pre>{@code
 * SuiteOutcome outcome = SuiteOutcome.judge(variant, judgedSeeds, config.suiteThresholds(),
 *     stop);
 * outcome.verdict().outcome()   // PASSED, FAILED, INCONCLUSIVE, ABORTED or NO_DATA
 * outcome.stopNote()            // "stopped early: budget reached ...; 7 of 10 seeds not run"
 * }</pre>
 *
 * @param variant the variant ({@link Variant#DEFAULT} without a matrix)
 * @param seeds every judged seed, in seed order (reused ones included)
 * @param summary the aggregates over {@code seeds}
 * @param verdict the decision, the stop taken into account
 * @param stop the early stop that left seeds of this variant unstarted, or null
 * @param reuse results of unselected seeds taken from earlier runs, or {@link Reuse#NONE}
 */
public record SuiteOutcome(Variant variant, List<JudgedSeed> seeds, SuiteSummary summary,
    SuiteVerdict verdict, EarlyStop stop, Reuse reuse) {

  /**
   * Results of seeds this run did not select, read back from earlier runs of the same config.
   *
   * @param results how many results were reused this way
   * @param note e.g. {@code "18 results reused from the run of 2026-11-30T10:12Z"}, or null
   */
  public record Reuse(int results, String note) {
    public static final Reuse NONE = new Reuse(0, null);
  }

  public SuiteOutcome {
    Objects.requireNonNull(variant, "variant");
    seeds = List.copyOf(seeds);
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reuse, "reuse");
  }

  /**
   * Judges {@code seeds} against the suite thresholds, then applies {@code stop} when it left
   * some of them unstarted.
   */
  public static SuiteOutcome judge(Variant variant, List<JudgedSeed> seeds,
      SuiteThresholds thresholds, EarlyStop stop) {
    return judge(variant, seeds, thresholds, stop, null);
  }

  /**
   * As {@link #judge(Variant, List, SuiteThresholds, EarlyStop)}, with the mean-score interval
   * clustered by {@code clusterOf} (a seed's cluster, by seed key), or unclustered when null.
   */
  public static SuiteOutcome judge(Variant variant, List<JudgedSeed> seeds,
      SuiteThresholds thresholds, EarlyStop stop, Function<String, String> clusterOf) {
    SuiteSummary summary = SuiteSummary.ofJudged(seeds);
    SuiteVerdict verdict = SuiteVerdict.of(summary, thresholds, scores(seeds, clusterOf));
    EarlyStop cut = stop != null && summary.aborted() > 0 ? stop : null;
    if (cut != null) {
      verdict = cut.judge(verdict, summary);
    }
    return new SuiteOutcome(variant, seeds, summary, verdict, cut, Reuse.NONE);
  }

  /** The score of every completed seed that reported one (seed-level values for intervals). */
  private static SuiteVerdict.SeedScores scores(List<JudgedSeed> seeds,
      Function<String, String> clusterOf) {
    List<SeedResult> scored = seeds.stream().map(JudgedSeed::result)
        .filter(r -> r.completed() && r.metrics().score() != null).toList();
    double[] values = scored.stream().mapToDouble(r -> r.metrics().score()).toArray();
    return new SuiteVerdict.SeedScores(values, clusterOf == null ? null
        : scored.stream().map(r -> clusterOf.apply(r.seedKey())).toList());
  }

  /** The same outcome with {@code verdict} in place of its own. */
  public SuiteOutcome withVerdict(SuiteVerdict verdict) {
    return new SuiteOutcome(variant, seeds, summary, verdict, stop, reuse);
  }

  public SuiteOutcome withReuse(Reuse reuse) {
    return new SuiteOutcome(variant, seeds, summary, verdict, stop, reuse);
  }

  /** The results, in seed order. */
  public List<SeedResult> results() {
    return seeds.stream().map(JudgedSeed::result).toList();
  }

  /** {@code "stopped early: <reason>; 7 of 10 seeds not run"} when the suite stopped early. */
  public Optional<String> stopNote() {
    return Optional.ofNullable(stop).map(s -> s.note(summary));
  }

  public SuiteVerdict.Outcome outcome() {
    return verdict.outcome();
  }

  /**
   * The outcome of several variants together: failed if any failed, else inconclusive, aborted
   * or no data if any is, else passed.
   */
  public static SuiteVerdict.Outcome overall(List<SuiteOutcome> outcomes) {
    for (SuiteVerdict.Outcome worst : List.of(SuiteVerdict.Outcome.FAILED,
        SuiteVerdict.Outcome.NO_DATA, SuiteVerdict.Outcome.ABORTED,
        SuiteVerdict.Outcome.INCONCLUSIVE)) {
      if (outcomes.stream().anyMatch(o -> o.outcome() == worst)) {
        return worst;
      }
    }
    return SuiteVerdict.Outcome.PASSED;
  }
}
