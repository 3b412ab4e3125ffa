package dev.evalunit.engine.outcome;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Issue 15, "one outcome, computed once": the verdict test's JUnit result, summary.md, the
 * GitHub step summary, report.html and metadata.json state the same outcome, and report.json
 * holds every seed the outcome judged, for passed, failed, budget stop, inconclusive and no data.
 * Before, a budget stop failed the verdict test while summary.md and report.html said "passed".
 */
class OutcomeAgreementTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path baseDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private void everyRolloutScores(double score) {
    taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"metrics\":{\"mean_return\":" + score
            + ",\"details\":{\"cost_usd\":0.1,\"tokens\":400}}}")));
  }

  /** What each place said about the suite. */
  private record Stated(TestExecutionResult junit, String summary, String stepSummary,
      String html, JsonNode metadata, JsonNode report) {

    String metadataOutcome() {
      return metadata.get("verdicts").get("default").get("outcome").asText();
    }
  }

  private Stated run(String... params) throws Exception {
    Path stepSummary = baseDir.resolve("step-summary.md");
    EngineTestKit.Builder kit = EngineTestKit.engine(TestEngines.hermetic(
            Map.of("GITHUB_STEP_SUMMARY", stepSummary.toString()), baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.retry.maxRetries", "0");
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    Event verdict = kit.selectors(selectClass(OutcomeSuite.class)).execute().testEvents()
        .finished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals("suite verdict"))
        .findFirst().orElseThrow();
    Path dir = baseDir.resolve("target/evalunit").resolve(OutcomeSuite.class.getName());
    return new Stated(verdict.getPayload(TestExecutionResult.class).orElseThrow(),
        Files.readString(dir.resolve("summary.md")), Files.readString(stepSummary),
        Files.readString(dir.resolve("report.html")),
        JSON.readTree(dir.resolve("metadata.json").toFile()),
        JSON.readTree(dir.resolve("report.json").toFile()));
  }

  private static void assertAllSay(Stated s, String label, String icon) {
    assertThat(s.summary()).startsWith("### " + icon + " OutcomeSuite: " + label + "\n")
        .contains("| default | " + icon + " " + label + " |");
    assertThat(s.stepSummary()).isEqualTo(s.summary());
    assertThat(s.html()).contains("<title>OutcomeSuite · " + label + " · evalunit</title>")
        .contains("Suite verdict <span class=\"badge");
    assertThat(s.metadataOutcome()).isEqualTo(label);
    assertThat(s.report().get("results")).hasSize(4);
  }

  @Test
  void passed() throws Exception {
    everyRolloutScores(1.0);

    Stated s = run();

    assertThat(s.junit().getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertAllSay(s, "passed", "✅");
    assertThat(s.summary()).contains("4 of 4 seeds priced");
    // Without a confidence level the point comparison decides, and the 95% interval is shown.
    // Scores all 1: both are exact intervals of 4/4, lower bound 0.025^(1/4) = 0.3976.
    assertThat(s.summary()).contains("- mean score 1, 95% CI [0.3976, 1] (Clopper-Pearson, 4 seeds)")
        .contains("- pass rate 1, 95% CI [0.3976, 1] (Clopper-Pearson, 4 seeds)");
    assertThat(s.html())
        .contains("<dt>mean score 95% CI</dt><dd>[0.3976, 1] (Clopper-Pearson, 4 seeds)");
    JsonNode interval = s.metadata().get("verdicts").get("default").get("intervals").get(1);
    assertThat(interval.get("metric").asText()).isEqualTo("pass rate");
    assertThat(interval.get("lower").asDouble()).isCloseTo(Math.pow(0.025, 0.25),
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(interval.get("confidence").asDouble()).isEqualTo(0.95);
  }

  @Test
  void failed() throws Exception {
    everyRolloutScores(0.25);

    Stated s = run();

    assertThat(s.junit().getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(s.junit().getThrowable().orElseThrow()).isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("mean score 0.25 is below the required 0.5");
    assertAllSay(s, "failed", "❌");
    assertThat(s.summary()).contains("- mean score 0.25 is below the required 0.5");
    assertThat(s.html()).contains("<li>mean score 0.25 is below the required 0.5");
  }

  /** The case that disagreed: the verdict test failed, the reports said "passed". */
  @Test
  void budgetStop() throws Exception {
    everyRolloutScores(1.0);

    Stated s = run("evalunit.budget.usd", "0.15");

    assertThat(s.junit().getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    String reason = s.junit().getThrowable().orElseThrow().getMessage();
    assertThat(reason).contains("stopped early: budget reached").contains("2 of 4 seeds not run");
    assertAllSay(s, "failed", "❌");
    assertThat(s.summary()).contains("stopped early: budget reached")
        .contains("| 2 / 0 / 0 / 2 |");
    assertThat(s.html()).contains("stopped early: budget reached");
    assertThat(s.metadata().get("verdicts").get("default").get("stopped").asText())
        .contains("2 of 4 seeds not run");
  }

  /** Seeds 0..3 score 0.2, 0.8, 0.4, 0.6: mean 0.5, whose interval straddles 0.5. */
  private void scoresAroundTheThreshold() {
    double[] scores = {0.2, 0.8, 0.4, 0.6};
    for (int seed = 0; seed < scores.length; seed++) {
      taskApp.stubFor(post(urlEqualTo("/rollout"))
          .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
              .withBody("{\"metrics\":{\"mean_return\":" + scores[seed]
                  + ",\"details\":{\"cost_usd\":0.1,\"tokens\":400}}}")));
    }
  }

  @Test
  void inconclusiveIsAbortedByDefault() throws Exception {
    scoresAroundTheThreshold();

    Stated s = run("evalunit.suite.confidence", "0.95");

    assertThat(s.junit().getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(s.junit().getThrowable().orElseThrow()).isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("inconclusive: mean score 0.5 (over 4 scored seeds): its 95% CI [")
        .hasMessageContaining("straddles the required 0.5");
    assertAllSay(s, "inconclusive", "❔");
    assertThat(s.summary()).contains("- inconclusive: mean score 0.5");
    assertThat(s.metadata().get("verdicts").get("default").get("intervals").get(0)
        .get("decision").asText()).isEqualTo("inconclusive");
  }

  @Test
  void inconclusiveFailsWhenTheUserAsks() throws Exception {
    scoresAroundTheThreshold();

    Stated s = run("evalunit.suite.confidence", "0.95", "evalunit.suite.inconclusiveFails",
        "true");

    assertThat(s.junit().getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(s.junit().getThrowable().orElseThrow()).isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("straddles the required 0.5");
    assertAllSay(s, "inconclusive", "❔");
  }

  @Test
  void noData() throws Exception {
    taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(400)
        .withBody("{\"detail\":\"bad seed\"}")));

    Stated s = run();

    assertThat(s.junit().getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(s.junit().getThrowable().orElseThrow())
        .hasMessageContaining("no seed completed (4 errored, 0 not run)");
    assertAllSay(s, "no data", "⚠️");
    assertThat(s.summary()).contains("| 0 / 0 / 4 / 0 |");
    assertThat(s.report().get("results").get(0).get("error").asText()).contains("HTTP 400");
  }
}
