package dev.evalunit.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.evalunit.engine.fixtures.PassingSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@code -Devalunit.resume=true}: what an earlier run completed is reported, not paid again. */
class ResumeTest {

  @TempDir Path baseDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private MappingBuilder seed(int seed) {
    return post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))));
  }

  private void answer(int seed, double score) {
    taskApp.stubFor(seed(seed).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"metrics\":{\"mean_return\":" + score + ",\"details\":{\"tokens\":100}}}")));
  }

  private EngineExecutionResults run(String... parameters) {
    EngineTestKit.Builder kit = EngineTestKit.engine(new EvalUnitTestEngine(Map.of(), baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.progress.interval", "0");
    for (int i = 0; i < parameters.length; i += 2) {
      kit.configurationParameter(parameters[i], parameters[i + 1]);
    }
    return kit.selectors(selectClass(PassingSuite.class)).execute();
  }

  private int requests(int seed) {
    return taskApp.countRequestsMatching(postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .build()).getCount();
  }

  private static List<Map<String, String>> entries(EngineExecutionResults results) {
    // Seeds finish in any order: their entries in tree order (seed 0, 1, 2, verdict).
    return results.allEvents().reportingEntryPublished().stream()
        .sorted(java.util.Comparator.comparingInt(e -> new ArrayList<>(
            e.getTestDescriptor().getParent().orElseThrow().getChildren())
            .indexOf(e.getTestDescriptor())))
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).toList();
  }

  private Path jsonl() {
    return baseDir.resolve("target/evalunit/" + PassingSuite.class.getName() + "/results.jsonl");
  }

  @Test
  void completedSeedsAreReusedErroredOnesRunAgainAndAllCountInTheVerdict() {
    answer(0, 1.0);
    taskApp.stubFor(seed(1).willReturn(aResponse().withStatus(400).withBody("bad seed")));
    answer(2, 0.5);
    run().testEvents().assertStatistics(s -> s.succeeded(3).failed(1));

    answer(1, 0.75);
    EngineExecutionResults resumed = run("evalunit.resume", "true");

    resumed.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
    assertThat(requests(0)).isEqualTo(1);
    assertThat(requests(1)).isEqualTo(2);
    assertThat(requests(2)).isEqualTo(1);
    List<Map<String, String>> entries = entries(resumed);
    assertThat(entries.get(0)).containsEntry("reused", "true").containsEntry("score", "1")
        .containsEntry("tokens", "100");
    assertThat(entries.get(1)).doesNotContainKey("reused").containsEntry("score", "0.75");
    assertThat(entries.get(2)).containsEntry("reused", "true").containsEntry("score", "0.5");
    assertThat(entries.get(3)).containsEntry("mean_score", "0.75")
        .containsEntry("total_tokens", "300").containsEntry("seeds_ok", "3");
  }

  @Test
  void changedSettingsOrNoResumeRunEverythingAgain() {
    answer(0, 1.0);
    answer(1, 1.0);
    answer(2, 1.0);
    run();

    run("evalunit.resume", "true", "evalunit.policy.config.temperature", "0.2");
    assertThat(List.of(requests(0), requests(1), requests(2))).containsOnly(2);

    run();
    assertThat(List.of(requests(0), requests(1), requests(2))).containsOnly(3);

    run("evalunit.resume", "true");
    assertThat(List.of(requests(0), requests(1), requests(2))).containsOnly(3);
  }

  @Test
  void aTruncatedLastLineFromAKilledRunIsTolerated() throws IOException {
    answer(0, 1.0);
    answer(1, 1.0);
    answer(2, 1.0);
    run();
    List<String> lines = Files.readAllLines(jsonl());
    String seed2 = lines.stream().filter(l -> l.startsWith("{\"seed\":2,")).findFirst()
        .orElseThrow();
    List<String> kept = lines.stream().filter(l -> l != seed2).toList();
    Files.writeString(jsonl(), String.join("\n", kept) + "\n"
        + seed2.substring(0, seed2.length() / 2), StandardCharsets.UTF_8);

    run("evalunit.resume", "true").testEvents().assertStatistics(s -> s.succeeded(4));

    assertThat(List.of(requests(0), requests(1))).containsOnly(1);
    assertThat(requests(2)).isEqualTo(2);
    List<String> after = Files.readAllLines(jsonl());
    assertThat(after.get(after.size() - 1)).startsWith("{\"seed\":2,").endsWith("}");
  }
}
