package dev.evalunit.engine.shard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.TestEngines;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.Shard;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.report.ShardMergeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Issue 14 section 2 in one JVM: {@code evalunit.shard=K/N} runs only that shard's seeds into
 * its own folder and leaves the verdict to the merge; {@code evalunit.shard=merge} runs no
 * rollout and judges the shards' results as the whole run does, or fails naming the shard.
 * (The separate-JVM comparison with report.json is the samples module's ShardedRunTest.)
 */
class ShardRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path baseDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  /** Seed n scores (n % 3) / 2: 0, 0.5 or 1, so the mean's interval is not degenerate. */
  @BeforeEach
  void stubScores() {
    for (long n = 0; n < 20; n++) {
      taskApp.stubFor(post(urlEqualTo("/rollout"))
          .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Long.toString(n))))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
              .withBody("{\"metrics\":{\"mean_return\":" + (n % 3) / 2.0 + "}}")));
    }
  }

  private Path dir() {
    return baseDir.resolve("target/evalunit").resolve(ShardSuite.class.getName());
  }

  private record Run(List<String> seeds, Event verdict, EngineExecutionResults results) {
    TestExecutionResult verdictResult() {
      return verdict.getPayload(TestExecutionResult.class).orElseThrow();
    }

    /** The baseline gate test's result. */
    TestExecutionResult gate() {
      return results.testEvents().finished().list().stream()
          .filter(e -> e.getTestDescriptor().getDisplayName().equals("baseline gate"))
          .findFirst().orElseThrow().getPayload(TestExecutionResult.class).orElseThrow();
    }

    String verdictMessage() {
      return verdictResult().getThrowable().map(Throwable::getMessage).orElse("");
    }

    /** The suite container's failure, if its start failed. */
    Throwable suiteFailure() {
      return results.containerEvents().finished().list().stream()
          .filter(e -> e.getTestDescriptor().getDisplayName().equals("ShardSuite"))
          .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow())
          .filter(r -> r.getStatus() == Status.FAILED)
          .findFirst().orElseThrow().getThrowable().orElseThrow();
    }
  }

  private Run run(String... params) {
    EngineTestKit.Builder kit = EngineTestKit.engine(TestEngines.hermetic(Map.of(), baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.progress.interval", "0")
        .selectors(selectClass(ShardSuite.class));
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    EngineExecutionResults results = kit.execute();
    List<String> seeds = new ArrayList<>();
    Event verdict = null;
    for (Event e : results.testEvents().finished().list()) {
      String name = e.getTestDescriptor().getDisplayName();
      if (name.equals("suite verdict")) {
        verdict = e;
      } else if (!name.equals("baseline gate")) {
        seeds.add(name);
      }
    }
    return new Run(seeds, verdict, results);
  }

  private long rollouts() {
    return taskApp.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().equals("/rollout")).count();
  }

  private static List<String> seedsOfShard(int k, int n) {
    List<String> names = new ArrayList<>();
    for (long seed = 0; seed < 20; seed++) {
      if (Shard.part(k, n).includes(Variant.DEFAULT, SeedSpec.of(seed))) {
        names.add("seed " + seed);
      }
    }
    return names;
  }

  @Test
  void eachShardRunsItsOwnSeedsIntoItsOwnFolderAndLeavesTheVerdictToTheMerge()
      throws IOException {
    Run shard = run("evalunit.shard", "2/4");

    assertThat(shard.seeds()).containsExactlyInAnyOrderElementsOf(seedsOfShard(2, 4))
        .isNotEmpty().hasSizeLessThan(20);
    assertThat(rollouts()).isEqualTo(shard.seeds().size());
    Path folder = dir().resolve("shard-2-of-4");
    assertThat(Files.readAllLines(folder.resolve("results.jsonl"))).hasSize(shard.seeds().size());
    assertThat(dir().resolve("results.jsonl")).doesNotExist();
    assertThat(shard.verdictResult().getStatus()).isEqualTo(Status.ABORTED);
    assertThat(shard.verdictMessage()).contains("shard 2/4: ran " + shard.seeds().size()
        + " of the suite's 20 seeds; the suite's verdict is the merge's "
        + "(-Devalunit.shard=merge over the 4 shard folders)");
    JsonNode metadata = JSON.readTree(folder.resolve("metadata.json").toFile());
    assertThat(metadata.path("shard").asText()).isEqualTo("2/4");
    assertThat(metadata.path("verdicts").path("default").path("outcome").asText())
        .isEqualTo("aborted");
  }

  @Test
  void theShardsPartitionTheSeedsAndAddingSeedsMovesNoneOfThem() {
    TreeSet<Long> seen = new TreeSet<>();
    for (int k = 1; k <= 4; k++) {
      for (long seed = 0; seed < 1000; seed++) {
        if (Shard.part(k, 4).includes(Variant.DEFAULT, SeedSpec.of(seed))) {
          assertThat(seen.add(seed)).as("seed %d in two shards", seed).isTrue();
        }
      }
    }
    assertThat(seen).hasSize(1000);
    // The shard of a seed is a function of its own key: the first 20 seeds' shards are the same
    // whether the suite has 20 seeds or 1000, and a shard's share stays near a quarter.
    for (int k = 1; k <= 4; k++) {
      int kk = k;
      long inShard = LongStream.range(0, 1000)
          .filter(s -> Shard.part(kk, 4).includes(Variant.DEFAULT, SeedSpec.of(s))).count();
      assertThat(inShard).as("seeds of shard %d/4 out of 1000", k).isBetween(200L, 300L);
    }
    assertThat(Shard.of("default", "7", 4)).isEqualTo(Shard.of("default", "7", 4));
  }

  @Test
  void theMergeJudgesTheShardsAsTheWholeRunWithoutARollout() throws IOException {
    Run whole = run("evalunit.output.dir", "whole/{suite}");
    for (int k = 1; k <= 4; k++) {
      run("evalunit.shard", k + "/4");
    }
    taskApp.resetRequests();

    Run merge = run("evalunit.shard", "merge");

    assertThat(taskApp.getAllServeEvents()).as("no rollout, no probe").isEmpty();
    assertThat(merge.seeds()).containsExactlyInAnyOrderElementsOf(whole.seeds()).hasSize(20);
    assertThat(merge.verdictResult().getStatus()).isEqualTo(whole.verdictResult().getStatus())
        .isEqualTo(Status.SUCCESSFUL);
    JsonNode wholeMeta = JSON.readTree(baseDir.resolve("whole")
        .resolve(ShardSuite.class.getName()).resolve("metadata.json").toFile());
    JsonNode mergeMeta = JSON.readTree(dir().resolve("metadata.json").toFile());
    assertThat(mergeMeta.path("verdicts").path("default").path("intervals"))
        .isEqualTo(wholeMeta.path("verdicts").path("default").path("intervals"));
    assertThat(mergeMeta.path("mode").asText()).isEqualTo("merge");
    assertThat(mergeMeta.path("shards")).hasSize(4);
    assertThat(mergeMeta.path("shards").get(2).path("shard").asText()).isEqualTo("3/4");
    assertThat(Files.readAllLines(dir().resolve("results.jsonl"))).hasSize(20);
    assertThat(Files.readString(dir().resolve("summary.md"))).startsWith("### ✅ ShardSuite");
  }

  @Test
  void aMissingShardFailsTheMergeNamingIt() {
    run("evalunit.shard", "1/4");
    run("evalunit.shard", "2/4");
    run("evalunit.shard", "4/4");

    Throwable failure = run("evalunit.shard", "merge").suiteFailure();

    assertThat(failure).isInstanceOf(ShardMergeException.class).hasMessage("merge of "
        + ShardSuite.class.getName() + ": shard 3/4 missing: no folder shard-3-of-4 in " + dir()
        + " (found 1/4, 2/4, 4/4); did its job run, and was its folder downloaded here?");
  }

  @Test
  void aShardUnderAnotherConfigFailsTheMergeNamingItAndBothHashes() throws IOException {
    for (int k = 1; k <= 3; k++) {
      run("evalunit.shard", k + "/3");
    }
    run("evalunit.shard", "3/3", "evalunit.policy.config.model", "another-model");
    String other = JSON.readTree(dir().resolve("shard-3-of-3/metadata.json").toFile())
        .path("config_hash").asText();
    String mine = JSON.readTree(dir().resolve("shard-1-of-3/metadata.json").toFile())
        .path("config_hash").asText();
    assertThat(other).isNotEqualTo(mine);

    Throwable failure = run("evalunit.shard", "merge").suiteFailure();

    assertThat(failure).isInstanceOf(ShardMergeException.class).hasMessageStartingWith(
        "merge of " + ShardSuite.class.getName() + ": shard 3/3 ran under config hash " + other
            + " (" + dir().resolve("shard-3-of-3").resolve("metadata.json")
            + ") but this merge's config hash is " + mine
            + ": every shard and the merge must run with the same settings");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      5/4   | ; the nearest valid value is 4/4
      0/8   | ; the nearest valid value is 1/8
      2/0   | ; the nearest valid value is 1/1
      2of8  | 
      """)
  void anUnusableShardFailsEverySuiteNamingTheValueAndTheNearestValidOne(String value,
      String nearest) {
    EngineDiscoveryResults discovery = EngineTestKit.engine(TestEngines.hermetic(Map.of(),
            baseDir)).selectors(selectClass(ShardSuite.class))
        .configurationParameter("evalunit.shard", value).discover();

    assertThat(discovery.getDiscoveryIssues()).singleElement().satisfies(issue ->
        assertThat(issue.message()).endsWith("configuration parameter evalunit.shard: expected "
            + "K/N with K from 1 to N and N from 1 to 10000 (e.g. 2/8), merge, or whole (the "
            + "default), got \"" + value + "\"" + (nearest == null ? "" : nearest)));
  }

  @Test
  void aShardThatDidNotFinishFailsTheMergeNamingIt() throws IOException {
    run("evalunit.shard", "1/2");
    run("evalunit.shard", "2/2");
    Files.delete(dir().resolve("shard-2-of-2").resolve("metadata.json"));

    assertThat(run("evalunit.shard", "merge").suiteFailure())
        .isInstanceOf(ShardMergeException.class).hasMessage("merge of " + ShardSuite.class.getName()
            + ": shard 2/2 has no metadata.json in " + dir().resolve("shard-2-of-2")
            + ": its run did not finish, or its folder was not copied whole");
  }

  @Test
  void aShardThatRanOtherSeedsFailsTheMergeNamingItAndTheSeeds() {
    run("evalunit.shard", "1/2");
    run("evalunit.shard", "2/2", "evalunit.seeds", "0..9");

    assertThat(run("evalunit.shard", "merge").suiteFailure())
        .isInstanceOf(ShardMergeException.class)
        .hasMessageStartingWith("merge of " + ShardSuite.class.getName() + ": shard 2/2 ("
            + dir().resolve("shard-2-of-2") + ") has no result for ")
        .hasMessageEndingWith("): it ran other seeds or was cut short; run every shard and the "
            + "merge with the same seeds");
  }

  @Test
  void foldersOfTwoSplitsFailTheMerge() {
    run("evalunit.shard", "1/2");
    run("evalunit.shard", "1/3");

    assertThat(run("evalunit.shard", "merge").suiteFailure())
        .isInstanceOf(ShardMergeException.class).hasMessage("merge of "
            + ShardSuite.class.getName() + ": " + dir() + " holds the shards of 2 different "
            + "splits (of 2, of 3 shards); remove the folders of the splits that are not this "
            + "run's");
  }

  @Test
  void theMergeWritesTheGitHubStepSummaryOfTheWholeSuite() throws IOException {
    run("evalunit.shard", "1/2");
    run("evalunit.shard", "2/2");
    Path summary = baseDir.resolve("step-summary.md");

    EngineTestKit.engine(TestEngines.hermetic(Map.of("GITHUB_STEP_SUMMARY", summary.toString()),
            baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.shard", "merge")
        .selectors(selectClass(ShardSuite.class)).execute();

    assertThat(Files.readString(summary)).startsWith("### ✅ ShardSuite")
        .isEqualTo(Files.readString(dir().resolve("summary.md")));
  }

  @Test
  void aSeedsEpochsRunInItsShardAndTheMergeTakesEveryEpoch() throws IOException {
    Run whole = run("evalunit.output.dir", "whole/{suite}", "evalunit.epochs", "2");
    Run first = run("evalunit.shard", "1/2", "evalunit.epochs", "2");
    Run second = run("evalunit.shard", "2/2", "evalunit.epochs", "2");
    assertThat(Files.readAllLines(dir().resolve("shard-1-of-2/results.jsonl")))
        .hasSize(2 * first.seeds().size());
    assertThat(first.seeds().size() + second.seeds().size()).isEqualTo(20);
    taskApp.resetRequests();

    Run merge = run("evalunit.shard", "merge", "evalunit.epochs", "2");

    assertThat(rollouts()).isZero();
    assertThat(merge.seeds()).containsExactlyInAnyOrderElementsOf(whole.seeds());
    assertThat(merge.verdictResult().getStatus()).isEqualTo(whole.verdictResult().getStatus());
    assertThat(Files.readAllLines(dir().resolve("results.jsonl"))).hasSize(40);
    assertThat(JSON.readTree(dir().resolve("metadata.json").toFile()).path("verdicts")
        .path("default").path("intervals")).isEqualTo(JSON.readTree(baseDir.resolve("whole")
            .resolve(ShardSuite.class.getName()).resolve("metadata.json").toFile())
        .path("verdicts").path("default").path("intervals"));
  }

  @Test
  void shardsLeaveTheBaselineGateToTheMergeWhichGatesAsTheWholeRun() throws IOException {
    String baseline = "baselines/ShardSuite.jsonl";
    run("evalunit.output.dir", "first/{suite}", "evalunit.baseline.file", baseline,
        "evalunit.baseline.write", "true");
    Run whole = run("evalunit.output.dir", "whole/{suite}", "evalunit.baseline.file", baseline);
    Run shard = run("evalunit.shard", "1/2", "evalunit.baseline.file", baseline);
    run("evalunit.shard", "2/2", "evalunit.baseline.file", baseline);
    Run merge = run("evalunit.shard", "merge", "evalunit.baseline.file", baseline);

    assertThat(shard.gate().getStatus()).isEqualTo(Status.ABORTED);
    assertThat(shard.gate().getThrowable().orElseThrow().getMessage())
        .contains("baseline gate not judged against ").contains(": shard 1/2: ran ")
        .doesNotContain(": baseline gate not judged");
    assertThat(whole.gate().getStatus()).isEqualTo(Status.SUCCESSFUL);
    assertThat(merge.gate().getStatus()).isEqualTo(whole.gate().getStatus());
    assertThat(JSON.readTree(dir().resolve("report.json").toFile()).path("baseline_gate"))
        .isEqualTo(JSON.readTree(baseDir.resolve("whole").resolve(ShardSuite.class.getName())
            .resolve("report.json").toFile()).path("baseline_gate"));
  }

  @Test
  void seedsLearnedFromTaskInfoAreShardedButTheirMergeFailsSayingItIsNotSupported() {
    taskApp.stubFor(get(urlPathEqualTo("/task_info")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"taskset\":{\"seeds\":[" + String.join(",", LongStream.range(0, 20)
            .mapToObj(Long::toString).toList()) + "]}}")));

    Run shard = run("evalunit.shard", "2/4", "evalunit.seeds", "task_info");

    assertThat(shard.seeds()).containsExactlyInAnyOrderElementsOf(seedsOfShard(2, 4));
    assertThat(rollouts()).isEqualTo(shard.seeds().size());
    assertThat(shard.verdictResult().getStatus()).isEqualTo(Status.ABORTED);
    assertThat(shard.verdictMessage()).contains("shard 2/4: ran " + shard.seeds().size());
    assertThat(run("evalunit.shard", "merge", "evalunit.seeds", "task_info").suiteFailure())
        .hasMessageContaining("cannot judge seeds learned from GET /task_info yet");
  }

  @Test
  void theMergeStartsNoTaskApp() {
    run("evalunit.shard", "1/2");
    run("evalunit.shard", "2/2");

    // A command that cannot start: the merge would fail at once if it tried.
    Run merge = run("evalunit.shard", "merge",
        "evalunit.taskApp.command", "/nonexistent/evalunit-task-app --port {port}");

    assertThat(merge.seeds()).hasSize(20);
    assertThat(merge.verdictResult().getStatus()).isEqualTo(Status.SUCCESSFUL);
  }

  @Test
  void noShardFoldersFailTheMergeSayingWhatToRunFirst() {
    assertThat(run("evalunit.shard", "merge").suiteFailure())
        .isInstanceOf(ShardMergeException.class)
        .hasMessageContaining("no shard folder (shard-K-of-N) in " + dir())
        .hasMessageContaining("-Devalunit.shard=K/N");
  }
}
