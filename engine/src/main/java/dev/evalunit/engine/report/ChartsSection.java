package dev.evalunit.engine.report;

import dev.evalunit.engine.report.ChartAxis.Unit;
import dev.evalunit.engine.report.SvgCharts.Bar;
import dev.evalunit.engine.report.SvgCharts.Histogram;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.SeedResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The report's charts: a score histogram, cost per seed and latency per seed. With a matrix each
 * chart is a row with a column per variant, and each row shares its axes (score range, count,
 * cost, latency) across the variants, so a variant that costs three times as much draws bars three
 * times as high. Latency outliers are clipped to the axis and marked; cost is never clipped.
 */
final class ChartsSection {

  private ChartsSection() {}

  /** The numbers of one variant that its charts draw. */
  private record Series(String suffix, List<Double> scores, List<Bar> costs, List<Bar> latencies) {}

  static void write(PrintWriter html, List<ReportVariant> variants, boolean matrix) {
    List<Series> series = new ArrayList<>();
    for (ReportVariant v : variants) {
      series.add(series(v, matrix));
    }
    double scoreMin = 0;
    double scoreMax = 1;
    double costMax = 0;
    List<Double> latencies = new ArrayList<>();
    for (Series s : series) {
      for (Double score : s.scores()) {
        scoreMin = Math.min(scoreMin, score);
        scoreMax = Math.max(scoreMax, score);
      }
      for (Bar b : s.costs()) {
        if (b.value() != null) {
          costMax = Math.max(costMax, b.value());
        }
      }
      s.latencies().stream().map(Bar::value).filter(v -> v != null).forEach(latencies::add);
    }
    List<Histogram> histograms = new ArrayList<>();
    int highestCount = 0;
    for (Series s : series) {
      Histogram h = Histogram.of(s.scores(), scoreMin, scoreMax);
      histograms.add(h);
      highestCount = Math.max(highestCount, h.highest());
    }
    ChartAxis countAxis = ChartAxis.covering(highestCount, Unit.COUNT);
    ChartAxis costAxis = ChartAxis.covering(costMax, Unit.USD);
    ChartAxis latencyAxis = ChartAxis.clippingOutliers(
        latencies.stream().mapToDouble(Double::doubleValue).toArray(), Unit.MS);

    html.append("<section class=\"charts\">\n<h2>Charts</h2>\n");
    legend(html, series, latencyAxis, matrix);
    html.append("<div class=\"chart-grid").append(matrix ? " matrix\"" : "\"");
    if (matrix) {
      html.append(" style=\"grid-template-columns:repeat(").append(String.valueOf(variants.size()))
          .append(",minmax(0,1fr))\"");
    }
    html.append(">\n");
    for (int i = 0; i < series.size(); i++) {
      html.append(SvgCharts.histogram(histograms.get(i), countAxis,
          "Score histogram" + series.get(i).suffix())).append('\n');
    }
    for (Series s : series) {
      html.append(SvgCharts.bars(s.costs(), costAxis, "Cost per seed" + s.suffix()))
          .append('\n');
    }
    for (Series s : series) {
      html.append(SvgCharts.bars(s.latencies(), latencyAxis, "Latency per seed" + s.suffix()))
          .append('\n');
    }
    html.append("</div>\n</section>\n");
  }

  private static Series series(ReportVariant v, boolean matrix) {
    List<Double> scores = new ArrayList<>();
    List<Bar> costs = new ArrayList<>();
    List<Bar> latencies = new ArrayList<>();
    for (JudgedSeed judged : v.results().seeds()) {
      SeedResult r = judged.result();
      String outcome = HtmlReport.outcome(judged);
      if (r.completed() && r.metrics().score() != null) {
        scores.add(r.metrics().score());
      }
      String label = HtmlReport.label(r);
      costs.add(new Bar(label, r.metrics().costUsd(), outcome));
      latencies.add(new Bar(label, r.latencyMs(), outcome));
    }
    return new Series(matrix ? " · " + v.key() : "", scores, costs, latencies);
  }

  /** What the colours and marks mean; binning and clipping are explained only when they occur. */
  private static void legend(PrintWriter html, List<Series> series, ChartAxis latencyAxis,
      boolean matrix) {
    Set<String> outcomes = new LinkedHashSet<>();
    boolean binned = false;
    boolean clipped = false;
    for (Series s : series) {
      binned |= s.costs().size() > SvgCharts.MAX_BARS;
      for (Bar b : s.latencies()) {
        outcomes.add(b.outcome());
        clipped |= b.value() != null && latencyAxis.clips(b.value());
      }
    }
    html.append("<ul class=\"legend\">");
    for (String outcome : SvgCharts.OUTCOMES) {
      if (outcomes.contains(outcome)) {
        html.append("<li><span class=\"swatch ").append(outcome).append("\"></span>")
            .append(outcome.replace('-', ' ')).append("</li>");
      }
    }
    if (binned) {
      html.append("<li><span class=\"swatch bin\"></span>bin of consecutive seeds: bar at their"
          + " mean, line at their maximum, strip below with their outcomes</li>");
    }
    if (clipped) {
      html.append("<li><span class=\"mark\">▲</span>value above the axis, clipped (listed"
          + " under the chart)</li>");
    }
    if (matrix) {
      html.append("<li>each row shares its axes across variants</li>");
    }
    html.append("</ul>\n");
  }
}
