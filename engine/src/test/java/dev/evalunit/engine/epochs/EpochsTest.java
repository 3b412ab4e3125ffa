package dev.evalunit.engine.epochs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.evalunit.engine.TestEngines;
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
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Issue 15 §4, repeats: each seed rolls out {@code epochs} times with distinct run ids, every
 * epoch is its own results.jsonl row and resumes on its own, the seed stays one test judged on
 * its reduced value, and the JUnit result, report.json, summary.md and report.html agree.
 */
class EpochsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path baseDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  /** Epoch 0's run id has no epoch (as synth-ai names it); later ones carry theirs. */
  private static String runIdOf(int seed, int epoch) {
    return "epochs-seed-" + seed + (epoch == 0 ? "" : "-epoch-" + epoch) + "-[0-9a-f]{8}";
  }

  private void answer(int seed, int epoch, ResponseDefinitionBuilder response) {
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .withRequestBody(matchingJsonPath("$.run_id", matching(runIdOf(seed, epoch))))
        .willReturn(response));
  }

  private static ResponseDefinitionBuilder scoring(double score) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"metrics\":{\"mean_return\":" + score
            + ",\"details\":{\"cost_usd\":0.01,\"tokens\":100}}}");
  }

  /** Seed 0 scores 1, 0, 1 over its epochs; seed 1 scores 0, 0, 0.5. */
  private void scores() {
    double[][] scores = {{1, 0, 1}, {0, 0, 0.5}};
    for (int seed = 0; seed < scores.length; seed++) {
      for (int epoch = 0; epoch < 3; epoch++) {
        answer(seed, epoch, scoring(scores[seed][epoch]));
      }
    }
  }

  private EngineExecutionResults run(String... params) {
    EngineTestKit.Builder kit = EngineTestKit.engine(TestEngines.hermetic(Map.of(), baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.retry.maxRetries", "0")
        .configurationParameter("evalunit.progress.interval", "0");
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    return kit.selectors(selectClass(EpochSuite.class)).execute();
  }

  private Path dir() {
    return baseDir.resolve("target/evalunit").resolve(EpochSuite.class.getName());
  }

  private List<JsonNode> rows() throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(dir().resolve("results.jsonl"))) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  private static Event finished(EngineExecutionResults results, String name) {
    return results.testEvents().finished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no test " + name));
  }

  private static TestExecutionResult result(EngineExecutionResults results, String name) {
    return finished(results, name).getPayload(TestExecutionResult.class).orElseThrow();
  }

  private static Map<String, String> entries(EngineExecutionResults results, String name) {
    return results.allEvents().reportingEntryPublished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(name))
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
        .findFirst().orElseThrow();
  }

  private List<LoggedRequest> rollouts() {
    return taskApp.findAll(postRequestedFor(urlEqualTo("/rollout")));
  }

  @Test
  void eachSeedRollsOutOncePerEpochAndIsOneTestJudgedOnTheReducedValue() throws Exception {
    scores();

    EngineExecutionResults results = run();

    // Two seeds and the verdict: three tests, not seven.
    results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));
    assertThat(rollouts()).hasSize(6);

    List<JsonNode> rows = rows();
    assertThat(rows).hasSize(6);
    assertThat(rows.stream().map(r -> r.get("seed").asInt() + "/" + r.get("epoch").asInt()))
        .containsExactlyInAnyOrder("0/0", "0/1", "0/2", "1/0", "1/1", "1/2");
    assertThat(rows.stream().map(r -> r.get("run_id").asText()).distinct()).hasSize(6);
    for (JsonNode row : rows) {
      assertThat(row.get("run_id").asText())
          .matches(runIdOf(row.get("seed").asInt(), row.get("epoch").asInt()));
    }

    // Seed 0: mean of 1, 0, 1 = 0.6667 meets 0.5; seed 1: mean of 0, 0, 0.5 = 0.1667 misses.
    assertThat(result(results, "seed 0").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(result(results, "seed 1").getThrowable().orElseThrow())
        .hasMessageContaining("score 0.1667 is below the required 0.5");
    Map<String, String> seed0 = entries(results, "seed 0");
    assertThat(seed0).containsEntry("score", "0.6667").containsEntry("epochs", "3")
        .containsEntry("epoch_scores", "1, 0, 1").containsEntry("reducer", "mean")
        // 2 of 3 epochs pass: c(n-c) / C(n,2) = 2 / 3 of the epoch pairs disagree.
        .containsEntry("epochs_disagree", "0.6667")
        .containsEntry("tokens", "300");
    assertThat(entries(results, "seed 1")).containsEntry("epoch_scores", "0, 0, 0.5")
        .containsEntry("epochs_disagree", "0.6667");

    // The suite statistics use the seed-level values: mean of 0.6667 and 0.1667.
    TestExecutionResult verdict = result(results, "suite verdict");
    assertThat(verdict.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(verdict.getThrowable().orElseThrow())
        .hasMessageContaining("mean score 0.4167 is below the required 0.5");

    // report.json, summary.md and report.html state the same.
    JsonNode report = JSON.readTree(dir().resolve("report.json").toFile());
    assertThat(report.get("config").get("epochs").asInt()).isEqualTo(3);
    assertThat(report.get("config").get("epoch_reducer").asText()).isEqualTo("mean");
    JsonNode row0 = report.get("results").get(0);
    assertThat(row0.get("score").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(row0.get("epochs").get("scores").toString()).isEqualTo("[1.0,0.0,1.0]");
    assertThat(row0.get("epochs").get("run_ids")).hasSize(3);
    assertThat(row0.get("epochs").get("disagreement").asDouble())
        .isCloseTo(2.0 / 3, within(1e-9));
    assertThat(report.get("results")).hasSize(2);
    String summary = Files.readString(dir().resolve("summary.md"));
    assertThat(summary).startsWith("### ❌ EpochSuite: failed\n")
        .contains("mean score 0.4167 is below the required 0.5");
    String html = Files.readString(dir().resolve("report.html"));
    assertThat(html).contains("<title>EpochSuite · failed · evalunit</title>")
        .contains("mean score 0.4167 is below the required 0.5");
    // The flakiest seeds: both disagree on 2 of 3 epoch pairs (0.5 passes at threshold 0.5).
    assertThat(html).contains("<h2>Flakiest seeds</h2>")
        .contains("2 of 2 seeds had epochs that disagree on pass or fail.")
        .contains("<td>1, 0, 1</td><td class=\"num\">0.6667</td>")
        .contains("<td>0, 0, 0.5</td><td class=\"num\">0.1667</td>");
    JsonNode metadata = JSON.readTree(dir().resolve("metadata.json").toFile());
    assertThat(metadata.get("verdicts").get("default").get("outcome").asText())
        .isEqualTo("failed");
  }

  @Test
  void oneEpochIsTheClassicRunWithNoEpochSectionOrFields() throws Exception {
    scores();

    EngineExecutionResults results = run("evalunit.epochs", "1");

    assertThat(rollouts()).hasSize(2);
    assertThat(rows()).extracting(r -> r.get("epoch").asInt()).containsExactly(0, 0);
    assertThat(entries(results, "seed 0")).containsEntry("score", "1")
        .doesNotContainKeys("epochs", "epoch_scores", "reducer");
    JsonNode report = JSON.readTree(dir().resolve("report.json").toFile());
    assertThat(report.get("config").has("epochs")).isFalse();
    assertThat(report.get("results").get(0).has("epochs")).isFalse();
    assertThat(Files.readString(dir().resolve("report.html"))).doesNotContain("Flakiest seeds");
  }

  /**
   * pass@k is the unbiased estimator of Chen et al., "Evaluating Large Language Models Trained
   * on Code" (arXiv:2107.03374, 2021), eq. 1: {@code 1 - C(n-c, k) / C(n, k)}, here with
   * binomials computed independently of the reducer's product form.
   */
  @Test
  void passAtKJudgesTheUnbiasedEstimate() throws Exception {
    scores();

    EngineExecutionResults results = run("evalunit.epochs.reducer", "pass@2");

    // An epoch passes at threshold.score = 0.5: seed 0 has c = 2 of n = 3, seed 1 c = 1.
    double seed0 = 1 - binomial(3 - 2, 2) / binomial(3, 2);
    double seed1 = 1 - binomial(3 - 1, 2) / binomial(3, 2);
    assertThat(seed0).isEqualTo(1.0);
    assertThat(seed1).isCloseTo(2.0 / 3, within(1e-12));
    JsonNode report = JSON.readTree(dir().resolve("report.json").toFile());
    assertThat(report.get("results").get(0).get("score").asDouble())
        .isCloseTo(seed0, within(1e-12));
    assertThat(report.get("results").get(1).get("score").asDouble())
        .isCloseTo(seed1, within(1e-12));
    assertThat(entries(results, "seed 1")).containsEntry("reducer", "pass@2")
        .containsEntry("score", "0.6667");
    // Both seeds meet 0.5 now, and so does their mean (0.8333).
    results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
  }

  private static double binomial(int n, int k) {
    if (k > n) {
      return 0;
    }
    double factorial = 1;
    for (int i = 2; i <= n; i++) {
      factorial *= i;
    }
    double kf = 1;
    for (int i = 2; i <= k; i++) {
      kf *= i;
    }
    double nkf = 1;
    for (int i = 2; i <= n - k; i++) {
      nkf *= i;
    }
    return factorial / (kf * nkf);
  }

  @Test
  void anErroredEpochErrorsItsSeedAndSaysWhichEpoch() throws Exception {
    scores();
    answer(1, 1, aResponse().withStatus(400).withBody("{\"detail\":\"bad seed\"}"));

    EngineExecutionResults results = run();

    TestExecutionResult seed1 = result(results, "seed 1");
    assertThat(seed1.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(seed1.getThrowable().orElseThrow().getMessage())
        .startsWith("epoch 1 of 3 errored: seed 1 epoch 1: POST /rollout returned HTTP 400");
    assertThat(entries(results, "seed 1")).containsEntry("epoch_scores", "0, errored, 0.5");
    assertThat(rows()).hasSize(6);
    JsonNode report = JSON.readTree(dir().resolve("report.json").toFile());
    assertThat(report.get("results").get(1).get("error").asText())
        .startsWith("epoch 1 of 3 errored");
    assertThat(report.get("results").get(1).get("epochs").get("statuses").toString())
        .isEqualTo("[\"completed\",\"errored\",\"completed\"]");
  }

  /**
   * A run killed in the middle of seed 1's epochs left epochs 0 of seed 1 (and all of seed 0)
   * in results.jsonl, and half a line: a resumed run sends only seed 1's epochs 1 and 2.
   */
  @Test
  void aResumedRunSendsOnlyTheEpochsNotRecorded() throws Exception {
    scores();
    run().testEvents().assertStatistics(s -> s.started(3));
    Path file = dir().resolve("results.jsonl");
    List<String> kept = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode row = JSON.readTree(line);
      if (row.get("seed").asInt() == 0 || row.get("epoch").asInt() == 0) {
        kept.add(line);
      }
    }
    assertThat(kept).hasSize(4);
    Files.writeString(file, String.join("\n", kept) + "\n{\"seed\":1,\"epoch\":1,\"sta",
        StandardCharsets.UTF_8);
    taskApp.resetRequests();

    EngineExecutionResults resumed = run("evalunit.resume", "true");

    List<LoggedRequest> sent = rollouts();
    assertThat(sent).hasSize(2);
    assertThat(sent.stream().map(r -> runId(r)))
        .anyMatch(id -> id.matches(runIdOf(1, 1))).anyMatch(id -> id.matches(runIdOf(1, 2)));
    // The seeds are judged on all three epochs, as in the first run.
    assertThat(entries(resumed, "seed 0")).containsEntry("epoch_scores", "1, 0, 1")
        .containsEntry("reused", "true");
    assertThat(entries(resumed, "seed 1")).containsEntry("epoch_scores", "0, 0, 0.5")
        .doesNotContainKey("reused");
    assertThat(result(resumed, "suite verdict").getThrowable().orElseThrow())
        .hasMessageContaining("mean score 0.4167 is below the required 0.5");
    // The new rows follow the half line, on lines of their own.
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(7);
    assertThat(lines.get(4)).isEqualTo("{\"seed\":1,\"epoch\":1,\"sta");
    assertThat(lines.subList(5, 7).stream().map(line -> epochOf(line)))
        .containsExactlyInAnyOrder(1, 2);
  }

  private static int epochOf(String line) {
    try {
      return JSON.readTree(line).get("epoch").asInt();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String runId(LoggedRequest request) {
    try {
      return JSON.readTree(request.getBodyAsString()).get("run_id").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
