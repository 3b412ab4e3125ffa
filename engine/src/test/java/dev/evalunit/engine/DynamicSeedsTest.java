package dev.evalunit.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.EvalSuite;
import dev.evalunit.Threshold;
import dev.evalunit.engine.execution.SeedsNotLearnedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * Seeds known only at run time: a suite with {@code seeds = "task_info:test"} asks the task app's
 * {@code GET /task_info} as it starts and registers one dynamic test per seed; a learned seed's
 * unique id re-runs that seed alone without asking {@code /task_info} again; discovery does no
 * network I/O; a {@code /task_info} that is down or malformed fails the suite once, naming the
 * URL and the cause.
 */
class DynamicSeedsTest {

  /** Runs the seeds the task app's {@code GET /task_info} names for split {@code test}. */
  @EvalSuite(env = "intents", seeds = "task_info:test", model = "test-model")
  @Threshold(score = 0.5)
  static class TaskInfoSuite {}

  private static final String TASKSET = """
      {"taskset":{"id":"intents","splits":{"train":100,"test":{"seeds":[3,5,8]}}}}""";

  @TempDir Path outputDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private void answerTaskInfo(int status, String body) {
    taskApp.stubFor(get(urlPathEqualTo("/task_info")).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(body)));
  }

  private void answerRollouts() {
    taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("""
            {"run_id":"r","metrics":{"mean_return":1.0,"outcome_score":1.0,
             "episode_returns":[1.0],"num_steps":1,"num_episodes":1,"details":{}}}""")));
  }

  private EngineTestKit.Builder kit(String url, DiscoverySelector selector) {
    return EngineTestKit.engine(TestEngines.hermetic(Map.of(), outputDir))
        .configurationParameter("evalunit.taskApp.url", url)
        .configurationParameter("evalunit.retry.maxRetries", "0")
        .selectors(selector);
  }

  private static List<UniqueId> registered(EngineExecutionResults results) {
    return results.allEvents().filter(e -> e.getType() == EventType.DYNAMIC_TEST_REGISTERED)
        .map(Event::getTestDescriptor).map(TestDescriptor::getUniqueId).toList();
  }

  @Test
  void discoveryAsksNothingAndHoldsOnlyTheVerdict() {
    answerTaskInfo(200, TASKSET);

    TestDescriptor root = kit(taskApp.baseUrl(), selectClass(TaskInfoSuite.class)).discover()
        .getEngineDescriptor();

    TestDescriptor suite = root.getChildren().iterator().next();
    assertThat(suite.getChildren()).extracting(TestDescriptor::getDisplayName)
        .containsExactly("suite verdict");
    assertThat(suite.mayRegisterTests()).isTrue();
    assertThat(taskApp.getAllServeEvents()).isEmpty();
  }

  @Test
  void registersOneDynamicTestPerSeedOfTheSplitAndRerunsOneByUniqueId() {
    answerTaskInfo(200, TASKSET);
    answerRollouts();

    EngineExecutionResults whole = kit(taskApp.baseUrl(), selectClass(TaskInfoSuite.class))
        .execute();

    UniqueId suiteId = UniqueId.forEngine(EvalUnitTestEngine.ENGINE_ID)
        .append("suite", TaskInfoSuite.class.getName());
    assertThat(registered(whole)).containsExactly(suiteId.append("seed", "3"),
        suiteId.append("seed", "5"), suiteId.append("seed", "8"));
    // Three seeds, then the verdict over them.
    whole.testEvents().assertStatistics(s -> s.started(4).succeeded(4).failed(0));
    assertThat(whole.testEvents().finished().list().get(3).getTestDescriptor().getDisplayName())
        .isEqualTo("suite verdict");
    taskApp.verify(1, getRequestedFor(urlPathEqualTo("/task_info")));
    // The seeds run in the split they were named from.
    taskApp.verify(3, postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.config.split", equalTo("test"))));

    taskApp.resetRequests();
    EngineExecutionResults one = kit(taskApp.baseUrl(), selectUniqueId(registered(whole).get(1)))
        .execute();

    one.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(one.testEvents().started().list().get(0).getTestDescriptor().getUniqueId())
        .isEqualTo(suiteId.append("seed", "5"));
    assertThat(registered(one)).isEmpty();
    taskApp.verify(0, getRequestedFor(urlPathEqualTo("/task_info")));
    taskApp.verify(1, postRequestedFor(urlEqualTo("/rollout")));
    taskApp.verify(1, postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("5"))));
  }

  @Test
  void learnedSeedsAreWrittenToResultsJsonl() throws IOException {
    answerTaskInfo(200, TASKSET);
    answerRollouts();

    kit(taskApp.baseUrl(), selectClass(TaskInfoSuite.class))
        .configurationParameter("evalunit.output.dir", outputDir.resolve("out").toString())
        .execute();

    List<String> rows = Files.readAllLines(outputDir.resolve("out/results.jsonl"));
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).contains("\"seed\":3");
    assertThat(rows.get(2)).contains("\"seed\":8");
  }

  @Test
  void taskInfoDownFailsTheSuiteOnceNamingTheUrlAndTheCause() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();

    EngineExecutionResults results = kit(url, selectClass(TaskInfoSuite.class)).execute();

    results.containerEvents().assertThatEvents().haveExactly(1, event(
        container(TaskInfoSuite.class.getSimpleName()),
        finishedWithFailure(instanceOf(SeedsNotLearnedException.class), message(m ->
            m.contains("GET " + url + "/task_info failed") && m.contains("ConnectException")
                && m.contains("seeds = \"task_info:test\"")
                && m.contains("No rollout was started")))));
    assertThat(results.testEvents().started().count()).isZero();
  }

  @Test
  void aTasksetWithoutTheSplitNamesTheSplitsItHas() {
    answerTaskInfo(200, "{\"taskset\":{\"splits\":{\"train\":10,\"validation\":5}}}");
    answerRollouts();

    EngineExecutionResults results = kit(taskApp.baseUrl(), selectClass(TaskInfoSuite.class))
        .execute();

    results.containerEvents().assertThatEvents().haveExactly(1, event(
        container(TaskInfoSuite.class.getSimpleName()),
        finishedWithFailure(instanceOf(SeedsNotLearnedException.class), message(m ->
            m.contains("GET " + taskApp.baseUrl() + "/task_info names no split \"test\"")
                && m.contains("the splits it names: train, validation")))));
    taskApp.verify(0, postRequestedFor(urlEqualTo("/rollout")));
  }

  @Test
  void aBodyThatIsNotJsonOrAnHttpErrorFailsTheSuiteWithTheStatus() {
    answerTaskInfo(200, "<html>oops</html>");

    EngineExecutionResults notJson = kit(taskApp.baseUrl(), selectClass(TaskInfoSuite.class))
        .execute();

    notJson.containerEvents().assertThatEvents().haveExactly(1, event(
        container(TaskInfoSuite.class.getSimpleName()), finishedWithFailure(message(m ->
            m.contains("/task_info returned a body that is not JSON")))));

    answerTaskInfo(500, "{\"detail\":\"dataset not loaded\"}");
    EngineExecutionResults failed = kit(taskApp.baseUrl(), selectClass(TaskInfoSuite.class))
        .execute();

    failed.containerEvents().assertThatEvents().haveExactly(1, event(
        container(TaskInfoSuite.class.getSimpleName()), finishedWithFailure(message(m ->
            m.contains("/task_info returned HTTP 500") && m.contains("dataset not loaded")))));
  }

  @Test
  void aSeedOutsideTheNamedOnesIsStillSelectableByUniqueId() {
    answerRollouts();
    UniqueId seed = UniqueId.forEngine(EvalUnitTestEngine.ENGINE_ID)
        .append("suite", TaskInfoSuite.class.getName()).append("seed", "42");

    EngineExecutionResults results = kit(taskApp.baseUrl(), selectUniqueId(seed)).execute();

    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    taskApp.verify(1, postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("42"))));
  }

  @Test
  void wholeTasksetFromAPropertyRunsEachSeedOnceAndLimitTakesAStableSubset() {
    answerTaskInfo(200, "{\"taskset\":{\"seeds\":[3,5,3,8,9]}}");
    answerRollouts();
    UniqueId suiteId = UniqueId.forEngine(EvalUnitTestEngine.ENGINE_ID)
        .append("suite", TaskInfoSuite.class.getName());

    List<UniqueId> all = registered(kit(taskApp.baseUrl(), selectClass(TaskInfoSuite.class))
        .configurationParameter("evalunit.seeds", "task_info").execute());
    List<UniqueId> limited = registered(kit(taskApp.baseUrl(), selectClass(TaskInfoSuite.class))
        .configurationParameter("evalunit.seeds", "task_info")
        .configurationParameter("evalunit.limit", "2").execute());
    List<UniqueId> again = registered(kit(taskApp.baseUrl(), selectClass(TaskInfoSuite.class))
        .configurationParameter("evalunit.seeds", "task_info")
        .configurationParameter("evalunit.limit", "2").execute());

    assertThat(all).containsExactly(suiteId.append("seed", "3"), suiteId.append("seed", "5"),
        suiteId.append("seed", "8"), suiteId.append("seed", "9"));
    assertThat(limited).hasSize(2).isSubsetOf(all).isEqualTo(again);
    // No split asked for: env.config carries none.
    taskApp.verify(0, postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.config.split")));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
