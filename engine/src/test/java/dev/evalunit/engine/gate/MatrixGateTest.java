package dev.evalunit.engine.gate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.EvalSuite;
import dev.evalunit.LlmConfigs;
import dev.evalunit.engine.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A matrix suite has one baseline gate per variant, beside each variant's verdict; the written
 * baseline holds every variant's rows, and each variant is paired with its own rows only.
 */
class MatrixGateTest {

  @EvalSuite(env = "intents", seeds = "0..9", concurrency = 4)
  @LlmConfigs(file = "evals/llm-config.toml", names = {"eval_a", "eval_b"})
  static class MatrixGateSuite {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UniqueId SUITE = UniqueId.forEngine("evalunit")
      .append("suite", MatrixGateSuite.class.getName());

  @TempDir Path dir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private void answer(String model, double score) {
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.policy.config.model", equalTo(model)))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"metrics\":{\"mean_return\":" + score + "}}")));
  }

  /** Each gate test's unique id and JUnit result. */
  private Map<UniqueId, TestExecutionResult> run(String... params) {
    EngineTestKit.Builder kit = EngineTestKit.engine(TestEngines.hermetic(Map.of(), dir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.retry.maxRetries", "0")
        .configurationParameter("evalunit.baseline.file", "matrix-baseline.jsonl");
    for (int i = 0; i < params.length; i += 2) {
      kit.configurationParameter(params[i], params[i + 1]);
    }
    Map<UniqueId, TestExecutionResult> gates = new LinkedHashMap<>();
    for (Event e : kit.selectors(selectClass(MatrixGateSuite.class)).execute().testEvents()
        .finished().list()) {
      if (e.getTestDescriptor().getDisplayName().startsWith("baseline gate")) {
        gates.put(e.getTestDescriptor().getUniqueId(),
            e.getPayload(TestExecutionResult.class).orElseThrow());
      }
    }
    return gates;
  }

  @Test
  void eachVariantIsGatedAgainstItsOwnRows() throws Exception {
    Files.createDirectories(dir.resolve("evals"));
    Files.writeString(dir.resolve("evals/llm-config.toml"), """
        [llm.eval_a]
        model = "model-a"

        [llm.eval_b]
        model = "model-b"
        """);
    answer("model-a", 1.0);
    answer("model-b", 1.0);
    Map<UniqueId, TestExecutionResult> first = run("evalunit.baseline.write", "true");
    UniqueId gateA = SUITE.append("variant", "eval_a").append("baseline", "gate");
    UniqueId gateB = SUITE.append("variant", "eval_b").append("baseline", "gate");
    assertThat(first.keySet()).containsExactly(gateA, gateB);
    List<String> rows = Files.readAllLines(dir.resolve("matrix-baseline.jsonl"));
    assertThat(rows).hasSize(20);
    assertThat(rows.stream().map(r -> {
      try {
        return JSON.readTree(r).get("variant").asText();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).distinct()).containsExactly("eval_a", "eval_b");

    // model-b now fails every seed: its gate fails, eval_a's (unchanged) passes.
    taskApp.resetAll();
    answer("model-a", 1.0);
    answer("model-b", 0.0);
    Map<UniqueId, TestExecutionResult> second = run();
    assertThat(second.get(gateA).getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(second.get(gateB).getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(second.get(gateB).getThrowable().orElseThrow().getMessage())
        .contains("[eval_b] baseline gate failed")
        .contains("mean change -1.0000").contains("over 10 paired seeds")
        .contains("eval_b/0 1.0000 -> 0.0000");
  }
}
