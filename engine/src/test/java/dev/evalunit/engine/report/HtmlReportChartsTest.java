package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.SeedResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the report's charts and comparison table show: the issue 11 point 7 checks. */
class HtmlReportChartsTest {

  @TempDir Path dir;

  private static final Map<String, Object> METADATA = Map.of("engine_version", "0.1.0-test",
      "mode", "direct");
  private static final Pattern RECT_HEIGHT = Pattern.compile(
      "<rect class=\"bar (?:passed|failed|errored|not-run)[^\"]*\"[^>]*height=\"([0-9.]+)\"");
  private static final Pattern TICK = Pattern.compile("<text class=\"tick\"[^>]*>([^<]*)</text>");

  @Test
  void aMatrixSharesEachChartsAxisSoThreeTimesTheCostDrawsThreeTimesTheHeight() {
    SuiteConfig config = SummaryFixtures.config(dir);
    String html = HtmlReport.render(matrix(config,
        List.of(seed(0, 1.0, 100.0, 0.001), seed(1, 1.0, 100.0, 0.001)),
        List.of(seed(0, 1.0, 300.0, 0.003), seed(1, 1.0, 300.0, 0.003))),
        METADATA, config.output().dir());

    String cheap = figure(html, "Cost per seed · cheap");
    String dear = figure(html, "Cost per seed · dear");
    assertThat(ticks(cheap)).isEqualTo(ticks(dear)).contains("$0", "$0.003");
    assertThat(heights(dear).get(0)).isCloseTo(3 * heights(cheap).get(0),
        org.assertj.core.data.Offset.offset(0.2));
    assertThat(ticks(figure(html, "Latency per seed · cheap")))
        .isEqualTo(ticks(figure(html, "Latency per seed · dear")));
    assertThat(heights(figure(html, "Latency per seed · dear")).get(0))
        .isCloseTo(3 * heights(figure(html, "Latency per seed · cheap")).get(0),
            org.assertj.core.data.Offset.offset(0.2));
    assertThat(ticks(figure(html, "Score histogram · cheap")))
        .isEqualTo(ticks(figure(html, "Score histogram · dear")));
    assertThat(html).contains("each row shares its axes across variants");
  }

  @Test
  void oneSlowSeedIsClippedAndNamedInsteadOfFlatteningTheLatencyChart() {
    SuiteConfig config = SummaryFixtures.config(dir);
    List<SeedResult> results = List.of(seed(0, 1.0, 78.0, null), seed(1, 1.0, 55.0, null),
        seed(2, 1.0, 48.0, null), seed(3, 1.0, 1417.0, null), seed(4, 1.0, 52.0, null),
        seed(5, 1.0, 45.0, null));

    String latency = figure(HtmlReport.render(SummaryFixtures.run(config, results), METADATA,
        config.output().dir()), "Latency per seed");

    assertThat(ticks(latency)).containsExactly("0", "20", "40", "60", "80");
    assertThat(latency).containsOnlyOnce(" clipped\"").contains("<title>seed 3: 1417 ms (clipped)")
        .contains("<path class=\"outlier\"").contains(">1417 ms</text>");
    assertThat(latency).contains(
        "<p class=\"note\">1 seed above 80 ms is clipped: seed 3 (1417 ms)</p>");
    // The other bars keep their size: 78 ms of an 80 ms axis is nearly full height.
    assertThat(heights(latency).get(0)).isGreaterThan(0.9 * 136);
  }

  @Test
  void costIsNeverClippedSoTheDearestSeedSetsTheAxis() {
    SuiteConfig config = SummaryFixtures.config(dir);
    List<SeedResult> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      results.add(seed(i, 1.0, 50.0, i == 3 ? 0.05 : 0.0001));
    }
    String cost = figure(HtmlReport.render(SummaryFixtures.run(config, results), METADATA,
        config.output().dir()), "Cost per seed");

    assertThat(ticks(cost)).containsExactly("$0", "$0.02", "$0.04", "$0.06");
    assertThat(cost).doesNotContain("clipped").doesNotContain("class=\"outlier\"");
  }

  @Test
  void latencyWithoutOutliersIsNotClipped() {
    SuiteConfig config = SummaryFixtures.config(dir);
    List<SeedResult> results = new ArrayList<>();
    double[] spread = {249, 251, 230, 240, 58, 50, 55, 41, 136, 105, 103, 56, 147, 103};
    for (int i = 0; i < spread.length; i++) {
      results.add(seed(i, 1.0, spread[i], null));
    }
    String html = HtmlReport.render(SummaryFixtures.run(config, results), METADATA,
        config.output().dir());

    assertThat(figure(html, "Latency per seed")).doesNotContain("clipped")
        .doesNotContain("class=\"outlier\"");
    assertThat(ticks(figure(html, "Latency per seed"))).last().isEqualTo("300");
  }

  @Test
  void comparisonCellsAreColouredByScoreWithMeanAndDeltaRows() {
    SuiteConfig config = SummaryFixtures.config(dir);
    String html = HtmlReport.render(matrix(config,
        List.of(seed(0, 0.0, 10.0, null), seed(1, 0.5, 10.0, null)),
        List.of(seed(0, 1.0, 10.0, null), seed(1, 1.0, 10.0, null))),
        METADATA, config.output().dir());

    String table = html.substring(html.indexOf("<table class=\"sortable compare\">"));
    table = table.substring(0, table.indexOf("</table>"));
    // Score 0 is red (hue 4), 0.5 amber, 1 green (hue 135); a failed seed is not green.
    assertThat(table).contains("<td class=\"num failed\" data-v=\"0.0\" style=\"background:"
        + "hsl(4,70%,84%)\">0</td>");
    assertThat(table).contains("data-v=\"0.5\" style=\"background:hsl(70,70%,86%)\">0.5</td>");
    assertThat(table).contains("<td class=\"num passed\" data-v=\"1.0\" style=\"background:"
        + "hsl(135,70%,88%)\">1</td>");
    assertThat(table).contains("<tr class=\"summary\"><td>mean</td><td class=\"num\" style=\""
        + "background:hsl(37,70%,85%)\">0.25</td><td class=\"num\" style=\"background:"
        + "hsl(135,70%,88%)\">1</td></tr>");
    assertThat(table).contains("<tr class=\"summary\"><td>Δ mean vs cheap</td>"
        + "<td class=\"num\">–</td><td class=\"num delta up\">+0.75</td></tr>");
  }

  @Test
  void aBigRunIsDrawnInBinsOfConsecutiveSeeds() {
    SuiteConfig config = SummaryFixtures.config(dir);
    List<SeedResult> results = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      results.add(i % 97 == 5 ? ReportFixtures.errored(i, "boom")
          : seed(i, i % 3 == 0 ? 0.0 : 1.0, 40.0 + i % 50, 0.0001));
    }
    String html = HtmlReport.render(SummaryFixtures.run(config, results), METADATA,
        config.output().dir());

    String cost = figure(html, "Cost per seed");
    assertThat(count(cost, "<rect class=\"bar bin\"")).isEqualTo(100);
    assertThat(count(cost, "<rect class=\"bar passed\"")).isZero();
    assertThat(cost).contains("seeds in run order, 20 per bar")
        .contains("<title>seed 0 – seed 19 (20 seeds): mean $0.0001, max $0.0001 · 12 passed,"
            + " 7 failed, 1 errored</title>")
        .contains("<rect class=\"strip errored\"").contains("<line class=\"whisker\"");
    assertThat(html).contains("bin of consecutive seeds");
    assertThat(count(figure(html, "Latency per seed"), "<rect class=\"bar bin\"")).isEqualTo(100);
  }

  @Test
  void upToAHundredSeedsEachSeedKeepsItsOwnBar() {
    SuiteConfig config = SummaryFixtures.config(dir);
    List<SeedResult> results = new ArrayList<>();
    for (int i = 0; i < SvgCharts.MAX_BARS; i++) {
      results.add(seed(i, 1.0, 50.0, 0.0001));
    }
    String html = HtmlReport.render(SummaryFixtures.run(config, results), METADATA,
        config.output().dir());

    assertThat(count(figure(html, "Cost per seed"), "<rect class=\"bar passed\""))
        .isEqualTo(SvgCharts.MAX_BARS);
    assertThat(html).doesNotContain("bar bin").doesNotContain("bin of consecutive seeds");
  }

  @Test
  void chartsHaveALegendAxisTitlesAndDollarTicks() {
    SuiteConfig config = SummaryFixtures.config(dir);
    String html = HtmlReport.render(SummaryFixtures.run(config, SummaryFixtures.mixed()),
        METADATA, config.output().dir());

    assertThat(html).contains("<ul class=\"legend\"><li><span class=\"swatch passed\"></span>"
        + "passed</li><li><span class=\"swatch failed\"></span>failed</li><li><span class=\""
        + "swatch errored\"></span>errored</li></ul>");
    String cost = figure(html, "Cost per seed");
    assertThat(cost).contains(">cost (USD)</text>").contains(">seeds in run order</text>");
    assertThat(ticks(cost)).containsExactly("$0", "$0.0002", "$0.0004", "$0.0006");
    assertThat(figure(html, "Latency per seed")).contains(">latency (ms)</text>");
    String histogram = figure(html, "Score histogram");
    assertThat(histogram).contains(">seeds</text>").contains(">score</text>");
  }

  @Test
  void seedAndComparisonTablesScrollSidewaysInsteadOfBeingCutOff() {
    SuiteConfig config = SummaryFixtures.config(dir);
    String html = HtmlReport.render(matrix(config, SummaryFixtures.mixed(),
        SummaryFixtures.mixed()), METADATA, config.output().dir());

    assertThat(count(html, "<div class=\"scroll\"><table class=\"sortable seeds\">"))
        .isEqualTo(2);
    assertThat(html).contains("<div class=\"scroll fit\"><table class=\"sortable compare\">");
    assertThat(html).contains(".scroll{overflow-x:auto;");
  }

  private static SeedResult seed(long n, double score, double latency, Double cost) {
    return ReportFixtures.completed(n, score, latency, null, cost);
  }

  private SuiteResults matrix(SuiteConfig config, List<SeedResult> cheap, List<SeedResult> dear) {
    return new SuiteResults(config, "http://x", ReportFixtures.T0,
        ReportFixtures.T0.plusSeconds(3), List.of(
            VariantResults.judged(config, new Variant("cheap", Map.of("model", "c")),
                config.output().dir().resolve("cheap"), cheap),
            VariantResults.judged(config, new Variant("dear", Map.of("model", "d")),
                config.output().dir().resolve("dear"), dear)));
  }

  /** The {@code <figure>} whose caption is exactly {@code caption}. */
  private static String figure(String html, String caption) {
    int start = html.indexOf("<figure class=\"chart\"><figcaption>" + caption + "</figcaption>");
    assertThat(start).as("chart %s", caption).isNotNegative();
    return html.substring(start, html.indexOf("</figure>", start));
  }

  private static List<String> ticks(String svg) {
    List<String> ticks = new ArrayList<>();
    Matcher m = TICK.matcher(svg);
    while (m.find()) {
      ticks.add(m.group(1));
    }
    return ticks;
  }

  private static List<Double> heights(String svg) {
    List<Double> heights = new ArrayList<>();
    Matcher m = RECT_HEIGHT.matcher(svg);
    while (m.find()) {
      heights.add(Double.parseDouble(m.group(1)));
    }
    assertThat(heights).isNotEmpty();
    return heights;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
