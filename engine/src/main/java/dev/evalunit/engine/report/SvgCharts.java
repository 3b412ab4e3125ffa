package dev.evalunit.engine.report;

import dev.evalunit.engine.report.ChartAxis.Unit;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts for the HTML report: no script, no external resource. Each chart has
 * axis titles and takes its y axis from the caller, so a row of charts (one per variant) shares
 * it. Each bar has a {@code <title>} so the browser shows its value on hover. Above
 * {@link #MAX_BARS} seeds, consecutive seeds are binned into one bar each.
 */
final class SvgCharts {

  /** Above this many seeds a bar chart draws bins of consecutive seeds instead of one per seed. */
  static final int MAX_BARS = 100;
  /** Outcomes in the order outcome strips stack them, also the CSS classes of their colours. */
  static final List<String> OUTCOMES = List.of("passed", "failed", "errored", "not-run");

  private static final int WIDTH = 420;
  private static final int HEIGHT = 196;
  private static final int LEFT = 62;
  private static final int RIGHT = 10;
  private static final int TOP = 24;
  private static final int BOTTOM = 36;
  private static final int STRIP = 5;
  private static final int LISTED_OUTLIERS = 3;

  private SvgCharts() {}

  /**
   * One bar of a bar chart.
   *
   * @param label the x-axis label (a seed)
   * @param value the height, or null for a seed with no value (drawn as a gap)
   * @param outcome the seed's outcome, one of {@link #OUTCOMES}
   */
  record Bar(String label, Double value, String outcome) {}

  /**
   * Scores counted into ten equal bins over [{@code min}, {@code max}].
   *
   * @param counts seeds per bin; the last bin includes {@code max}
   */
  record Histogram(double min, double max, int[] counts) {

    static final int BINS = 10;

    static Histogram of(List<Double> scores, double min, double max) {
      int[] counts = new int[BINS];
      for (Double v : scores) {
        if (v != null) {
          int bin = (int) Math.floor((v - min) / (max - min) * BINS);
          counts[Math.min(BINS - 1, Math.max(0, bin))]++;
        }
      }
      return new Histogram(min, max, counts);
    }

    int highest() {
      int highest = 0;
      for (int c : counts) {
        highest = Math.max(highest, c);
      }
      return highest;
    }

    int total() {
      int total = 0;
      for (int c : counts) {
        total += c;
      }
      return total;
    }
  }

  /** A histogram of scores on a count axis shared with the other variants' histograms. */
  static String histogram(Histogram histogram, ChartAxis counts, String caption) {
    if (histogram.total() == 0) {
      return empty(caption, "no scores reported");
    }
    StringBuilder svg = open(caption);
    grid(svg, counts);
    axisTitles(svg, counts.unit().title(), Unit.SCORE.title());
    double slot = plotWidth() / (double) Histogram.BINS;
    double min = histogram.min();
    double max = histogram.max();
    for (int i = 0; i < Histogram.BINS; i++) {
      int count = histogram.counts()[i];
      double from = min + (max - min) * i / Histogram.BINS;
      double to = min + (max - min) * (i + 1) / Histogram.BINS;
      double h = height(count, counts);
      String range = Unit.SCORE.value(from) + (i == Histogram.BINS - 1 ? " – " : " – <")
          + Unit.SCORE.value(to);
      svg.append(String.format(Locale.ROOT,
          "<rect class=\"bar score\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
              + "<title>score %s: %d seed%s</title></rect>",
          LEFT + i * slot + 1, baseline() - h, slot - 2, h,
          Html.escape(range), count, count == 1 ? "" : "s"));
      if (count > 0) {
        svg.append(String.format(Locale.ROOT,
            "<text class=\"count\" x=\"%.1f\" y=\"%.1f\">%d</text>",
            LEFT + i * slot + slot / 2, baseline() - h - 3, count));
      }
    }
    xLabel(svg, LEFT, "start", Unit.SCORE.value(min));
    xLabel(svg, LEFT + plotWidth() / 2.0, "middle", Unit.SCORE.value((min + max) / 2));
    xLabel(svg, LEFT + plotWidth(), "end", Unit.SCORE.value(max));
    return close(svg, List.of());
  }

  /**
   * Seeds in run order, one bar each (coloured by outcome), or above {@link #MAX_BARS} seeds one
   * bar per bin of consecutive seeds: its height the bin's mean, a line at its maximum, and a strip
   * under the axis with the bin's outcomes. Bars above the axis are clipped, marked and listed.
   */
  static String bars(List<Bar> bars, ChartAxis axis, String caption) {
    if (bars.stream().allMatch(b -> b.value() == null)) {
      return empty(caption, "none reported");
    }
    StringBuilder svg = open(caption);
    grid(svg, axis);
    List<Slot> slots = slots(bars);
    boolean binned = slots.size() < bars.size();
    axisTitles(svg, axis.unit().title(), binned
        ? "seeds in run order, " + slots.get(0).seeds() + " per bar" : "seeds in run order");
    double width = plotWidth() / (double) slots.size();
    double gap = width > 4 ? 1 : 0;
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      double x = LEFT + i * width + gap / 2;
      double w = Math.max(0.5, width - gap);
      if (slot.mean() != null) {
        bar(svg, slot, axis, x, w, binned);
      }
      if (binned) {
        strip(svg, slot, x, w);
      }
    }
    xLabel(svg, LEFT, "start", bars.get(0).label());
    if (bars.size() > 1) {
      xLabel(svg, LEFT + plotWidth(), "end", bars.get(bars.size() - 1).label());
    }
    return close(svg, outliers(bars, axis));
  }

  /**
   * One bar's worth of seeds: a single seed, or a bin of consecutive ones.
   *
   * @param mean the mean of the seeds' values, or null when none has one
   * @param max their maximum, or null
   * @param outcomes how many seeds had each of {@link #OUTCOMES}
   */
  private record Slot(String label, int seeds, Double mean, Double max, int[] outcomes,
      String outcome) {}

  private static List<Slot> slots(List<Bar> bars) {
    int perSlot = bars.size() <= MAX_BARS ? 1 : (bars.size() + MAX_BARS - 1) / MAX_BARS;
    List<Slot> slots = new ArrayList<>();
    for (int from = 0; from < bars.size(); from += perSlot) {
      int to = Math.min(bars.size(), from + perSlot);
      int[] outcomes = new int[OUTCOMES.size()];
      double sum = 0;
      double max = Double.NEGATIVE_INFINITY;
      int valued = 0;
      for (Bar bar : bars.subList(from, to)) {
        outcomes[Math.max(0, OUTCOMES.indexOf(bar.outcome()))]++;
        if (bar.value() != null) {
          valued++;
          sum += bar.value();
          max = Math.max(max, bar.value());
        }
      }
      String label = to - from == 1 ? bars.get(from).label()
          : bars.get(from).label() + " – " + bars.get(to - 1).label();
      slots.add(new Slot(label, to - from, valued == 0 ? null : sum / valued,
          valued == 0 ? null : max, outcomes, bars.get(from).outcome()));
    }
    return slots;
  }

  private static void bar(StringBuilder svg, Slot slot, ChartAxis axis, double x, double w,
      boolean binned) {
    Unit unit = axis.unit();
    boolean clipped = axis.clips(slot.mean());
    double h = height(slot.mean(), axis);
    String title = binned
        ? slot.label() + " (" + slot.seeds() + " seeds): mean " + unit.value(slot.mean())
            + ", max " + unit.value(slot.max()) + outcomeCounts(slot)
        : slot.label() + ": " + unit.value(slot.mean());
    svg.append(String.format(Locale.ROOT,
        "<rect class=\"bar %s%s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\">"
            + "<title>%s%s</title></rect>",
        binned ? "bin" : Html.escape(slot.outcome()), clipped ? " clipped" : "", x,
        baseline() - h, w, h, Html.escape(title), clipped ? " (clipped)" : ""));
    if (binned && !clipped) {
      double top = baseline() - height(slot.max(), axis);
      svg.append(String.format(Locale.ROOT,
          "<line class=\"whisker\" x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>",
          x, top, x + w, top));
    }
    if (clipped || axis.clips(slot.max())) {
      outlierMark(svg, x, w, unit.value(slot.max()));
    }
  }

  /** A break across the top of a clipped bar and a triangle above it, with the value if room. */
  private static void outlierMark(StringBuilder svg, double x, double w, String value) {
    double cx = x + w / 2;
    svg.append(String.format(Locale.ROOT,
        "<path class=\"break\" d=\"M%.2f %.1fL%.2f %.1fM%.2f %.1fL%.2f %.1f\"/>",
        x, TOP + 7.0, x + w, TOP + 3.0, x, TOP + 11.0, x + w, TOP + 7.0));
    svg.append(String.format(Locale.ROOT,
        "<path class=\"outlier\" d=\"M%.2f %dL%.2f %dL%.2f %dZ\"><title>%s</title></path>",
        cx - 3.5, TOP - 1, cx + 3.5, TOP - 1, cx, TOP - 7, Html.escape(value)));
    if (w >= 30) {
      svg.append(String.format(Locale.ROOT,
          "<text class=\"outlier-value\" x=\"%.2f\" y=\"%d\">%s</text>",
          cx + 6, TOP - 2, Html.escape(value)));
    }
  }

  /** Stacked outcome shares of a bin, under the axis. */
  private static void strip(StringBuilder svg, Slot slot, double x, double w) {
    double offset = 0;
    for (int o = 0; o < OUTCOMES.size(); o++) {
      int n = slot.outcomes()[o];
      if (n == 0) {
        continue;
      }
      double part = w * n / slot.seeds();
      svg.append(String.format(Locale.ROOT,
          "<rect class=\"strip %s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\"/>",
          OUTCOMES.get(o), x + offset, baseline() + 2.0, part, STRIP));
      offset += part;
    }
  }

  private static String outcomeCounts(Slot slot) {
    StringBuilder out = new StringBuilder();
    for (int o = 0; o < OUTCOMES.size(); o++) {
      if (slot.outcomes()[o] > 0) {
        out.append(out.isEmpty() ? " · " : ", ").append(slot.outcomes()[o]).append(' ')
            .append(OUTCOMES.get(o).replace('-', ' '));
      }
    }
    return out.toString();
  }

  /** The note under a chart naming the seeds above its axis, highest first. */
  private static List<String> outliers(List<Bar> bars, ChartAxis axis) {
    List<Bar> above = bars.stream().filter(b -> b.value() != null && axis.clips(b.value()))
        .sorted(Comparator.comparing(Bar::value).reversed()).toList();
    if (above.isEmpty()) {
      return List.of();
    }
    StringBuilder note = new StringBuilder();
    note.append(above.size()).append(above.size() == 1 ? " seed" : " seeds").append(" above ")
        .append(axis.unit().value(axis.topValue())).append(above.size() == 1 ? " is" : " are")
        .append(" clipped: ");
    for (int i = 0; i < Math.min(LISTED_OUTLIERS, above.size()); i++) {
      Bar bar = above.get(i);
      note.append(i == 0 ? "" : ", ").append(bar.label()).append(" (")
          .append(axis.unit().value(bar.value())).append(')');
    }
    if (above.size() > LISTED_OUTLIERS) {
      note.append(" and ").append(above.size() - LISTED_OUTLIERS).append(" more");
    }
    return List.of(note.toString());
  }

  private static StringBuilder open(String caption) {
    StringBuilder svg = new StringBuilder();
    svg.append("<figure class=\"chart\"><figcaption>").append(Html.escape(caption))
        .append("</figcaption>");
    svg.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"").append(Html.escape(caption)).append("\">");
    return svg;
  }

  private static String close(StringBuilder svg, List<String> notes) {
    svg.append("</svg>");
    notes.forEach(n -> svg.append("<p class=\"note\">").append(Html.escape(n)).append("</p>"));
    return svg.append("</figure>").toString();
  }

  private static String empty(String caption, String why) {
    return "<figure class=\"chart\"><figcaption>" + Html.escape(caption)
        + "</figcaption><p class=\"empty\">" + Html.escape(why) + "</p></figure>";
  }

  /** A grid line and label at every tick of the axis. */
  private static void grid(StringBuilder svg, ChartAxis axis) {
    for (BigDecimal tick : axis.ticks()) {
      double y = baseline() - height(tick.doubleValue(), axis);
      svg.append(String.format(Locale.ROOT,
          "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
          LEFT, y, WIDTH - RIGHT, y));
      svg.append(String.format(Locale.ROOT,
          "<text class=\"tick\" x=\"%d\" y=\"%.1f\">%s</text>",
          LEFT - 4, y + 3, Html.escape(axis.unit().tick(tick))));
    }
  }

  /** The y title sits level above the tick labels, so long cost ticks never run into it. */
  private static void axisTitles(StringBuilder svg, String y, String x) {
    svg.append(String.format(Locale.ROOT,
        "<text class=\"axis-title y\" x=\"4\" y=\"%d\">%s</text>", TOP - 11, Html.escape(y)));
    svg.append(String.format(Locale.ROOT,
        "<text class=\"axis-title\" x=\"%.1f\" y=\"%d\">%s</text>",
        LEFT + plotWidth() / 2.0, HEIGHT - 4, Html.escape(x)));
  }

  private static void xLabel(StringBuilder svg, double x, String anchor, String text) {
    svg.append(String.format(Locale.ROOT,
        "<text class=\"xlabel\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>",
        x, HEIGHT - 18, anchor, Html.escape(text)));
  }

  /** Pixel height of a value on the axis, at most the plot's height. */
  private static double height(double value, ChartAxis axis) {
    return plotHeight() * Math.min(1, Math.max(0, value) / axis.topValue());
  }

  private static double baseline() {
    return TOP + plotHeight();
  }

  private static int plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private static int plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }
}
