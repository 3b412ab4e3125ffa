package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownSummaryTest {

  @TempDir Path dir;

  @Test
  void verdictNumbersAndWorstSeedsFirst() {
    SuiteConfig config = SummaryFixtures.config(dir);

    String md = MarkdownSummary.render(SummaryFixtures.run(config, SummaryFixtures.mixed()));

    // mean over completed seeds: (1 + 0.25 + 0.75) / 3 = 0.6667 >= 0.6; pass rate 2/4 (the
    // errored seed did not pass); three of the four seeds report a cost
    assertThat(md).startsWith("### ✅ ConfigFileSuite: passed\n\n"
        + "`dev.evalunit.engine.reportsuites.ConfigFileSuite` · 4 seeds · 3 of 4 seeds priced"
        + " · 1m 12s · config `");
    assertThat(md).contains("| default | ✅ passed | 0.6667 | 0.5 (2/4) | 2 / 1 / 1 / 0 "
        + "| 2900 | 0.0013 | 333.125 |");
    assertThat(md).contains("<details><summary>Worst seeds</summary>");
    String worst = md.substring(md.indexOf("<details>"));
    assertThat(worst.indexOf("| 2 | errored")).isLessThan(worst.indexOf("| 1 | failed"));
    assertThat(worst.indexOf("| 1 | failed")).isLessThan(worst.indexOf("| 3 | passed"));
    assertThat(worst).contains("score 0.25 is below the required 0.5");
    assertThat(worst).contains("<b>boom</b> \\| pipe").doesNotContain("| 0 | passed");
  }

  @Test
  void aMissedSuiteThresholdIsListed() {
    SuiteConfig config = SummaryFixtures.config(dir);

    String md = MarkdownSummary.render(SummaryFixtures.run(config, List.of(
        ReportFixtures.completed(0, 0.25, 1.0, null, null),
        ReportFixtures.completed(1, 0.5, 1.0, null, null))));

    assertThat(md).startsWith("### ❌ ConfigFileSuite: failed");
    assertThat(md).contains("| default | ❌ failed | 0.375 | 0.5 (1/2) | 1 / 1 / 0 / 0 | - | - | 1 |");
    // the 95% interval of two scores (0.25, 0.5): 0.375 ± t(0.975; 1) · 0.125 = 0.375 ± 1.5883
    assertThat(md).contains("\n- mean score 0.375 is below the required 0.6 (over 2 completed "
        + "seeds; 95% CI [-1.2133, 1.9633])\n");
    assertThat(md).contains("\n- mean score 0.375, 95% CI [-1.2133, 1.9633] (skew-corrected t, 2 seeds)");
  }
}
