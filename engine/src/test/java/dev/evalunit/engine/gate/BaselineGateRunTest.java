package dev.evalunit.engine.gate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.TestEngines;
import dev.evalunit.engine.baseline.BaselineFile;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Issue 15 §6, "a baseline written, then gated": one run writes the baseline
 * ({@code evalunit.baseline.write}), later runs are gated against it by the {@code baseline gate}
 * test beside the suite verdict: an unchanged run passes, a real drop fails, a one-seed drop is
 * inconclusive; the gate selected alone by its unique id judges the whole suite from the recorded
 * results without a rollout; and the gate test's JUnit result, report.json, metadata.json,
 * summary.md (and the GitHub step summary) and report.html state the same outcome.
 */
class BaselineGateRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UniqueId GATE = UniqueId.forEngine("evalunit")
      .append("suite", GateSuite.class.getName()).append("baseline", "gate");

  @TempDir Path baseDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private Path baselineFile() {
    return baseDir.resolve("baselines/GateSuite.jsonl");
  }

  /** Seeds below {@code failing} score 0, the others 1. */
  private void scores(int failing) {
    taskApp.resetAll();
    for (int seed = 0; seed <= 20; seed++) { // seed 21 (if selected) has no stub: it errors
      taskApp.stubFor(post(urlEqualTo("/rollout"))
          .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
              .withBody("{\"metrics\":{\"mean_return\":" + (seed < failing ? 0 : 1) + "}}")));
    }
  }

  /** What each place said about the gate. */
  private record Stated(TestExecutionResult gate, List<String> tests, JsonNode report,
      JsonNode metadata, String summary, String stepSummary, String html) {

    String reportStatus() {
      return report.get("baseline_gate").get("status").asText();
    }
  }

  private Stated run(List<DiscoverySelector> selectors, String... params) throws Exception {
    Path stepSummary = baseDir.resolve("step-summary.md");
    Files.deleteIfExists(stepSummary);
    EngineTestKit.Builder kit = EngineTestKit.engine(TestEngines.hermetic(
            Map.of("GITHUB_STEP_SUMMARY", stepSummary.toString()), baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.retry.maxRetries", "0")
        .configurationParameter("evalunit.baseline.file", "baselines/GateSuite.jsonl");
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    List<Event> finished = kit.selectors(selectors.toArray(DiscoverySelector[]::new)).execute()
        .testEvents().finished().list();
    Event gate = finished.stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals("baseline gate"))
        .findFirst().orElseThrow();
    assertThat(gate.getTestDescriptor().getUniqueId()).isEqualTo(GATE);
    Path dir = baseDir.resolve("target/evalunit").resolve(GateSuite.class.getName());
    return new Stated(gate.getPayload(TestExecutionResult.class).orElseThrow(),
        finished.stream().map(e -> e.getTestDescriptor().getDisplayName()).toList(),
        JSON.readTree(dir.resolve("report.json").toFile()),
        JSON.readTree(dir.resolve("metadata.json").toFile()),
        Files.readString(dir.resolve("summary.md")), Files.readString(stepSummary),
        Files.readString(dir.resolve("report.html")));
  }

  private Stated runSuite(String... params) throws Exception {
    return run(List.of(selectClass(GateSuite.class)), params);
  }

  private static void assertAllSay(Stated s, String label, String icon) {
    assertThat(s.reportStatus()).isEqualTo(label);
    assertThat(s.metadata().get("verdicts").get("default").get("baseline_gate").get("status")
        .asText()).isEqualTo(label);
    assertThat(s.summary()).contains("- baseline gate " + icon + " " + label);
    assertThat(s.stepSummary()).isEqualTo(s.summary());
    assertThat(s.html()).contains("<h2>Baseline gate <span class=\"badge")
        .contains("\">" + label + "</span></h2>");
  }

  /** The first run: nothing to compare with yet (aborted, naming the path), then written. */
  private void writeBaselineAllPassing() throws Exception {
    scores(0);
    Stated first = runSuite("evalunit.baseline.write", "true");
    assertThat(first.gate().getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(first.gate().getThrowable().orElseThrow()).isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("no baseline file at " + baselineFile().toAbsolutePath())
        .hasMessageContaining("-Devalunit.baseline.write=true");
    assertAllSay(first, "no baseline", "⚠️");
    List<String> rows = Files.readAllLines(baselineFile());
    assertThat(rows).hasSize(20);
    assertThat(JSON.readTree(rows.get(3)).get("seed").asInt()).isEqualTo(3);
    assertThat(JSON.readTree(rows.get(3)).get("score").asDouble()).isEqualTo(1.0);
    // The gate is its own test, after the verdict, beside it.
    assertThat(first.tests()).endsWith("suite verdict", "baseline gate").hasSize(22);
  }


  /**
   * A baseline where every seed scored 1, written directly (no run): the tests that gate against
   * it need no first run. Rows carry no config hash, so no "config changed" notice applies.
   */
  private void baselineAllPassing() {
    baselineAllPassing(null);
  }

  /** As {@link #baselineAllPassing()}, every row recorded under {@code configHash}. */
  private void baselineAllPassing(String configHash) {
    List<SeedResult> rows = new java.util.ArrayList<>();
    for (int seed = 0; seed < 20; seed++) {
      rows.add(SeedResult.completed(null, seed, null,
          new RolloutMetrics(1.0, 1.0, null, null, null, null, null)));
    }
    BaselineFile.write(baselineFile(), rows, configHash);
  }
  @Test
  void anUnchangedRunPasses() throws Exception {
    writeBaselineAllPassing();

    Stated s = runSuite();

    assertThat(s.gate().getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertAllSay(s, "passed", "✅");
    JsonNode gate = s.report().get("baseline_gate");
    assertThat(gate.get("test").asText()).isEqualTo("exact McNemar");
    assertThat(gate.get("paired").asInt()).isEqualTo(20);
    // No discordant pair: the exact interval of the change is [0, 0].
    assertThat(gate.get("lower").asDouble()).isZero();
    assertThat(gate.get("upper").asDouble()).isZero();
    assertThat(s.summary()).contains("mean change ±0, 95% CI [0, 0] vs tolerated drop 0.02");
    assertThat(s.html()).contains("<td class=\"num delta same\" data-v=\"0.0\">±0</td>");
  }

  @Test
  void aRealDropFailsWithTheIntervalDeltaAndTheDroppedSeeds() throws Exception {
    baselineAllPassing();
    scores(10);

    Stated s = runSuite();

    assertThat(s.gate().getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(s.gate().getThrowable().orElseThrow()).isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("baseline gate failed against " + baselineFile().toAbsolutePath())
        .hasMessageContaining("mean change -0.5000, 95% interval [")
        .hasMessageContaining("over 20 paired seeds (exact McNemar p = ")
        .hasMessageContaining("tolerated drop 0.0200")
        .hasMessageContaining("10 seed(s) dropped by more than 0.1: 0 1.0000 -> 0.0000, "
            + "1 1.0000 -> 0.0000");
    assertAllSay(s, "failed", "❌");
    JsonNode gate = s.report().get("baseline_gate");
    // b = 10 regressions, c = 0 improvements: exact McNemar p = 2 * 0.5^10.
    assertThat(gate.get("p_value").asDouble()).isEqualTo(2 * Math.pow(0.5, 10));
    assertThat(gate.get("mean_change").asDouble()).isEqualTo(-0.5);
    assertThat(gate.get("upper").asDouble()).isLessThan(-0.02);
    assertThat(gate.get("dropped_seeds")).hasSize(10);
    assertThat(gate.get("dropped_seeds").get(0).get("delta").asDouble()).isEqualTo(-1.0);
    assertThat(s.html()).contains("<tr class=\"dropped\"><td data-v=\"0\">0 <span class=\"tag\">"
        + "dropped</span></td><td class=\"num\" data-v=\"1.0\">1</td><td class=\"num\" "
        + "data-v=\"0.0\">0</td><td class=\"num delta down\" data-v=\"-1.0\">-1</td></tr>");

    // The gate re-run alone by its unique id (an IDE gutter) judges the whole suite from the
    // recorded results: no rollout, the same outcome in every report.
    taskApp.resetRequests();
    Stated alone = run(List.of(selectUniqueId(GATE)));
    assertThat(alone.tests()).containsExactly("baseline gate");
    taskApp.verify(0, postRequestedFor(urlEqualTo("/rollout")));
    assertThat(alone.gate().getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(alone.gate().getThrowable().orElseThrow().getMessage())
        .isEqualTo(s.gate().getThrowable().orElseThrow().getMessage());
    assertAllSay(alone, "failed", "❌");
    assertThat(alone.report().get("results")).hasSize(20);
  }

  /** One seed of twenty dropped: the change's interval [-0.05, 0.0475] straddles -0.02. */
  @Test
  void aOneSeedDropIsInconclusiveAbortedByDefaultFailedOnRequest() throws Exception {
    baselineAllPassing();
    scores(1);

    Stated s = runSuite();

    assertThat(s.gate().getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
    assertThat(s.gate().getThrowable().orElseThrow()).isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("baseline gate inconclusive")
        .hasMessageContaining("mean change -0.0500")
        .hasMessageContaining("1 seed(s) dropped by more than 0.1: 0 1.0000 -> 0.0000");
    assertAllSay(s, "inconclusive", "❔");
    JsonNode gate = s.report().get("baseline_gate");
    // Exact conditional interval on b = 1, c = 0: (1/20)(1 - 2θ) with θ in the Clopper-Pearson
    // interval of 1/1, [0.025, 1] at 95%: [-0.05, 0.0475].
    assertThat(gate.get("lower").asDouble()).isCloseTo(-0.05,
        org.assertj.core.api.Assertions.within(1e-12));
    assertThat(gate.get("upper").asDouble()).isCloseTo(0.05 * 0.95,
        org.assertj.core.api.Assertions.within(1e-9));
    // The sample-size hint: differences -1 and 19 zeros, sd sqrt(0.05), 0.03 from -0.02; the
    // normal approximation ((1.96 + 0.8416) * sqrt(0.05) / 0.03)^2 = 436.1, the t form a little more.
    assertThat(gate.get("seeds_to_decide").asInt()).isBetween(437, 440);
    assertThat(s.gate().getThrowable().orElseThrow().getMessage())
        .contains("; about " + gate.get("seeds_to_decide").asInt()
            + " paired seeds would decide it at 80% power");

    Stated failing = runSuite("evalunit.baseline.inconclusiveFails", "true");
    assertThat(failing.gate().getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(failing.gate().getThrowable().orElseThrow())
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("baseline gate inconclusive");
    assertAllSay(failing, "inconclusive", "❔");

    // A dropped seed fails the gate when the user says so.
    Stated strict = runSuite("evalunit.baseline.failOnSeedDrop", "true");
    assertThat(strict.gate().getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertAllSay(strict, "failed", "❌");
  }

  @Test
  void aChangedConfigIsSaidAndUnpairedSeedsAreListed() throws Exception {
    baselineAllPassing("0123456789abcdef");
    scores(0);

    Stated s = runSuite("evalunit.seeds", "0..21");

    String message = s.summary();
    assertThat(message).contains("the baseline was recorded under config 0123456789abcdef, "
            + "this run under ")
        .contains("changed since the baseline")
        .contains("1 seed(s) scored in this run have no score in the baseline (unpaired): 20")
        .contains("1 seed(s) have a score on neither side: 21");
    assertThat(s.report().get("baseline_gate").get("only_in_current").toString())
        .isEqualTo("[\"20\"]");
    assertThat(s.html()).contains("20 <span class=\"tag\">unpaired: this run only</span>");
  }


  /**
   * With epochs the baseline keeps every epoch's row (the durable record) and the gate pairs
   * seeds, each side's epochs averaged: 20 seeds x 2 epochs write 40 rows and gate 20 pairs.
   */
  @Test
  void epochsAreWrittenPerEpochAndPairedPerSeed() throws Exception {
    scores(0);
    runSuite("evalunit.epochs", "2", "evalunit.baseline.write", "true");
    List<String> rows = Files.readAllLines(baselineFile());
    assertThat(rows).hasSize(40);
    assertThat(rows.stream().filter(r -> r.contains("\"epoch\":1,"))).hasSize(20);

    Stated s = runSuite("evalunit.epochs", "2");

    assertThat(s.gate().getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(s.report().get("baseline_gate").get("paired").asInt()).isEqualTo(20);
    assertAllSay(s, "passed", "✅");
  }

  /**
   * A run of one seed (an IDE rerun) writes the whole suite's baseline from the recorded results
   * of the others, or, without them, nothing: a baseline of a subset would unpair the rest.
   */
  @Test
  void aPartialRunWritesTheWholeSuiteOrNothing() throws Exception {
    scores(0);
    UniqueId seed3 = GATE.removeLastSegment().append("seed", "3");
    java.util.function.Supplier<EngineTestKit.Builder> kit = () -> EngineTestKit
        .engine(TestEngines.hermetic(Map.of(), baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.baseline.file", "baselines/GateSuite.jsonl");

    kit.get().configurationParameter("evalunit.baseline.write", "true")
        .selectors(selectUniqueId(seed3)).execute().testEvents().assertStatistics(st -> st
            .finished(1));
    assertThat(baselineFile()).doesNotExist();

    kit.get().selectors(selectClass(GateSuite.class)).execute();
    kit.get().configurationParameter("evalunit.baseline.write", "true")
        .selectors(selectUniqueId(seed3)).execute().testEvents().assertStatistics(st -> st
            .finished(1));
    List<String> rows = Files.readAllLines(baselineFile());
    assertThat(rows).hasSize(20);
    assertThat(rows.stream().filter(r -> r.contains("\"reused\":true"))).hasSize(19);
  }
  @Test
  void noGateTestWithoutABaseline() {
    scores(0);
    List<String> tests = EngineTestKit.engine(TestEngines.hermetic(Map.of(), baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .selectors(selectClass(GateSuite.class)).execute().testEvents().finished().list()
        .stream().map(e -> e.getTestDescriptor().getDisplayName()).collect(Collectors.toList());
    assertThat(tests).hasSize(21).doesNotContain("baseline gate");
  }
}
