package dev.evalunit.engine.report;

import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.SeedResult;
import java.io.PrintWriter;
import java.util.List;

/**
 * A variant's sortable table of seeds, written row by row (it is the one part of the page that
 * grows with the seed count), inside a container that scrolls sideways on a narrow window.
 */
final class SeedTableSection {

  private static final List<String> COLUMNS = List.of("seed", "outcome", "score", "mean_return",
      "outcome_score", "events_score", "latency_ms", "verifier", "tokens", "cost_usd", "attempts",
      "trace", "error");

  private SeedTableSection() {}

  static void write(PrintWriter html, ReportVariant v, boolean matrix) {
    html.append("<section>\n<h2>Seeds").append(matrix
        ? " · " + Html.escape(v.key()) : "").append("</h2>\n")
        .append("<p class=\"hint\">Click a column to sort; on a narrow window the table")
        .append(" scrolls sideways.</p>\n")
        .append("<div class=\"scroll\"><table class=\"sortable seeds\"><thead><tr>");
    for (String h : COLUMNS) {
      html.append("<th>").append(h).append("</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (JudgedSeed judged : v.results().seeds()) {
      row(html, v, judged);
    }
    html.append("</tbody></table></div>\n</section>\n");
  }

  private static void row(PrintWriter html, ReportVariant v, JudgedSeed judged) {
    SeedResult r = judged.result();
    String outcome = HtmlReport.outcome(judged);
    html.append("<tr class=\"").append(outcome).append("\">");
    html.append("<td data-v=\"").append(Html.escape(r.seedKey())).append("\">")
        .append(Html.escape(r.seedKey())).append("</td>");
    html.append("<td><span class=\"pill ").append(outcome).append("\">")
        .append(outcome.replace('-', ' ')).append("</span>")
        .append(r.reused() ? " <span class=\"tag\">reused</span>" : "")
        .append(r.cached() ? " <span class=\"tag\">cached</span>" : "").append("</td>");
    number(html, r.metrics().score());
    number(html, r.metrics().rewardMean());
    number(html, r.metrics().outcomeScore());
    number(html, r.metrics().eventsScore());
    number(html, r.latencyMs());
    number(html, r.metrics().verifierScore());
    number(html, r.metrics().tokens());
    html.append("<td class=\"num\" data-v=\"")
        .append(r.metrics().costUsd() == null ? "" : String.valueOf(r.metrics().costUsd()))
        .append("\">").append(Numbers.significant(r.metrics().costUsd())).append("</td>");
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

  private static void number(PrintWriter html, Number value) {
    html.append("<td class=\"num\" data-v=\"").append(value == null ? "" : String.valueOf(value))
        .append("\">").append(Numbers.format(value)).append("</td>");
  }
}
