package dev.evalunit.engine.report;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SuiteOutcome;
import dev.evalunit.engine.results.SuiteSummary;
import dev.evalunit.engine.results.SuiteVerdict.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page per suite run (inline CSS, inline SVG, a few
 * lines of inline script for sorting; nothing is fetched, so it opens offline and as a CI
 * artifact). It shows the verdict of each variant, a score histogram, cost and latency per seed,
 * and a sortable table of seeds with links to their trace files; a matrix puts its variants side
 * by side on shared axes and adds a per-seed score comparison.
 *
 * <p>The page is a sequence of sections, each written by one method or section class straight to
 * the output (see {@link #write}); a new section is one more call there.
 *
 * <pre>{@code
 * Files.writeString(dir.resolve("report.html"), HtmlReport.render(run, metadata, dir));
 * }</pre>
 */
public final class HtmlReport {

  private HtmlReport() {}

  /**
   * @param run the finished run
   * @param metadata the run's {@code metadata.json} entries (engine version, git commit, ...)
   * @param suiteDir the folder the page is written to; trace links are relative to it
   */
  public static String render(SuiteResults run, Map<String, Object> metadata, Path suiteDir) {
    StringWriter text = new StringWriter(16_384);
    write(run, metadata, suiteDir, text);
    return text.toString();
  }

  /**
   * Writes the page to {@code out} piece by piece, so a suite of 50,000 seeds never holds its
   * whole page in memory. Only the seed tables grow with the seed count; charts bin their bars.
   */
  public static void write(SuiteResults run, Map<String, Object> metadata, Path suiteDir,
      Writer out) {
    List<ReportVariant> variants = new ArrayList<>();
    for (VariantResults v : run.variants()) {
      variants.add(new ReportVariant(v, relative(suiteDir, v.dir())));
    }
    Outcome overall = SuiteOutcome.overall(
        run.variants().stream().map(VariantResults::outcome).toList());
    boolean matrix = run.isMatrix();
    PrintWriter html = new PrintWriter(out);
    head(html, run, overall);
    header(html, run, metadata, overall);
    cards(html, variants, matrix);
    replicas(html, run.replicaRows());
    ChartsSection.write(html, variants, matrix);
    if (matrix) {
      ComparisonSection.write(html, variants);
    }
    FlakinessSection.write(html, variants, matrix);
    BaselineSection.write(html, variants, matrix);
    for (ReportVariant v : variants) {
      SeedTableSection.write(html, v, matrix);
    }
    footer(html, metadata);
    html.flush();
    if (html.checkError()) {
      throw new java.io.UncheckedIOException(
          new java.io.IOException("writing the HTML report failed"));
    }
  }

  private static void head(PrintWriter html, SuiteResults run, Outcome overall) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape(run.simpleName())).append(" · ")
        .append(MarkdownSummary.label(overall)).append(" · evalunit</title>\n<style>")
        .append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n");
  }

  private static void header(PrintWriter html, SuiteResults run, Map<String, Object> metadata,
      Outcome overall) {
    SuiteConfig config = run.config();
    html.append("<header>\n<h1>").append(Html.escape(run.simpleName())).append(' ')
        .append(badge(overall)).append("</h1>\n<p class=\"fqcn\">")
        .append(Html.escape(config.suiteName())).append("</p>\n<dl class=\"meta\">");
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("started", run.startedAt().truncatedTo(ChronoUnit.SECONDS).toString());
    facts.put("duration", MarkdownSummary.duration(run.duration()));
    facts.put("env", config.rollout().envName());
    Object model = SynthReport.policyConfig(config, SuiteConfig.Variant.DEFAULT).get("model");
    // A matrix's variants override the model; their cards name them instead.
    if (model != null && !run.isMatrix()) {
      facts.put("model", model.toString());
    }
    facts.put("task app", run.taskAppUrl());
    facts.put("mode", String.valueOf(metadata.get("mode")));
    facts.put("config hash", config.configHash());
    Object commit = metadata.get("git_commit");
    if (commit != null) {
      String shortCommit = commit.toString().substring(0, Math.min(12, commit.toString().length()));
      Object branch = metadata.get("git_branch");
      facts.put("commit", shortCommit + (branch == null ? "" : " (" + branch + ")"));
    }
    facts.forEach((k, v) -> {
      if (v != null) {
        html.append("<div><dt>").append(Html.escape(k)).append("</dt><dd>")
            .append(Html.escape(v)).append("</dd></div>");
      }
    });
    html.append("</dl>\n</header>\n");
  }

  /** One card per variant: its verdict, mean score, counts, tokens, cost and missed thresholds. */
  private static void cards(PrintWriter html, List<ReportVariant> variants, boolean matrix) {
    html.append("<section class=\"cards\">\n");
    for (ReportVariant v : variants) {
      card(html, v, matrix);
    }
    html.append("</section>\n");
  }

  private static void card(PrintWriter html, ReportVariant v, boolean matrix) {
    SuiteSummary s = v.summary();
    html.append("<article class=\"card ").append(css(v.verdict().outcome())).append("\">")
        .append("<h2>").append(matrix ? Html.escape(v.key()) : "Suite verdict")
        .append(' ').append(badge(v.verdict().outcome())).append("</h2>")
        .append("<p class=\"big\">").append(Numbers.format(s.meanScore()))
        .append("<small>mean score</small></p><dl class=\"stats\">");
    stat(html, "pass rate", Numbers.format(s.passRate())
        + (s.ran() > 0 ? " (" + s.passed() + "/" + s.ran() + ")" : ""));
    stat(html, "seeds", s.seeds() + " · " + s.passed() + " ok · " + s.failed() + " failed · "
        + s.errored() + " errored" + (s.aborted() > 0 ? " · " + s.aborted() + " not run" : ""));
    long reused = v.results().results().stream().filter(SeedResult::reused).count();
    if (reused > 0) {
      stat(html, "reused", reused + " from an earlier run");
    }
    v.verdict().estimates().forEach(e -> stat(html, e.metric() + " " + e.bounds().substring(0,
        e.bounds().indexOf(" CI") + 3), e.range() + " (" + e.interval().method() + ", "
        + e.interval().n() + " seeds)" + e.hintText()));
    stat(html, "tokens", Numbers.format(s.totalTokens()));
    stat(html, "cost", (s.totalCostUsd() == null ? "-"
        : "$" + Numbers.significant(s.totalCostUsd())) + " · " + s.pricedText());
    if (s.cachedSeeds() > 0) {
      stat(html, "cached", s.cachedSeeds() + " replayed, not sent"
          + (s.savedCostUsd() == null ? ""
              : " · $" + Numbers.significant(s.savedCostUsd()) + " saved, not spent"));
    }
    stat(html, "mean latency", s.meanLatencyMs() == null ? "-"
        : Numbers.format(s.meanLatencyMs()) + " ms"
            + (s.cachedSeeds() > 0 ? " (sent seeds only)" : ""));
    html.append("</dl>");
    List<String> reasons = new ArrayList<>(v.verdict().reasons());
    SuiteOutcome outcome = v.results().outcome();
    outcome.stopNote().filter(note -> reasons.stream().noneMatch(r -> r.startsWith(note)))
        .ifPresent(reasons::add);
    if (outcome.reuse().note() != null) {
      reasons.add(outcome.reuse().note());
    }
    if (!reasons.isEmpty()) {
      html.append("<ul class=\"reasons\">");
      reasons.forEach(r -> html.append("<li>").append(Html.escape(r)).append("</li>"));
      html.append("</ul>");
    }
    html.append("</article>\n");
  }

  /** Rollouts and errors per replica of a task-app pool; nothing without one. */
  private static void replicas(PrintWriter html, List<ReplicaTable.Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    html.append("<section><h2>Task-app replicas</h2><table class=\"replicas\"><thead><tr>"
        + "<th>replica</th><th>attempts</th><th>failed attempts</th><th>seeds</th>"
        + "<th>seeds errored</th><th>taken out</th></tr></thead><tbody>\n");
    for (ReplicaTable.Row row : rows) {
      html.append("<tr><td>").append(Html.escape(row.url())).append("</td><td>")
          .append(ReplicaTable.text(row.attempts())).append("</td><td>")
          .append(ReplicaTable.text(row.failedAttempts())).append("</td><td>")
          .append(Integer.toString(row.seeds())).append("</td><td>")
          .append(Integer.toString(row.seedsErrored())).append("</td><td>")
          .append(Integer.toString(row.timesTakenOut())).append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private static void footer(PrintWriter html, Map<String, Object> metadata) {
    html.append("<footer>Written by evalunit ")
        .append(Html.escape(String.valueOf(metadata.get("engine_version"))))
        .append(". Self-contained: no network is needed to view this page.</footer>\n");
    html.append("<script>").append(ReportStyle.SCRIPT).append("</script>\n</body>\n</html>\n");
  }

  private static void stat(PrintWriter html, String name, String value) {
    html.append("<div><dt>").append(Html.escape(name)).append("</dt><dd>")
        .append(Html.escape(value)).append("</dd></div>");
  }

  /** {@code passed}, {@code failed}, {@code errored} or {@code not-run}: also the CSS class. */
  static String outcome(JudgedSeed seed) {
    return seed.outcome().label().replace(' ', '-');
  }

  /** A seed's name on chart axes: its instance id, else {@code seed N}. */
  static String label(SeedResult r) {
    return r.instanceId() != null ? r.instanceId() : "seed " + r.seed();
  }

  private static String badge(Outcome outcome) {
    return "<span class=\"badge " + css(outcome) + "\">" + MarkdownSummary.label(outcome)
        + "</span>";
  }

  private static String css(Outcome outcome) {
    return switch (outcome) {
      case PASSED -> "passed";
      case FAILED -> "failed";
      case INCONCLUSIVE, ABORTED, NO_DATA -> "no-data";
    };
  }

  private static String relative(Path from, Path to) {
    String rel = from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize())
        .toString();
    return rel.replace('\\', '/');
  }
}
