package dev.evalunit.engine.report;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SuiteOutcome;
import dev.evalunit.engine.results.SuiteSummary;
import dev.evalunit.engine.results.SuiteVerdict;
import dev.evalunit.engine.results.SuiteVerdict.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code summary.md}: a suite run in GitHub-flavoured Markdown, for CI job summaries
 * ({@code $GITHUB_STEP_SUMMARY}) and pull-request comments: the verdict of each variant with
 * mean score, pass rate, tokens and cost, the missed thresholds, and the worst seeds.
 *
 * <pre>{@code
 * ### ✅ Banking77Eval: passed
 * | variant | verdict | mean score | pass rate | ok / failed / errored / not run | tokens | cost (USD) |
 * |---|---|---|---|---|---|---|
 * | default | ✅ passed | 0.85 | 0.9 (18/20) | 18 / 2 / 0 / 0 | 12345 | 0.0123 |
 * }</pre>
 */
public final class MarkdownSummary {

  /** How many of the lowest-ranked seeds are listed. */
  static final int WORST_SEEDS = 5;
  private static final int CELL_CHARS = 120;

  private MarkdownSummary() {}

  public static String render(SuiteResults run) {
    SuiteConfig config = run.config();
    boolean matrix = run.isMatrix();
    List<Row> rows = new ArrayList<>();
    for (VariantResults v : run.variants()) {
      rows.add(new Row(v, v.summary(), v.verdict()));
    }
    Outcome overall = SuiteOutcome.overall(
        run.variants().stream().map(VariantResults::outcome).toList());
    StringBuilder md = new StringBuilder();
    md.append("### ").append(icon(overall)).append(' ').append(run.simpleName()).append(": ")
        .append(label(overall)).append("\n\n");
    int seeds = run.variants().stream().mapToInt(v -> v.results().size()).sum();
    long reused = run.variants().stream().flatMap(v -> v.results().stream())
        .filter(SeedResult::reused).count();
    int ran = rows.stream().mapToInt(r -> r.summary().ran()).sum();
    int priced = rows.stream().mapToInt(r -> r.summary().pricedSeeds()).sum();
    int cached = rows.stream().mapToInt(r -> r.summary().cachedSeeds()).sum();
    double saved = rows.stream().map(r -> r.summary().savedCostUsd())
        .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sum();
    md.append('`').append(config.suiteName()).append("` · ").append(seeds).append(" seeds")
        .append(reused > 0 ? " (" + reused + " reused from an earlier run)" : "")
        .append(cached > 0 ? " · " + cached + " cached (replayed, not sent"
            + (saved > 0 ? "; $" + Numbers.significant(saved) + " saved, not spent" : "") + ")"
            : "")
        .append(" · ").append(priced).append(" of ").append(ran).append(" seeds priced")
        .append(" · ").append(duration(run.duration()))
        .append(" · config `").append(config.configHash()).append("`\n\n");
    md.append("| variant | verdict | mean score | pass rate | ok / failed / errored / not run "
        + "| tokens | cost (USD) | mean latency (ms) |\n");
    md.append("|---|---|---:|---:|---|---:|---:|---:|\n");
    for (Row row : rows) {
      SuiteSummary s = row.summary();
      md.append("| ").append(cell(row.variant().variant().key()))
          .append(" | ").append(icon(row.verdict().outcome())).append(' ')
          .append(label(row.verdict().outcome()))
          .append(" | ").append(Numbers.format(s.meanScore()))
          .append(" | ").append(Numbers.format(s.passRate()))
          .append(s.ran() > 0 ? " (" + s.passed() + "/" + s.ran() + ")" : "")
          .append(" | ").append(s.passed()).append(" / ").append(s.failed()).append(" / ")
          .append(s.errored()).append(" / ").append(s.aborted())
          .append(" | ").append(Numbers.format(s.totalTokens()))
          .append(" | ").append(Numbers.significant(s.totalCostUsd()))
          .append(" | ").append(Numbers.format(s.meanLatencyMs()))
          .append(" |\n");
    }
    List<String> reasons = new ArrayList<>();
    for (Row row : rows) {
      String prefix = matrix ? row.variant().variant().key() + ": " : "";
      SuiteOutcome outcome = row.variant().outcome();
      row.verdict().reasons().forEach(r -> reasons.add(prefix + r));
      // A stop that did not fail the verdict (budget.allowPartial) is still stated.
      outcome.stopNote().filter(note -> row.verdict().reasons().stream()
          .noneMatch(r -> r.startsWith(note))).ifPresent(note -> reasons.add(prefix + note));
      if (outcome.reuse().note() != null) {
        reasons.add(prefix + outcome.reuse().note());
      }
      row.verdict().estimates().forEach(e -> reasons.add(prefix + e.text()));
    }
    if (!reasons.isEmpty()) {
      md.append('\n');
      reasons.forEach(r -> md.append("- ").append(r).append('\n'));
    }
    boolean gateHeading = false;
    for (Row row : rows) {
      if (row.variant().gate() != null) {
        if (!gateHeading) {
          md.append('\n');
          gateHeading = true;
        }
        GateReport.markdown(md, row.variant().gate(),
            matrix ? row.variant().variant().key() + ": " : "");
      }
    }
    md.append(ReplicaTable.markdown(run.replicaRows()));
    List<Worst> worst = worst(run);
    if (!worst.isEmpty()) {
      md.append("\n<details><summary>Worst seeds</summary>\n\n");
      md.append("| seed |").append(matrix ? " variant |" : "")
          .append(" outcome | score | tokens | cost (USD) | error |\n");
      md.append("|---|").append(matrix ? "---|" : "")
          .append("---|---:|---:|---:|---|\n");
      for (Worst w : worst) {
        SeedResult r = w.result();
        md.append("| ").append(cell(r.seedKey())).append(" |")
            .append(matrix ? " " + cell(w.variant()) + " |" : "")
            .append(' ').append(w.outcome())
            .append(" | ").append(Numbers.format(r.metrics().score()))
            .append(" | ").append(Numbers.format(r.metrics().tokens()))
            .append(" | ").append(Numbers.significant(r.metrics().costUsd()))
            .append(" | ").append(r.error() == null ? w.miss() : cell(r.error().message()))
            .append(" |\n");
      }
      md.append("\n</details>\n");
    }
    return md.append('\n').toString();
  }

  private record Row(VariantResults variant, SuiteSummary summary, SuiteVerdict verdict) {}

  private record Worst(String variant, SeedResult result, String outcome, String miss, int rank) {}

  /** Errored and not-run seeds first, then failed ones, then the lowest scores. */
  private static List<Worst> worst(SuiteResults run) {
    List<Worst> all = new ArrayList<>();
    for (VariantResults v : run.variants()) {
      for (JudgedSeed judged : v.seeds()) {
        int rank = switch (judged.outcome()) {
          case ERRORED -> 0;
          case NOT_RUN -> 1;
          case FAILED -> 2;
          case PASSED -> 3;
        };
        all.add(new Worst(v.variant().key(), judged.result(), judged.outcome().label(),
            cell(judged.firstMiss()), rank));
      }
    }
    all.sort(Comparator.comparingInt(Worst::rank)
        .thenComparing(w -> w.result().metrics().score(),
            Comparator.nullsFirst(Comparator.naturalOrder())));
    // A perfect run has no "worst" seeds worth listing.
    return all.stream().filter(w -> w.rank() < 3 || (w.result().metrics().score() != null
        && w.result().metrics().score() < 1.0)).limit(WORST_SEEDS).toList();
  }

  static String icon(Outcome outcome) {
    return switch (outcome) {
      case PASSED -> "✅";
      case FAILED -> "❌";
      case INCONCLUSIVE -> "❔";
      case ABORTED, NO_DATA -> "⚠️";
    };
  }

  static String label(Outcome outcome) {
    return outcome.label();
  }

  /** {@code 1m 12s}, {@code 8.1s}. */
  static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 60) {
      return Numbers.format(d.toMillis() / 1000.0).replaceAll("(\\.\\d)\\d*", "$1") + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m " + seconds % 60 + "s";
    }
    return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
  }

  /** A table cell: one line, pipes escaped, long text cut. */
  private static String cell(String text) {
    String line = text.replaceAll("\\s+", " ").replace("|", "\\|");
    return line.length() > CELL_CHARS ? line.substring(0, CELL_CHARS - 3) + "..." : line;
  }
}
