package dev.evalunit.engine.report;

import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.SeedResult;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * For a suite run with {@code epochs > 1}: the flakiest seeds of each variant, those whose
 * epochs disagreed most on pass or fail (the share of epoch pairs that disagree, then the score
 * range), with every epoch's score and the reduced value. Seeds whose epochs all agreed are
 * counted, not listed.
 */
final class FlakinessSection {

  /** The most seeds listed per variant; the rest are counted. */
  static final int LISTED = 20;

  private FlakinessSection() {}

  static void write(PrintWriter html, List<ReportVariant> variants, boolean matrix) {
    for (ReportVariant v : variants) {
      List<JudgedSeed> repeated = v.results().outcome().seeds().stream()
          .filter(JudgedSeed::repeated).toList();
      if (!repeated.isEmpty()) {
        write(html, v, repeated, matrix);
      }
    }
  }

  private static void write(PrintWriter html, ReportVariant v, List<JudgedSeed> seeds,
      boolean matrix) {
    List<JudgedSeed> flaky = seeds.stream()
        .filter(s -> s.flakiness() != null && s.flakiness().flaky())
        .sorted(Comparator.comparingDouble((JudgedSeed s) -> s.flakiness().disagreement())
            .thenComparingDouble(s -> s.flakiness().scoreRange()).reversed()
            .thenComparing(s -> s.result().seedKey()))
        .toList();
    long unscored = seeds.stream().filter(s -> s.flakiness() == null).count();
    html.append("<section class=\"flakiness\">\n<h2>Flakiest seeds")
        .append(matrix ? " · " + Html.escape(v.key()) : "").append("</h2>\n<p class=\"hint\">")
        .append(String.valueOf(flaky.size())).append(" of ").append(String.valueOf(seeds.size()))
        .append(" seeds had epochs that disagree on pass or fail")
        .append(unscored > 0 ? "; " + unscored + " with an errored, unrun or unscored epoch "
            + "are left out" : "")
        .append(flaky.size() > LISTED ? "; the " + LISTED + " flakiest are listed" : "")
        .append(".</p>\n");
    if (!flaky.isEmpty()) {
      html.append("<div class=\"scroll fit\"><table class=\"sortable flaky\"><thead><tr>")
          .append("<th>seed</th><th>disagree</th><th>passed</th><th>epoch scores</th>")
          .append("<th>reduced</th></tr></thead><tbody>\n");
      for (JudgedSeed s : flaky.subList(0, Math.min(LISTED, flaky.size()))) {
        String key = s.result().seedKey();
        html.append("<tr><td data-v=\"").append(Html.escape(key)).append("\">")
            .append(Html.escape(key)).append("</td><td class=\"num\" data-v=\"")
            .append(String.valueOf(s.flakiness().disagreement())).append("\">")
            .append(Numbers.format(s.flakiness().disagreement())).append("</td><td class=\"num\">")
            .append(String.valueOf(s.flakiness().passes())).append(" / ")
            .append(String.valueOf(s.flakiness().epochs())).append("</td><td>")
            .append(Html.escape(scores(s.epochs()))).append("</td><td class=\"num\">")
            .append(s.result().metrics().score() == null ? "-"
                : Numbers.format(s.result().metrics().score()))
            .append("</td></tr>\n");
      }
      html.append("</tbody></table></div>\n");
    }
    html.append("</section>\n");
  }

  private static String scores(List<SeedResult> epochs) {
    return epochs.stream().map(r -> Numbers.format(r.metrics().score()))
        .collect(Collectors.joining(", "));
  }
}
