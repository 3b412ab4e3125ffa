package dev.evalunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads the XML Surefire wrote for {@link RolloutTimingEval} in this build: the samples' second
 * Surefire execution ({@code surefire-report-check} in the samples POM) runs this class after the
 * first one has run the suites. Skipped (not passed) when this build did not run the suite, e.g.
 * under {@code -Dtest=...} or with a report left from an earlier build.
 */
class SurefireReportCheck {

  private static final Path REPORT = Path.of("target/surefire-reports",
      "TEST-" + RolloutTimingEval.class.getName() + ".xml");
  private static final double DELAY_SECONDS = 0.4; // delay_ms in evals/rollout-timing.toml
  private static final int SEEDS = 6;

  private static final Map<String, Element> testcases = new LinkedHashMap<>();

  @BeforeAll
  static void readReport() throws Exception {
    String buildStarted = System.getProperty("samples.build.started", "");
    Assumptions.assumeTrue(Files.isRegularFile(REPORT), "no " + REPORT + ": suite not run");
    Assumptions.assumeTrue(!buildStarted.isBlank()
            && Files.getLastModifiedTime(REPORT).toInstant().isAfter(
                Instant.from(DateTimeFormatter.ISO_INSTANT.parse(buildStarted))),
        REPORT + " is older than this build (started " + buildStarted + ")");
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(REPORT.toFile());
    NodeList cases = xml.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element testcase = (Element) cases.item(i);
      testcases.put(testcase.getAttribute("name"), testcase);
    }
  }

  @Test
  void everySeedIsNamedAndCountedUnderItsSuiteClass() {
    List<String> expected = new ArrayList<>();
    for (int seed = 0; seed < SEEDS; seed++) {
      expected.add("seed " + seed);
    }
    expected.add("suite verdict");
    assertThat(testcases.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(testcases.values()).allSatisfy(testcase -> assertThat(
        testcase.getAttribute("classname")).isEqualTo(RolloutTimingEval.class.getName()));
  }

  @Test
  void everySeedsTimeIsItsRolloutsTime() {
    for (int seed = 0; seed < SEEDS; seed++) {
      Element testcase = testcases.get("seed " + seed);
      assertThat(Double.parseDouble(testcase.getAttribute("time")))
          .as("time of seed %d (its rollout waits %s s in the task app)", seed, DELAY_SECONDS)
          .isGreaterThanOrEqualTo(DELAY_SECONDS);
    }
  }

  @Test
  void everySeedsOutputHoldsItsOwnLineOnly() {
    for (int seed = 0; seed < SEEDS; seed++) {
      String out = systemOut(testcases.get("seed " + seed));
      assertThat(out).as("<system-out> of seed %d", seed)
          .contains("[evalunit] seed " + seed + ": status=");
      for (int other = 0; other < SEEDS; other++) {
        if (other != seed) {
          assertThat(out).as("<system-out> of seed %d", seed)
              .doesNotContain("[evalunit] seed " + other + ":");
        }
      }
    }
    assertThat(systemOut(testcases.get("suite verdict"))).contains("[evalunit] verdict ");
  }

  private static String systemOut(Element testcase) {
    NodeList out = testcase.getElementsByTagName("system-out");
    return out.getLength() == 0 ? "" : out.item(0).getTextContent();
  }
}
