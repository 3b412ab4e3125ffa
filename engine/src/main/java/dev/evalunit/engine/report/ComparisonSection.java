package dev.evalunit.engine.report;

import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.SeedResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A matrix's seeds down and variants across: the score each variant got on the same seed, each
 * cell coloured by its score (red at the lowest, green at the highest), a mean row and a row with
 * each variant's mean minus the first variant's.
 */
final class ComparisonSection {

  private ComparisonSection() {}

  static void write(PrintWriter html, List<ReportVariant> variants) {
    Set<String> seeds = new LinkedHashSet<>();
    List<Map<String, JudgedSeed>> bySeed = new ArrayList<>();
    double min = 0;
    double max = 1;
    for (ReportVariant v : variants) {
      Map<String, JudgedSeed> map = new LinkedHashMap<>();
      for (JudgedSeed judged : v.results().seeds()) {
        SeedResult r = judged.result();
        seeds.add(r.seedKey());
        map.put(r.seedKey(), judged);
        Double score = r.completed() ? r.metrics().score() : null;
        if (score != null) {
          min = Math.min(min, score);
          max = Math.max(max, score);
        }
      }
      bySeed.add(map);
    }
    html.append("<section>\n<h2>Variants side by side</h2>\n<p class=\"hint\">Scores per seed,"
        + " coloured from red (").append(Numbers.format(min)).append(") to green (")
        .append(Numbers.format(max)).append("); a bar on the left marks a seed that missed a"
            + " threshold. Click a column to sort.</p>\n")
        .append("<div class=\"scroll fit\"><table class=\"sortable compare\">")
        .append("<thead><tr><th>seed</th>");
    variants.forEach(v -> html.append("<th>").append(Html.escape(v.key())).append("</th>"));
    html.append("</tr>\n");
    meanRow(html, variants, min, max);
    deltaRow(html, variants);
    html.append("</thead><tbody>\n");
    for (String seed : seeds) {
      html.append("<tr><td data-v=\"").append(Html.escape(seed)).append("\">")
          .append(Html.escape(seed)).append("</td>");
      for (Map<String, JudgedSeed> map : bySeed) {
        cell(html, map.get(seed), min, max);
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table></div>\n</section>\n");
  }

  private static void cell(PrintWriter html, JudgedSeed judged, double min, double max) {
    if (judged == null) {
      html.append("<td></td>");
      return;
    }
    SeedResult r = judged.result();
    String outcome = HtmlReport.outcome(judged);
    Double score = r.completed() ? r.metrics().score() : null;
    html.append("<td class=\"num ").append(outcome).append("\" data-v=\"")
        .append(score == null ? "" : String.valueOf(score)).append('"');
    if (score != null) {
      html.append(" style=\"background:").append(colour(score, min, max)).append('"');
    }
    html.append('>').append(score != null ? Numbers.format(score)
        : r.completed() ? "no score" : outcome.replace('-', ' ')).append("</td>");
  }

  private static void meanRow(PrintWriter html, List<ReportVariant> variants, double min,
      double max) {
    html.append("<tr class=\"summary\"><td>mean</td>");
    for (ReportVariant v : variants) {
      Double mean = v.summary().meanScore();
      html.append("<td class=\"num\"");
      if (mean != null) {
        html.append(" style=\"background:").append(colour(mean, min, max)).append('"');
      }
      html.append('>').append(Numbers.format(mean)).append("</td>");
    }
    html.append("</tr>\n");
  }

  /** Each variant's mean score minus the first variant's (the first column is the reference). */
  private static void deltaRow(PrintWriter html, List<ReportVariant> variants) {
    Double reference = variants.get(0).summary().meanScore();
    html.append("<tr class=\"summary\"><td>Δ mean vs ").append(Html.escape(variants.get(0).key()))
        .append("</td><td class=\"num\">–</td>");
    for (ReportVariant v : variants.subList(1, variants.size())) {
      Double mean = v.summary().meanScore();
      if (mean == null || reference == null) {
        html.append("<td class=\"num\">-</td>");
        continue;
      }
      double delta = mean - reference;
      String css = delta > 0 ? "up" : delta < 0 ? "down" : "same";
      html.append("<td class=\"num delta ").append(css).append("\">")
          .append(delta > 0 ? "+" : delta < 0 ? "−" : "±")
          .append(Numbers.format(Math.abs(delta))).append("</td>");
    }
    html.append("</tr>\n");
  }

  /** A light background from red (hue 4) through amber to green (hue 135) as the score rises. */
  static String colour(double score, double min, double max) {
    double t = max > min ? Math.min(1, Math.max(0, (score - min) / (max - min))) : 1;
    return String.format(Locale.ROOT, "hsl(%d,70%%,%d%%)", Math.round(4 + t * 131),
        Math.round(84 + 4 * t));
  }
}
