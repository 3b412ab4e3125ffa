package dev.evalunit.engine;

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
import dev.evalunit.engine.fixtures.PassingSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** What a suite run leaves in its output folder, and in the CI job summary. */
class OutputFolderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path baseDir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @BeforeEach
  void start() {
        answer(0, 200, "{\"metrics\":{\"mean_return\":1.0,\"outcome_score\":1.0,\"details\":"
        + "{\"tokens\":900,\"cost_usd\":0.0004}},\"trace\":{\"schema_version\":\"3.0\"}}");
    answer(1, 400, "{\"detail\":\"policy exploded\"}");
    answer(2, 200, "{\"metrics\":{\"mean_return\":0.5,\"details\":{\"tokens\":700}}}");
  }

  private void answer(int seed, int status, String body) {
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
            .withBody(body)));
  }

  private Path suiteDir() {
    return baseDir.resolve("target/evalunit/" + PassingSuite.class.getName());
  }

  @Test
  void everyReportFileIsWrittenAndTheCiSummaryIsAppended() throws IOException {
    Path stepSummary = baseDir.resolve("step-summary.md");
    Files.writeString(stepSummary, "# earlier step\n");

    EngineTestKit.engine(new EvalUnitTestEngine(
            Map.of("GITHUB_STEP_SUMMARY", stepSummary.toString(),
                "ENVIRONMENT_API_KEY", "env-key-4711"), baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.trace.return", "true")
        .configurationParameter("evalunit.policy.config.api_key", "sk-policy-0815")
        .selectors(selectClass(PassingSuite.class)).execute()
        .testEvents().assertStatistics(s -> s.started(4).succeeded(3).failed(1));

    Path dir = suiteDir();
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("results.jsonl"))) {
      rows.add(JSON.readTree(line));
    }
    assertThat(rows).hasSize(3);
    JsonNode seed0 = rows.stream().filter(r -> r.get("seed").asInt() == 0).findFirst()
        .orElseThrow();
    assertThat(seed0.get("run_id").asText()).startsWith("intents-seed-0-");
    assertThat(seed0.get("tokens").asLong()).isEqualTo(900);
    assertThat(seed0.get("trace").asText()).isEqualTo("traces/seed_0_trace.json");
    assertThat(seed0.get("attempts").asInt()).isEqualTo(1);
    assertThat(seed0.get("started_at").asText()).isNotBlank();
    assertThat(seed0.get("ended_at").asText()).isNotBlank();
    assertThat(seed0.has("variant")).isTrue();
    JsonNode seed1 = rows.stream().filter(r -> r.get("seed").asInt() == 1).findFirst()
        .orElseThrow();
    assertThat(seed1.get("status").asText()).isEqualTo("errored");
    assertThat(seed1.get("error").get("type").asText()).isEqualTo("http_400");
    assertThat(seed1.get("error").get("message").asText()).contains("policy exploded");

    JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
    assertThat(report.get("config").get("task_app_url").asText()).isEqualTo(taskApp.baseUrl());
    assertThat(report.get("config").get("env_name").asText()).isEqualTo("intents");
    assertThat(report.get("config").get("policy_config").get("model").asText())
        .isEqualTo("test-model");
    assertThat(report.get("config").get("policy_config").get("api_key").asText())
        .isEqualTo("***");
    assertThat(report.get("results")).hasSize(3);
    assertThat(report.get("results").get(1).get("error").asText()).contains("HTTP 400");

    String text = Files.readString(dir.resolve("report.txt"));
    assertThat(text).startsWith("Eval config\n{\n  \"app_id\": null,\n")
        .contains("\n\nResults\nseed | score ").contains("\navg  |");

    JsonNode metadata = JSON.readTree(dir.resolve("metadata.json").toFile());
    assertThat(metadata.get("suite").asText()).isEqualTo(PassingSuite.class.getName());
    assertThat(metadata.get("engine_version").asText()).isEqualTo(EvalUnitTestEngine.version());
    assertThat(metadata.get("config_hash").asText()).isEqualTo(seed0.get("config_hash").asText());
    assertThat(metadata.get("mode").asText()).isEqualTo("direct");
    assertThat(metadata.get("java_version").asText()).isEqualTo(System.getProperty("java.version"));
    assertThat(metadata.get("junit_platform_version").asText()).startsWith("1.");
    assertThat(metadata.has("git_commit")).isTrue();
    assertThat(metadata.get("started_at").asText()).isNotBlank();

    String summary = Files.readString(dir.resolve("summary.md"));
    assertThat(summary).startsWith("### ✅ PassingSuite: passed")
        .contains("| default | ✅ passed | 0.75 | 0.6667 (2/3) | 2 / 0 / 1 / 0 | 1600 | 0.0004 |")
        .contains(" · 1 of 3 seeds priced · ");
    assertThat(Files.readString(stepSummary)).isEqualTo("# earlier step\n" + summary);

    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("PassingSuite").contains("traces/seed_0_trace.json");
    assertThat(dir.resolve("traces/seed_0_trace.json")).exists();

    for (String file : List.of("results.jsonl", "report.json", "report.txt", "metadata.json",
        "summary.md", "report.html")) {
      assertThat(Files.readString(dir.resolve(file))).as(file)
          .doesNotContain("sk-policy-0815").doesNotContain("env-key-4711");
    }
  }

  @Test
  void withoutTheCiVariableOnlySummaryMdIsWritten() throws IOException {
    EngineTestKit.engine(new EvalUnitTestEngine(Map.of(), baseDir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .selectors(selectClass(PassingSuite.class)).execute();

    assertThat(suiteDir().resolve("summary.md")).exists();
    try (var files = Files.list(baseDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("target");
    }
  }
}
