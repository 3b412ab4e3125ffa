package dev.evalunit.engine.report;

import dev.evalunit.engine.results.Numbers;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Small inline SVG charts for the HTML report: no script, no external resource; each bar has a
 * {@code <title>} so the browser shows its value on hover.
 */
final class SvgCharts {

  private static final int WIDTH = 420;
  private static final int HEIGHT = 180;
  private static final int LEFT = 50;
  private static final int RIGHT = 8;
  private static final int TOP = 16;
  private static final int BOTTOM = 28;
  private static final int BINS = 10;

  private SvgCharts() {}

  /**
   * One bar of a bar chart.
   *
   * @param label the x-axis label (a seed)
   * @param value the height, or null for a seed with no value (drawn as a gap)
   * @param css the bar's class ({@code ok}, {@code failed}, {@code errored})
   */
  record Bar(String label, Double value, String css) {}

  /** A histogram of scores: ten bins over [0, 1], or over the scores' range if they leave it. */
  static String histogram(List<Double> scores, String caption) {
    List<Double> values = scores.stream().filter(Objects::nonNull).toList();
    if (values.isEmpty()) {
      return empty(caption, "no scores reported");
    }
    double min = Math.min(0, values.stream().mapToDouble(Double::doubleValue).min().orElse(0));
    double max = Math.max(1, values.stream().mapToDouble(Double::doubleValue).max().orElse(1));
    int[] counts = new int[BINS];
    for (double v : values) {
      int bin = (int) Math.floor((v - min) / (max - min) * BINS);
      counts[Math.min(BINS - 1, Math.max(0, bin))]++;
    }
    int highest = 0;
    for (int c : counts) {
      highest = Math.max(highest, c);
    }
    StringBuilder svg = open(caption);
    axes(svg, highest, "");
    double slot = plotWidth() / (double) BINS;
    for (int i = 0; i < BINS; i++) {
      double from = min + (max - min) * i / BINS;
      double to = min + (max - min) * (i + 1) / BINS;
      double h = highest == 0 ? 0 : plotHeight() * counts[i] / (double) highest;
      String range = Numbers.format(from) + (i == BINS - 1 ? " – " : " – <") + Numbers.format(to);
      svg.append(String.format(Locale.ROOT,
          "<rect class=\"bar score\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
              + "<title>%s: %d seed%s</title></rect>",
          LEFT + i * slot + 1, TOP + plotHeight() - h, slot - 2, h,
          Html.escape(range), counts[i], counts[i] == 1 ? "" : "s"));
      if (counts[i] > 0) {
        svg.append(String.format(Locale.ROOT,
            "<text class=\"count\" x=\"%.1f\" y=\"%.1f\">%d</text>",
            LEFT + i * slot + slot / 2, TOP + plotHeight() - h - 3, counts[i]));
      }
    }
    xLabel(svg, LEFT, "start", Numbers.format(min));
    xLabel(svg, LEFT + plotWidth() / 2.0, "middle", Numbers.format((min + max) / 2));
    xLabel(svg, LEFT + plotWidth(), "end", Numbers.format(max));
    return close(svg);
  }

  /** One bar per seed, in seed order. */
  static String bars(List<Bar> bars, String caption, String unit) {
    double highest = bars.stream().map(Bar::value).filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    if (Double.isNaN(highest)) {
      return empty(caption, "none reported");
    }
    double top = highest <= 0 ? 1 : highest;
    StringBuilder svg = open(caption);
    axes(svg, top, unit);
    double slot = plotWidth() / (double) bars.size();
    double gap = slot > 4 ? 1 : 0;
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      if (bar.value() == null) {
        continue;
      }
      double h = plotHeight() * Math.max(0, bar.value()) / top;
      svg.append(String.format(Locale.ROOT,
          "<rect class=\"bar %s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\">"
              + "<title>%s: %s%s</title></rect>",
          Html.escape(bar.css()), LEFT + i * slot + gap / 2, TOP + plotHeight() - h,
          Math.max(0.5, slot - gap), h, Html.escape(bar.label()),
          Html.escape(Numbers.significant(bar.value())), Html.escape(unit)));
    }
    xLabel(svg, LEFT, "start", bars.get(0).label());
    if (bars.size() > 1) {
      xLabel(svg, LEFT + plotWidth(), "end", bars.get(bars.size() - 1).label());
    }
    return close(svg);
  }

  private static StringBuilder open(String caption) {
    StringBuilder svg = new StringBuilder();
    svg.append("<figure class=\"chart\"><figcaption>").append(Html.escape(caption))
        .append("</figcaption>");
    svg.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"").append(Html.escape(caption)).append("\">");
    return svg;
  }

  private static String close(StringBuilder svg) {
    return svg.append("</svg></figure>").toString();
  }

  private static String empty(String caption, String why) {
    return "<figure class=\"chart\"><figcaption>" + Html.escape(caption)
        + "</figcaption><p class=\"empty\">" + Html.escape(why) + "</p></figure>";
  }

  /** Horizontal grid lines at 0, half and the top, with their values on the left. */
  private static void axes(StringBuilder svg, double top, String unit) {
    for (int i = 0; i <= 2; i++) {
      double y = TOP + plotHeight() - plotHeight() * i / 2.0;
      double value = top * i / 2.0;
      svg.append(String.format(Locale.ROOT,
          "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
          LEFT, y, WIDTH - RIGHT, y));
      svg.append(String.format(Locale.ROOT,
          "<text class=\"tick\" x=\"%d\" y=\"%.1f\">%s</text>",
          LEFT - 4, y + 3, Html.escape(compact(value) + (i == 2 ? unit : ""))));
    }
  }

  private static void xLabel(StringBuilder svg, double x, String anchor, String text) {
    svg.append(String.format(Locale.ROOT,
        "<text class=\"xlabel\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>",
        x, HEIGHT - 10, anchor, Html.escape(text)));
  }

  /** Axis labels stay short: three significant digits, 12345.678 as 12346, 0.0000185 as 1.9e-5. */
  private static String compact(double value) {
    double abs = Math.abs(value);
    if (abs == 0) {
      return "0";
    }
    if (abs >= 100) {
      return Long.toString(Math.round(value));
    }
    if (abs < 0.001) {
      // 1.9e-5: short enough for the axis margin
      String[] parts = String.format(Locale.ROOT, "%.1e", value).split("e");
      return parts[0].replaceAll("\\.0$", "") + "e" + Integer.parseInt(parts[1]);
    }
    return new BigDecimal(value).round(new MathContext(3, RoundingMode.HALF_EVEN))
        .stripTrailingZeros().toPlainString();
  }

  private static int plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private static int plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }
}
