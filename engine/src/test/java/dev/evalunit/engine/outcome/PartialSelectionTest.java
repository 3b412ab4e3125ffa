package dev.evalunit.engine.outcome;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Issue 15, "partial selections judge the whole suite": a rerun of some seeds (IDE "rerun
 * failed", Surefire rerunFailingTestsCount, a unique id) is judged with the latest recorded
 * result of every other seed, says so, and never replaces a fuller run's reports with a subset.
 */
class PartialSelectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UniqueId SUITE = UniqueId.forEngine("evalunit")
      .append("suite", OutcomeSuite.class.getName());

  @TempDir Path baseDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private Path dir() {
    return baseDir.resolve("target/evalunit").resolve(OutcomeSuite.class.getName());
  }

  private void seedScores(long seed, double score) {
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalToNumber(seed)))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"metrics\":{\"mean_return\":" + score + "}}")));
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern equalToNumber(
      long n) {
    return com.github.tomakehurst.wiremock.client.WireMock.equalTo(Long.toString(n));
  }

  private record Run(List<String> tests, TestExecutionResult verdict, List<String> out) {}

  private Run run(List<DiscoverySelector> selectors, String... params) {
    EngineTestKit.Builder kit = EngineTestKit.engine(TestEngines.hermetic(Map.of(), baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.threshold.score", "0.2");
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    List<Event> finished = kit.selectors(selectors.toArray(DiscoverySelector[]::new)).execute()
        .testEvents().finished().list();
    List<String> names = new ArrayList<>();
    TestExecutionResult verdict = null;
    for (Event e : finished) {
      names.add(e.getTestDescriptor().getDisplayName());
      if (e.getTestDescriptor().getDisplayName().equals("suite verdict")) {
        verdict = e.getPayload(TestExecutionResult.class).orElseThrow();
      }
    }
    return new Run(names, verdict, List.of());
  }

  private static DiscoverySelector seed(long n) {
    return selectUniqueId(SUITE.append("seed", Long.toString(n)));
  }

  private static DiscoverySelector verdict() {
    return selectUniqueId(SUITE.append("verdict", "suite"));
  }

  /** Seeds 0 and 1 score 0.25, seeds 2 and 3 score 0: mean 0.125, seeds 2 and 3 fail. */
  private void firstFullRun() {
    seedScores(0, 0.25);
    seedScores(1, 0.25);
    seedScores(2, 0.0);
    seedScores(3, 0.0);
    Run first = run(List.of(selectClass(OutcomeSuite.class)));
    assertThat(first.verdict().getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
  }

  @Test
  void aRerunOfTwoFailedSeedsIsJudgedOverTheWholeSuite() throws Exception {
    firstFullRun();
    // The fix helps seeds 2 and 3 to 0.6: over those two alone the mean (0.6) would pass.
    seedScores(2, 0.6);
    seedScores(3, 0.6);

    Run rerun = run(List.of(seed(2), seed(3), verdict()));

    assertThat(rerun.tests()).containsExactlyInAnyOrder("seed 2", "seed 3", "suite verdict");
    assertThat(rerun.verdict().getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    // (0.25 + 0.25 + 0.6 + 0.6) / 4
    assertThat(rerun.verdict().getThrowable().orElseThrow().getMessage())
        .contains("mean score 0.425 is below the required 0.5 (over 4 completed seeds; 95% CI [");
    String summary = Files.readString(dir().resolve("summary.md"));
    assertThat(summary).startsWith("### ❌ OutcomeSuite: failed")
        .containsPattern("- 2 results reused from the run of \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ"
            + " \\(this run selected 2 of 4 seeds\\)")
        .contains("| 0.425 |");
    JsonNode report = JSON.readTree(dir().resolve("report.json").toFile());
    assertThat(report.get("results")).hasSize(4);
    assertThat(report.get("results").get(2).get("score").asDouble()).isEqualTo(0.6);
    assertThat(report.get("results").get(0).get("score").asDouble()).isEqualTo(0.25);
    assertThat(Files.readString(dir().resolve("report.html")))
        .contains("2 results reused from the run of");
  }

  @Test
  void theVerdictAloneIsJudgedOverTheRecordedRun() throws Exception {
    firstFullRun();
    taskApp.resetRequests();

    Run alone = run(List.of(verdict()));

    assertThat(alone.tests()).containsExactly("suite verdict");
    assertThat(taskApp.getAllServeEvents()).isEmpty();
    assertThat(alone.verdict().getThrowable().orElseThrow().getMessage())
        .contains("mean score 0.125 is below the required 0.5 (over 4 completed seeds; 95% CI [");
    assertThat(Files.readString(dir().resolve("summary.md")))
        .contains("4 results reused from the run of");
    assertThat(Files.readString(dir().resolve("report.html")))
        .contains("<title>OutcomeSuite · failed · evalunit</title>");
  }

  @Test
  void withoutARecordedRunTheVerdictIsAbortedWithTheReason() {
    seedScores(0, 1.0);

    Run partial = run(List.of(seed(0), verdict()));

    assertThat(partial.verdict().getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(partial.verdict().getThrowable().orElseThrow().getMessage())
        .contains("not judged: this run selected 1 of 4 seeds and 3 of the others (1, 2, 3)"
            + " have no recorded result under config ")
        .contains("run the whole suite once");
  }

  @Test
  void aPartialRunNeverReplacesAFullerRunsReports() throws Exception {
    firstFullRun();
    String html = Files.readString(dir().resolve("report.html"));
    String json = Files.readString(dir().resolve("report.json"));
    String txt = Files.readString(dir().resolve("report.txt"));
    seedScores(0, 1.0);

    // Other settings (another env): nothing recorded under this config hash for seeds 1..3.
    Run partial = run(List.of(seed(0), verdict()), "evalunit.env", "other");

    assertThat(partial.verdict().getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(Files.readString(dir().resolve("report.html"))).isEqualTo(html);
    assertThat(Files.readString(dir().resolve("report.json"))).isEqualTo(json);
    assertThat(Files.readString(dir().resolve("report.txt"))).isEqualTo(txt);
  }
}
