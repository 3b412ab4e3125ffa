package dev.evalunit.engine.report;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.report.SvgCharts.Bar;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.SuiteOutcome;
import dev.evalunit.engine.results.SuiteSummary;
import dev.evalunit.engine.results.SuiteVerdict;
import dev.evalunit.engine.results.SuiteVerdict.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code report.html}: one self-contained page per suite run (inline CSS, inline SVG, a few
 * lines of inline script for sorting; nothing is fetched, so it opens offline and as a CI
 * artifact). It shows the verdict of each variant, a score histogram, cost and latency per seed,
 * and a sortable table of seeds with links to their trace files; a matrix puts its variants side
 * by side and adds a per-seed score comparison.
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
   * whole page in memory.
   */
  public static void write(SuiteResults run, Map<String, Object> metadata, Path suiteDir,
      Writer out) {
    SuiteConfig config = run.config();
    List<Verdicted> variants = new ArrayList<>();
    for (VariantResults v : run.variants()) {
      variants.add(new Verdicted(v, v.summary(), v.verdict(), relative(suiteDir, v.dir())));
    }
    Outcome overall = SuiteOutcome.overall(
        run.variants().stream().map(VariantResults::outcome).toList());
    PrintWriter html = new PrintWriter(out);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape(run.simpleName())).append(" · ")
        .append(MarkdownSummary.label(overall)).append(" · evalunit</title>\n<style>")
        .append(CSS).append("</style>\n</head>\n<body>\n");
    header(html, run, metadata, overall);
    boolean matrix = run.isMatrix();
    cards(html, config, variants, matrix);
    charts(html, config, variants, matrix);
    if (run.isMatrix()) {
      comparison(html, config, variants);
    }
    for (Verdicted v : variants) {
      seedTable(html, config, v, matrix);
    }
    html.append("<footer>Written by evalunit ")
        .append(Html.escape(String.valueOf(metadata.get("engine_version"))))
        .append(". Self-contained: no network is needed to view this page.</footer>\n");
    html.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    html.flush();
    if (html.checkError()) {
      throw new java.io.UncheckedIOException(
          new java.io.IOException("writing the HTML report failed"));
    }
  }

  private record Verdicted(VariantResults results, SuiteSummary summary, SuiteVerdict verdict,
      String relativeDir) {

    String key() {
      return results.variant().key();
    }
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

  private static void cards(PrintWriter html, SuiteConfig config, List<Verdicted> variants,
      boolean matrix) {
    html.append("<section class=\"cards\">\n");
    for (Verdicted v : variants) {
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
      stat(html, "mean latency", s.meanLatencyMs() == null ? "-"
          : Numbers.format(s.meanLatencyMs()) + " ms");
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
    html.append("</section>\n");
  }

  /** Without a matrix three charts in a row; with one, a row per chart and a column per variant. */
  private static void charts(PrintWriter html, SuiteConfig config, List<Verdicted> variants,
      boolean matrix) {
    List<String> histograms = new ArrayList<>();
    List<String> costCharts = new ArrayList<>();
    List<String> latencyCharts = new ArrayList<>();
    for (Verdicted v : variants) {
      String suffix = matrix ? " · " + v.key() : "";
      List<Double> scores = new ArrayList<>();
      List<Bar> costs = new ArrayList<>();
      List<Bar> latencies = new ArrayList<>();
      for (JudgedSeed judged : v.results().seeds()) {
        SeedResult r = judged.result();
        String outcome = outcome(judged);
        if (r.completed()) {
          scores.add(r.metrics().score());
        }
        costs.add(new Bar(label(r), r.metrics().costUsd(), outcome));
        latencies.add(new Bar(label(r), r.latencyMs(), outcome));
      }
      histograms.add(SvgCharts.histogram(scores, "Score histogram" + suffix));
      costCharts.add(SvgCharts.bars(costs, "Cost per seed (USD)" + suffix, ""));
      latencyCharts.add(SvgCharts.bars(latencies, "Latency per seed (ms)" + suffix, " ms"));
    }
    html.append("<section class=\"charts\">\n<h2>Charts</h2>\n<div class=\"chart-grid\"");
    if (matrix) {
      html.append(" style=\"grid-template-columns:repeat(").append(String.valueOf(variants.size()))
          .append(",minmax(0,1fr))\"");
    }
    html.append('>');
    histograms.forEach(html::append);
    costCharts.forEach(html::append);
    latencyCharts.forEach(html::append);
    html.append("</div>\n</section>\n");
  }

  /** Seeds down, variants across: the score each variant got on the same seed. */
  private static void comparison(PrintWriter html, SuiteConfig config,
      List<Verdicted> variants) {
    Set<String> seeds = new LinkedHashSet<>();
    List<Map<String, JudgedSeed>> bySeed = new ArrayList<>();
    for (Verdicted v : variants) {
      Map<String, JudgedSeed> map = new LinkedHashMap<>();
      for (JudgedSeed judged : v.results().seeds()) {
        seeds.add(judged.result().seedKey());
        map.put(judged.result().seedKey(), judged);
      }
      bySeed.add(map);
    }
    html.append("<section>\n<h2>Variants side by side</h2>\n")
        .append("<table class=\"sortable compare\"><thead><tr><th>seed</th>");
    variants.forEach(v -> html.append("<th>").append(Html.escape(v.key())).append("</th>"));
    html.append("</tr></thead><tbody>\n");
    for (String seed : seeds) {
      html.append("<tr><td data-v=\"").append(Html.escape(seed)).append("\">")
          .append(Html.escape(seed)).append("</td>");
      for (Map<String, JudgedSeed> map : bySeed) {
        JudgedSeed judged = map.get(seed);
        if (judged == null) {
          html.append("<td></td>");
          continue;
        }
        SeedResult r = judged.result();
        Double score = r.metrics().score();
        html.append("<td class=\"").append(outcome(judged)).append("\" data-v=\"")
            .append(score == null ? "" : String.valueOf(score)).append("\">")
            .append(r.completed() ? Numbers.format(score) : outcome(judged)).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static void seedTable(PrintWriter html, SuiteConfig config, Verdicted v,
      boolean matrix) {
    html.append("<section>\n<h2>Seeds").append(matrix
        ? " · " + Html.escape(v.key()) : "").append("</h2>\n")
        .append("<p class=\"hint\">Click a column to sort.</p>\n")
        .append("<table class=\"sortable seeds\"><thead><tr>");
    for (String h : List.of("seed", "outcome", "score", "mean_return", "outcome_score",
        "events_score", "latency_ms", "verifier", "tokens", "cost_usd", "attempts", "trace",
        "error")) {
      html.append("<th>").append(h).append("</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (JudgedSeed judged : v.results().seeds()) {
      SeedResult r = judged.result();
      String outcome = outcome(judged);
      html.append("<tr class=\"").append(outcome).append("\">");
      html.append("<td data-v=\"").append(Html.escape(r.seedKey())).append("\">")
          .append(Html.escape(r.seedKey())).append("</td>");
      html.append("<td><span class=\"pill ").append(outcome).append("\">").append(outcome)
          .append("</span>").append(r.reused() ? " <span class=\"tag\">reused</span>" : "")
          .append("</td>");
      number(html, r.metrics().score());
      number(html, r.metrics().rewardMean());
      number(html, r.metrics().outcomeScore());
      number(html, r.metrics().eventsScore());
      number(html, r.latencyMs());
      number(html, r.metrics().verifierScore());
      number(html, r.metrics().tokens());
      html.append("<td class=\"num\" data-v=\"")
          .append(r.metrics().costUsd() == null ? "" : String.valueOf(r.metrics().costUsd())).append("\">")
          .append(Numbers.significant(r.metrics().costUsd())).append("</td>");
      html.append("<td class=\"num\">").append(String.valueOf(r.attempts())).append("</td>");
      if (r.tracePath() == null) {
        html.append("<td></td>");
      } else {
        String link = v.relativeDir().isEmpty() ? r.tracePath()
            : v.relativeDir() + "/" + r.tracePath();
        html.append("<td><a href=\"").append(Html.href(link)).append("\">trace</a></td>");
      }
      String problem = r.error() != null ? r.error().message() : judged.firstMiss();
      html.append("<td class=\"error\">").append(Html.escape(problem)).append("</td>");
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static void number(PrintWriter html, Number value) {
    html.append("<td class=\"num\" data-v=\"").append(value == null ? "" : String.valueOf(value)).append("\">")
        .append(Numbers.format(value)).append("</td>");
  }

  private static void stat(PrintWriter html, String name, String value) {
    html.append("<div><dt>").append(Html.escape(name)).append("</dt><dd>")
        .append(Html.escape(value)).append("</dd></div>");
  }

  /** {@code passed}, {@code failed}, {@code errored} or {@code not-run}: also the CSS class. */
  private static String outcome(JudgedSeed seed) {
    return seed.outcome().label().replace(' ', '-');
  }

  private static String label(SeedResult r) {
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

  private static final String CSS = """
      :root{--fg:#1d2330;--muted:#5d6677;--line:#e3e6ec;--bg:#f6f7f9;--card:#fff;
        --ok:#1f8a4c;--ok-bg:#e3f4ea;--bad:#c0392b;--bad-bg:#fbe6e3;--warn:#b7791f;
        --warn-bg:#fdf3dc;--skip:#6b7280;--skip-bg:#eef0f3;--accent:#3b5bdb}
      *{box-sizing:border-box}
      body{margin:0;padding:28px 36px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
        Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
      h1{font-size:26px;margin:0 0 2px;display:flex;align-items:center;gap:12px}
      h2{font-size:17px;margin:0 0 10px}
      section{margin-top:26px}
      .fqcn{margin:0 0 10px;color:var(--muted);font-family:ui-monospace,Menlo,Consolas,monospace}
      .meta{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0}
      .meta div{display:flex;gap:6px}.meta dt{color:var(--muted)}.meta dd{margin:0;font-weight:500}
      .badge{font-size:13px;font-weight:600;padding:3px 10px;border-radius:999px;
        text-transform:uppercase;letter-spacing:.04em}
      .badge.passed{color:var(--ok);background:var(--ok-bg)}
      .badge.failed{color:var(--bad);background:var(--bad-bg)}
      .badge.no-data{color:var(--warn);background:var(--warn-bg)}
      .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}
      .card{background:var(--card);border:1px solid var(--line);border-radius:10px;
        padding:16px 18px;border-top:4px solid var(--skip)}
      .card.passed{border-top-color:var(--ok)}.card.failed{border-top-color:var(--bad)}
      .card.no-data{border-top-color:var(--warn)}
      .card h2{display:flex;justify-content:space-between;align-items:center}
      .big{font-size:34px;font-weight:650;margin:4px 0 8px}
      .big small{font-size:13px;font-weight:400;color:var(--muted);margin-left:8px}
      .stats{margin:0;display:grid;grid-template-columns:auto 1fr;gap:3px 14px}
      .stats div{display:contents}.stats dt{color:var(--muted)}.stats dd{margin:0}
      .reasons{margin:10px 0 0;padding-left:18px;color:var(--bad)}
      .chart-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px}
      .chart{margin:0;background:var(--card);border:1px solid var(--line);border-radius:10px;
        padding:10px 12px}
      .chart figcaption{font-weight:600;margin-bottom:4px}
      .chart svg{width:100%;height:auto;display:block}
      .chart .empty{color:var(--muted);margin:40px 0;text-align:center}
      .bar{fill:var(--accent)}.bar.score{fill:#5b7be0}.bar.passed{fill:#4c9f70}
      .bar.failed{fill:#e0873a}.bar.errored{fill:var(--bad)}.bar.not-run{fill:var(--skip)}
      .grid{stroke:var(--line);stroke-width:1}
      .tick{font-size:10px;fill:var(--muted);text-anchor:end}
      .xlabel{font-size:10px;fill:var(--muted)}
      .count{font-size:10px;fill:var(--fg);text-anchor:middle}
      table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);
        border-radius:10px;overflow:hidden;font-size:13px}
      th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      th{background:#eef1f6;cursor:pointer;user-select:none;white-space:nowrap;font-weight:600}
      th[aria-sort=ascending]::after{content:" \\25B2";font-size:10px}
      th[aria-sort=descending]::after{content:" \\25BC";font-size:10px}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      td.error{color:var(--bad);max-width:420px;word-break:break-word}
      tr.failed td.error{color:#a05a00}
      .compare td.passed{background:var(--ok-bg)}.compare td.failed{background:var(--warn-bg)}
      .compare td.errored{background:var(--bad-bg)}.compare td.not-run{background:var(--skip-bg)}
      .pill{font-size:12px;padding:1px 8px;border-radius:999px}
      .pill.passed{color:var(--ok);background:var(--ok-bg)}
      .pill.failed{color:#a05a00;background:var(--warn-bg)}
      .pill.errored{color:var(--bad);background:var(--bad-bg)}
      .pill.not-run{color:var(--skip);background:var(--skip-bg)}
      .tag{font-size:11px;color:var(--muted);border:1px solid var(--line);border-radius:4px;
        padding:0 4px}
      .hint{color:var(--muted);margin:-6px 0 8px;font-size:12px}
      a{color:var(--accent)}
      footer{margin-top:30px;color:var(--muted);font-size:12px}
      """;

  private static final String SCRIPT = """
      (function () {
        function key(cell) {
          var v = cell.getAttribute('data-v');
          if (v === null) { v = cell.textContent.trim(); }
          if (v === '' || v === '-') { return null; }
          var n = Number(v);
          return isNaN(n) ? v : n;
        }
        document.querySelectorAll('table.sortable').forEach(function (table) {
          var headers = table.querySelectorAll('th');
          headers.forEach(function (th, col) {
            th.addEventListener('click', function () {
              var asc = th.getAttribute('aria-sort') !== 'ascending';
              headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
              th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
              var body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = key(a.cells[col]), y = key(b.cells[col]);
                if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
                var c = (typeof x === 'number' && typeof y === 'number') ? x - y
                    : String(x).localeCompare(String(y), undefined, {numeric: true});
                return asc ? c : -c;
              });
              rows.forEach(function (r) { body.appendChild(r); });
            });
          });
        });
      })();
      """;
}
