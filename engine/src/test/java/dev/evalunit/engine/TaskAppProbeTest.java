package dev.evalunit.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.execution.TaskAppUnreachableException;
import dev.evalunit.engine.fixtures.PassingSuite;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A task app that is down fails its suite once, before any rollout, naming the URL and the
 * cause; a 400/401/403 with no key configured says so and names both ways to set one.
 */
class TaskAppProbeTest {

  @RegisterExtension
  static WireMockExtension app = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
      .build();

  @TempDir
  Path outputDir;

  private EngineTestKit.Builder kit(String url) {
    return EngineTestKit.engine(TestEngines.hermetic(Map.of(), outputDir))
        .configurationParameter("evalunit.taskApp.url", url)
        .configurationParameter("evalunit.output.dir", outputDir.toString())
        .selectors(selectClass(PassingSuite.class));
  }

  @Test
  void unreachableTaskAppFailsTheSuiteOnceWithUrlAndCauseAndStartsNoRollout() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();

    EngineExecutionResults results = kit(url).execute();

    results.containerEvents().assertThatEvents().haveExactly(1, event(
        container(PassingSuite.class.getSimpleName()),
        finishedWithFailure(instanceOf(TaskAppUnreachableException.class), message(m ->
            m.contains("the task app at " + url) && m.contains("GET / failed")
                && m.contains("ConnectException") && m.contains("No rollout was started")
                && m.contains("evalunit.taskApp.probe=none")))));
    assertThat(results.testEvents().started().count()).isZero();
  }

  @Test
  void withTheProbeOffTheSeedsFindOutThemselves() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();

    EngineExecutionResults results = kit(url)
        .configurationParameter("evalunit.taskApp.probe", "none")
        .configurationParameter("evalunit.retry.maxRetries", "0")
        .execute();

    results.testEvents().assertStatistics(s -> s.started(4).failed(4));
  }

  @Test
  void healthProbeWithoutAKeySaysNoKeyIsConfiguredAndHowToSetOne() {
    app.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(401)
        .withBody("{\"detail\":{\"error\":{\"code\":\"unauthorised\"}}}")));

    EngineExecutionResults results = kit(app.baseUrl())
        .configurationParameter("evalunit.taskApp.probe", "health")
        .execute();

    results.containerEvents().assertThatEvents().haveExactly(1, event(
        container(PassingSuite.class.getSimpleName()),
        finishedWithFailure(message(m -> m.contains("GET /health returned HTTP 401")
            && m.contains("unauthorised")
            && m.contains("No task app key is configured")
            && m.contains("ENVIRONMENT_API_KEY") && m.contains("evalunit.taskApp.apiKey")))));
    app.verify(0, postRequestedFor(urlEqualTo("/rollout")));
  }

  @Test
  void livenessProbeTakesAnyHttpAnswer() {
    // No stub for GET /: WireMock answers 404, which still proves the app is there.
    EngineExecutionResults results = kit(app.baseUrl())
        .configurationParameter("evalunit.retry.maxRetries", "0")
        .execute();

    assertThat(results.testEvents().started().count()).isEqualTo(4);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
