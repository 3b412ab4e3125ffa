package dev.evalunit.engine.report;

import dev.evalunit.engine.baseline.GateOutcome;
import dev.evalunit.engine.baseline.GateResult;
import dev.evalunit.engine.baseline.PairedSeed;
import dev.evalunit.engine.baseline.SeedKey;
import dev.evalunit.engine.results.Numbers;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;

/**
 * The baseline gate of each variant that has one: its outcome, the interval of the mean change
 * against δ, the reasons and notices, then a sortable table with the baseline score, the current
 * score and their delta per paired seed (largest drop first), and the unpaired seeds.
 */
final class BaselineSection {

  private BaselineSection() {}

  static void write(PrintWriter html, List<ReportVariant> variants, boolean matrix) {
    for (ReportVariant v : variants) {
      v.results().baselineGate().ifPresent(gate -> write(html, v, gate, matrix));
    }
  }

  private static void write(PrintWriter html, ReportVariant v, GateOutcome gate, boolean matrix) {
    html.append("<section class=\"baseline\">\n<h2>Baseline gate")
        .append(matrix ? " · " + Html.escape(v.key()) : "").append(" <span class=\"badge ")
        .append(GateReport.css(gate.status())).append("\">").append(gate.status().label())
        .append("</span></h2>\n<p class=\"hint\">Compared with ")
        .append(Html.escape(String.valueOf(gate.file()))).append("</p>\n");
    gate.judged().flatMap(GateResult::comparisonIfPaired).ifPresent(c -> {
      html.append("<dl class=\"stats\">");
      stat(html, "mean change", GateReport.signed(c.difference().estimate()));
      stat(html, GateReport.percent(c) + " CI", "[" + Numbers.format(c.difference().lower())
          + ", " + Numbers.format(c.difference().upper()) + "] (" + c.difference().method() + ")");
      stat(html, "tolerated drop", Numbers.format(c.toleratedDrop()));
      stat(html, "test", c.test() + ", p = " + Numbers.significant(c.pValue()));
      stat(html, "pairs", c.pairs() + " · " + c.regressions() + " down · " + c.improvements()
          + " up");
      html.append("</dl>\n");
    });
    html.append("<ul class=\"reasons\">");
    gate.reasons().forEach(r -> html.append("<li>").append(Html.escape(r)).append("</li>"));
    gate.notices().forEach(r -> html.append("<li>").append(Html.escape(r)).append("</li>"));
    html.append("</ul>\n");
    gate.judged().ifPresent(result -> table(html, result));
    html.append("</section>\n");
  }

  private static void table(PrintWriter html, GateResult result) {
    html.append("<div class=\"scroll fit\"><table class=\"sortable compare baseline\"><thead><tr>")
        .append("<th>seed</th><th>baseline</th><th>current</th><th>delta</th></tr></thead>")
        .append("<tbody>\n");
    List<PairedSeed> pairs = result.pairs().stream()
        .sorted(Comparator.comparingDouble(PairedSeed::delta)).toList();
    for (PairedSeed p : pairs) {
      boolean dropped = result.droppedSeeds().contains(p);
      String css = p.delta() > 0 ? "up" : p.delta() < 0 ? "down" : "same";
      html.append("<tr").append(dropped ? " class=\"dropped\"" : "").append("><td data-v=\"")
          .append(Html.escape(p.key().seed())).append("\">").append(Html.escape(p.key().seed()))
          .append(dropped ? " <span class=\"tag\">dropped</span>" : "").append("</td>");
      number(html, p.baseline());
      number(html, p.current());
      html.append("<td class=\"num delta ").append(css).append("\" data-v=\"")
          .append(String.valueOf(p.delta())).append("\">").append(GateReport.signed(p.delta()))
          .append("</td></tr>\n");
    }
    unpaired(html, result.onlyInBaseline(), "baseline only");
    unpaired(html, result.onlyInCurrent(), "this run only");
    html.append("</tbody></table></div>\n");
  }

  private static void unpaired(PrintWriter html, List<SeedKey> keys, String where) {
    for (SeedKey key : keys) {
      html.append("<tr class=\"unpaired\"><td data-v=\"").append(Html.escape(key.seed()))
          .append("\">").append(Html.escape(key.seed())).append(" <span class=\"tag\">unpaired: ")
          .append(where).append("</span></td><td></td><td></td><td></td></tr>\n");
    }
  }

  private static void number(PrintWriter html, double value) {
    html.append("<td class=\"num\" data-v=\"").append(String.valueOf(value)).append("\">")
        .append(Numbers.format(value)).append("</td>");
  }

  private static void stat(PrintWriter html, String name, String value) {
    html.append("<div><dt>").append(Html.escape(name)).append("</dt><dd>")
        .append(Html.escape(value)).append("</dd></div>");
  }
}
