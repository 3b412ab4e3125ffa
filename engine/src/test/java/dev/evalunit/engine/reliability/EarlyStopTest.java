package dev.evalunit.engine.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.evalunit.engine.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Budgets, the suite deadline, the error limit and fail-fast: once one is reached no rollout
 * starts (checked against the task app's own request log), the seeds not started are aborted
 * with the reason, and the verdict states the stop.
 */
class EarlyStopTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path outputDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  /** Every rollout costs 10 cents and 400 tokens and scores {@code score}. */
  private void everyRolloutCostsTenCents(double score, int delayMs) {
    taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withFixedDelay(delayMs)
        .withBody("{\"metrics\":{\"mean_return\":" + score
            + ",\"details\":{\"cost_usd\":0.1,\"tokens\":400}}}")));
  }

  private EngineExecutionResults run(List<ClassSelector> suites, String... params) {
    EngineTestKit.Builder kit = EngineTestKit.engine(TestEngines.hermetic(Map.of(), outputDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.retry.baseDelay", "1ms");
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    return kit.selectors(suites.toArray(ClassSelector[]::new)).execute();
  }

  private List<Long> requestedSeeds() throws Exception {
    List<Long> seeds = new ArrayList<>();
    List<LoggedRequest> requests = new ArrayList<>(
        taskApp.findAll(postRequestedFor(urlEqualTo("/rollout"))));
    requests.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
    for (LoggedRequest request : requests) {
      seeds.add(JSON.readTree(request.getBodyAsString()).get("env").get("seed").asLong());
    }
    return seeds;
  }

  private Map<String, String> verdictEntries(EngineExecutionResults results) {
    return results.allEvents().reportingEntryPublished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals("suite verdict"))
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
        .findFirst().orElseThrow();
  }

  @Test
  void noRolloutStartsOnceTheBudgetIsReachedAndTheRestAreAbortedWithTheReason() throws Exception {
    everyRolloutCostsTenCents(1.0, 0);

    EngineExecutionResults results = run(List.of(selectClass(BudgetSuite.class)));

    assertThat(requestedSeeds()).as("$0.25 buys three rollouts of $0.10: the third reaches it")
        .containsExactly(0L, 1L, 2L);
    results.testEvents().assertStatistics(s -> s.succeeded(3).aborted(7).failed(1));
    for (int seed = 3; seed <= 9; seed++) {
      results.testEvents().assertThatEvents().haveExactly(1, event(test(),
          displayName("seed " + seed), abortedWithReason(instanceOf(TestAbortedException.class),
              message("seed " + seed + ": budget reached: $0.3 of $0.25 (budget.usd);"
                  + " not started"))));
    }
    results.testEvents().assertThatEvents().haveExactly(1, event(test(),
        displayName("suite verdict"), finishedWithFailure(instanceOf(AssertionFailedError.class),
            message(m -> m.contains("stopped early: budget reached: $0.3 of $0.25 (budget.usd);"
                + " 7 of 10 seeds not run")))));
    assertThat(verdictEntries(results)).containsEntry("seeds_not_run", "7")
        .containsEntry("stopped", "budget reached: $0.3 of $0.25 (budget.usd)")
        .containsEntry("total_cost_usd", "0.3");
    List<String> rows = Files.readAllLines(outputDir.resolve("target/evalunit/"
        + BudgetSuite.class.getName() + "/results.jsonl"));
    assertThat(rows).hasSize(10);
    JsonNode aborted = JSON.readTree(rows.get(9));
    assertThat(aborted.get("status").asText()).isEqualTo("aborted");
    assertThat(aborted.get("attempts").asInt()).isZero();
    assertThat(aborted.get("error").get("type").asText()).isEqualTo("budget");
  }

  @Test
  void aPartialRunIsJudgedOnItsCompletedSeedsWhenAllowed() throws Exception {
    everyRolloutCostsTenCents(1.0, 0);

    EngineExecutionResults results = run(List.of(selectClass(BudgetSuite.class)),
        "evalunit.budget.allowPartial", "true");

    assertThat(requestedSeeds()).hasSize(3);
    results.testEvents().assertStatistics(s -> s.succeeded(4).aborted(7).failed(0));
    assertThat(verdictEntries(results)).containsEntry("mean_score", "1")
        .containsEntry("seeds_not_run", "7");
  }

  @Test
  void aTokenBudgetFromAPropertyStopsTheSuiteToo() throws Exception {
    everyRolloutCostsTenCents(1.0, 0);

    EngineExecutionResults results = run(List.of(selectClass(FaultSuite.class)),
        "evalunit.seeds", "0..4", "evalunit.budget.tokens", "800");

    assertThat(requestedSeeds()).containsExactly(0L, 1L);
    results.testEvents().assertThatEvents().haveExactly(3, event(test(),
        abortedWithReason(message(m -> m.endsWith(
            ": budget reached: 800 of 800 tokens (budget.tokens); not started")))));
  }

  @Test
  void theRunBudgetSpansSuites() throws Exception {
    everyRolloutCostsTenCents(1.0, 0);

    EngineExecutionResults results = run(
        List.of(selectClass(FaultSuite.class), selectClass(SecondBudgetSuite.class)),
        "evalunit.suite.FaultSuite.seeds", "0..4", "evalunit.run.budget.usd", "0.35");

    assertThat(requestedSeeds()).as("four rollouts reach $0.35, whichever suite ran first")
        .hasSize(4);
    results.testEvents().assertThatEvents().haveExactly(6, event(test(), abortedWithReason(
        message(m -> m.endsWith(": run budget reached: $0.4 of $0.35"
            + " (evalunit.run.budget.usd); not started")))));
  }

  @Test
  void theSuiteDeadlineAbortsTheSeedsNotYetStarted() throws Exception {
    everyRolloutCostsTenCents(1.0, 300);

    EngineExecutionResults results = run(List.of(selectClass(FaultSuite.class)),
        "evalunit.seeds", "0..19", "evalunit.concurrency", "1", "evalunit.timeout.suite", "1s");

    int started = requestedSeeds().size();
    assertThat(started).isBetween(1, 19);
    results.testEvents().assertStatistics(s -> s.aborted(20 - started));
    results.testEvents().assertThatEvents().haveExactly(20 - started, event(test(),
        abortedWithReason(message(m -> m.endsWith(
            ": suite deadline of 1s reached; not started")))));
    results.testEvents().assertThatEvents().haveExactly(1, event(test(),
        displayName("suite verdict"), finishedWithFailure(message(m -> m.contains(
            "stopped early: suite deadline of 1s reached; " + (20 - started)
                + " of 20 seeds not run")))));
  }

  @Test
  void theErrorLimitStopsTheSuiteAfterMoreErrorsThanItAllows() throws Exception {
    taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(500)));

    EngineExecutionResults results = run(List.of(selectClass(FaultSuite.class)),
        "evalunit.seeds", "0..9", "evalunit.concurrency", "1", "evalunit.maxErrors", "2",
        "evalunit.retry.maxRetries", "0");

    assertThat(requestedSeeds()).containsExactly(0L, 1L, 2L);
    results.testEvents().assertThatEvents().haveExactly(7, event(test(), abortedWithReason(
        message(m -> m.endsWith(": error limit reached: 3 seeds errored, more than"
            + " maxErrors = 2 allows; not started")))));
    results.testEvents().assertThatEvents().haveExactly(1, event(test(),
        displayName("suite verdict"), finishedWithFailure(instanceOf(AssertionFailedError.class),
            message(m -> m.contains("stopped early: error limit reached")
                && m.contains("no seed completed (3 errored, 7 not run)")))));
  }

  @Test
  void failFastStopsAfterTheFirstThresholdMiss() throws Exception {
    taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"metrics\":{\"mean_return\":0.1}}")));

    EngineExecutionResults results = run(List.of(selectClass(FaultSuite.class)),
        "evalunit.seeds", "0..5", "evalunit.concurrency", "1", "evalunit.failFast", "true",
        "evalunit.threshold.score", "0.5");

    assertThat(requestedSeeds()).containsExactly(0L);
    results.testEvents().assertThatEvents().haveExactly(5, event(test(), abortedWithReason(
        message(m -> m.endsWith(": fail-fast: seed 0 failed (score 0.1 is below the required"
            + " 0.5); not started")))));
  }
}
