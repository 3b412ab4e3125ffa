package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.SeedResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

  @TempDir Path dir;

  private static final Map<String, Object> METADATA = Map.of("engine_version", "0.1.0-test",
      "mode", "direct", "git_commit", "26d441e0a1b2c3d4e5f60718293a4b5c6d7e8f90");

  @Test
  void selfContainedPageWithVerdictChartsAndSortableSeedTable() {
    SuiteConfig config = SummaryFixtures.config(dir);

    String html = HtmlReport.render(SummaryFixtures.run(config, SummaryFixtures.mixed()),
        METADATA, config.output().dir());

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    // Nothing is fetched: no external script, style, image or font.
    assertThat(html).doesNotContainPattern(
        Pattern.compile("(src|href)=\"(https?:)?//", Pattern.CASE_INSENSITIVE));
    assertThat(html).doesNotContain("<link").doesNotContain("@import");
    assertThat(html).contains("<span class=\"badge passed\">passed</span>");
    assertThat(html).contains("<figcaption>Score histogram</figcaption><svg");
    assertThat(html).contains("<figcaption>Cost per seed</figcaption><svg");
    assertThat(html).contains("<figcaption>Latency per seed</figcaption><svg");
    assertThat(html).contains("<table class=\"sortable seeds\">");
    assertThat(html).contains("<a href=\"traces/seed_0_trace.json\">trace</a>");
    assertThat(html).contains("26d441e0a1b2");
    // Task-app text is escaped, never interpreted.
    assertThat(html).contains("&lt;b&gt;boom&lt;/b&gt;").doesNotContain("<b>boom</b>");
    assertThat(html).contains("score 0.25 is below the required 0.5");
  }

  @Test
  void aMatrixShowsVariantsSideBySideWithLinksIntoEachVariantFolder() {
    SuiteConfig config = SummaryFixtures.config(dir);
    Variant small = new Variant("small \"model\"", Map.of("model", "s"));
    Variant large = new Variant("large", Map.of("model", "l"));
    List<SeedResult> smallResults = SummaryFixtures.mixed();
    List<SeedResult> largeResults = List.of(
        ReportFixtures.completed(0, 1.0, 1.0, null, null),
        ReportFixtures.completed(1, 1.0, 1.0, null, null));
    SuiteResults run = new SuiteResults(config, "http://x", ReportFixtures.T0,
        ReportFixtures.T0.plusSeconds(3), List.of(
            VariantResults.judged(config, small, config.output().dir().resolve("small \"model\""),
                smallResults),
            VariantResults.judged(config, large, config.output().dir().resolve("large"),
                largeResults)));

    String html = HtmlReport.render(run, METADATA, config.output().dir());

    assertThat(html).contains("<h2>Variants side by side</h2>");
    assertThat(html).contains("<th>small &quot;model&quot;</th><th>large</th>");
    assertThat(html).contains("grid-template-columns:repeat(2,minmax(0,1fr))");
    assertThat(html).contains("Score histogram · large");
    assertThat(html).contains("href=\"small%20%22model%22/traces/seed_0_trace.json\"");
    assertThat(html).contains("href=\"large/traces/seed_1_trace.json\"");
  }
}
