package dev.evalunit.engine.config;

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
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.EvalSuite;
import dev.evalunit.LlmConfigs;
import dev.evalunit.SuiteThreshold;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

/** A suite under two named LLM configs: suite -> variant -> seed, judged per variant. */
class MatrixExecutionTest {

  @EvalSuite(env = "intents", seeds = "0..2")
  @LlmConfigs(file = "evals/llm-config.toml", names = {"eval_a", "eval_b"})
  @SuiteThreshold(meanScore = 0.5)
  static class MatrixSuite {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UniqueId SUITE = UniqueId.forEngine("evalunit")
      .append("suite", MatrixSuite.class.getName());

  @TempDir Path dir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @BeforeEach
  void start() {
    ConfigTestSupport.write(dir, "evals/llm-config.toml", """
        [llm]
        temperature = 0.0
        api_key = "sk-matrix-never-sent-123456"

        [llm.eval_a]
        model = "model-a"

        [llm.eval_b]
        model = "model-b"
        base_url = "http://llm-b.invalid/v1"
        """);
        answer("model-a", 1.0);
    answer("model-b", 0.25);
  }

  private void answer(String model, double score) {
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.policy.config.model", equalTo(model)))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"metrics\":{\"mean_return\":" + score + ",\"details\":{}}}")));
  }

  private EngineTestKit.Builder kit(String... params) {
    EngineTestKit.Builder kit = EngineTestKit.engine(ConfigTestSupport.engine(Map.of(), dir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl());
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    return kit;
  }

  private static List<UniqueId> registered(EngineExecutionResults results) {
    return results.allEvents()
        .filter(e -> e.getType() == org.junit.platform.testkit.engine.EventType.DYNAMIC_TEST_REGISTERED)
        .map(e -> e.getTestDescriptor().getUniqueId()).toList();
  }

  @Test
  void seedsFromTaskInfoAreRegisteredUnderEachVariantSelectedWhole() {
    taskApp.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/task_info"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"taskset\":{\"seeds\":[4,7]}}")));

    EngineExecutionResults whole = kit("evalunit.seeds", "task_info")
        .selectors(selectClass(MatrixSuite.class)).execute();

    assertThat(registered(whole)).containsExactly(
        SUITE.append("variant", "eval_a").append("seed", "4"),
        SUITE.append("variant", "eval_a").append("seed", "7"),
        SUITE.append("variant", "eval_b").append("seed", "4"),
        SUITE.append("variant", "eval_b").append("seed", "7"));
    // eval_a scores 1, eval_b 0.25: each verdict judges its own two learned seeds.
    whole.testEvents().assertThatEvents().haveExactly(1, event(test(),
        uniqueIdSubstring("eval_a"), uniqueIdSubstring("verdict"), finishedSuccessfully()));
    whole.testEvents().assertThatEvents().haveExactly(1, event(test(),
        uniqueIdSubstring("eval_b"), uniqueIdSubstring("verdict"), finishedWithFailure()));
    taskApp.verify(1, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
        urlEqualTo("/task_info")));

    taskApp.resetRequests();
    EngineExecutionResults one = kit("evalunit.seeds", "task_info")
        .selectors(selectUniqueId(SUITE.append("variant", "eval_a"))).execute();

    assertThat(registered(one)).containsExactly(
        SUITE.append("variant", "eval_a").append("seed", "4"),
        SUITE.append("variant", "eval_a").append("seed", "7"));
    taskApp.verify(2, postRequestedFor(urlEqualTo("/rollout")));
    taskApp.verify(0, postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.policy.config.model", equalTo("model-b"))));
  }

  @Test
  void theTreeHasOneVariantPerLlmConfigEachWithItsSeedsAndVerdict() {
    TestDescriptor root = kit().selectors(selectClass(MatrixSuite.class)).discover()
        .getEngineDescriptor();

    TestDescriptor suite = root.getChildren().iterator().next();
    assertThat(suite.getChildren()).extracting(d -> d.getUniqueId().toString()).containsExactly(
        SUITE.append("variant", "eval_a").toString(), SUITE.append("variant", "eval_b").toString());
    for (TestDescriptor variant : suite.getChildren()) {
      assertThat(variant.isContainer()).isTrue();
      String name = variant.getDisplayName();
      // Display names carry the variant: Surefire names testcases by them.
      assertThat(variant.getChildren()).extracting(TestDescriptor::getDisplayName)
          .containsExactly("seed 0 (" + name + ")", "seed 1 (" + name + ")",
              "seed 2 (" + name + ")", "suite verdict (" + name + ")");
      assertThat(variant.getChildren()).extracting(TestDescriptor::getLegacyReportingName)
          .containsExactly("seed 0 (" + name + ")", "seed 1 (" + name + ")",
              "seed 2 (" + name + ")", "verdict (" + name + ")");
      // A seed under a variant still navigates to the suite class (see SeedSourceTest).
      assertThat(variant.getChildren()).filteredOn(d -> d.getDisplayName().startsWith("seed "))
          .hasSize(3).allSatisfy(seed -> assertThat(seed.getSource()).contains(
              org.junit.platform.engine.support.descriptor.MethodSource.from(
                  MatrixSuite.class.getName(), MatrixSuite.class.getSimpleName(), "long")));
    }
    // Every emitted unique id resolves back to exactly that node.
    List<UniqueId> ids = new ArrayList<>();
    suite.accept(d -> ids.add(d.getUniqueId()));
    for (UniqueId id : ids) {
      TestDescriptor again = kit().selectors(selectUniqueId(id)).discover().getEngineDescriptor();
      assertThat(again.findByUniqueId(id)).as(id.toString()).isPresent();
    }
  }

  @Test
  void eachVariantSendsItsOwnPolicyConfigAndIsJudgedOnItsOwnNumbers() throws Exception {
    EngineExecutionResults results = kit().selectors(selectClass(MatrixSuite.class)).execute();

    results.testEvents().assertThatEvents()
        .haveExactly(1, event(test(), uniqueIdSubstring("variant:eval_a"),
            displayName("suite verdict (eval_a)"), finishedSuccessfully()))
        .haveExactly(1, event(test(), uniqueIdSubstring("variant:eval_b"),
            displayName("suite verdict (eval_b)"), finishedWithFailure(
                instanceOf(AssertionFailedError.class),
                message(m -> m.contains("[eval_b]") && m.contains("mean score 0.25")))));
    results.testEvents().assertStatistics(s -> s.succeeded(7).failed(1));

    Map<String, String> meanByVariant = results.allEvents().reportingEntryPublished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("suite verdict"))
        .collect(Collectors.toMap(
            e -> e.getTestDescriptor().getParent().orElseThrow().getDisplayName(),
            e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("mean_score")));
    assertThat(meanByVariant).containsExactlyInAnyOrderEntriesOf(
        Map.of("eval_a", "1", "eval_b", "0.25"));

    List<JsonNode> policies = new ArrayList<>();
    for (var request : taskApp.findAll(postRequestedFor(urlEqualTo("/rollout")))) {
      policies.add(JSON.readTree(request.getBodyAsString()).path("policy").path("config"));
    }
    assertThat(policies).hasSize(6);
    assertThat(policies).filteredOn(p -> p.path("model").asText().equals("model-a")).hasSize(3)
        .allSatisfy(p -> {
          assertThat(p.path("temperature").asDouble(-1)).isZero();
          assertThat(p.has("inference_url")).isFalse();
          assertThat(p.has("api_key")).isFalse();
        });
    assertThat(policies).filteredOn(p -> p.path("model").asText().equals("model-b")).hasSize(3)
        .allSatisfy(p -> {
          assertThat(p.path("inference_url").asText()).isEqualTo("http://llm-b.invalid/v1");
          assertThat(p.has("api_key")).isFalse();
        });

    Path suiteDir = dir.resolve("target/evalunit/" + MatrixSuite.class.getName());
    assertThat(Files.readAllLines(suiteDir.resolve("eval_a/results.jsonl"))).hasSize(3)
        .allSatisfy(line -> assertThat(line).contains("\"variant\":\"eval_a\""));
    assertThat(Files.readAllLines(suiteDir.resolve("eval_b/results.jsonl"))).hasSize(3)
        .allSatisfy(line -> assertThat(line).contains("\"score\":0.25"));
  }

  @Test
  void aUniqueIdRerunsOneSeedOfOneVariant() {
    UniqueId seed = SUITE.append("variant", "eval_b").append("seed", "1");

    EngineExecutionResults results = kit().selectors(selectUniqueId(seed)).execute();

    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    Event only = results.testEvents().started().list().get(0);
    assertThat(only.getTestDescriptor().getUniqueId()).isEqualTo(seed);
    taskApp.verify(1, postRequestedFor(urlEqualTo("/rollout")));
    taskApp.verify(1, postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("1")))
        .withRequestBody(matchingJsonPath("$.policy.config.model", equalTo("model-b"))));
  }

  @Test
  void aPropertyNarrowsTheMatrixToOneConfig() {
    EngineExecutionResults results = kit("evalunit.llm.configs", "eval_a")
        .selectors(selectClass(MatrixSuite.class)).execute();

    results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
    results.testEvents().assertThatEvents().allMatch(e ->
        e.getTestDescriptor().getUniqueId().toString().contains("[variant:eval_a]"));
    taskApp.verify(0, postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.policy.config.model", equalTo("model-b"))));
  }
}
