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

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.EvalSuite;
import dev.evalunit.LlmConfigs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Known secret strings enter through every config path and are echoed back by the task app in a
 * trace, in error bodies and in a malformed reply. None may reach a file under the output folder,
 * a report entry, standard output or error, a discovery issue or an exception message.
 */
class SecretsTest {

  private static final String TOML_TASK_APP_KEY = "toml-task-app-key-SECRET-1111";
  private static final String POLICY_API_KEY = "policy-api-key-SECRET-2222";
  private static final String LLM_API_KEY = "llm-api-key-SECRET-3333";
  private static final String ENVIRONMENT_KEY = "env-api-key-SECRET-4444";
  private static final String HF_TOKEN = "hf-token-SECRET-5555";
  private static final List<String> SECRETS =
      List.of(TOML_TASK_APP_KEY, POLICY_API_KEY, LLM_API_KEY, ENVIRONMENT_KEY, HF_TOKEN);

  @EvalSuite(config = "evals/secret.toml")
  @LlmConfigs(file = "evals/llm.toml", names = "leaky", sendSecrets = true)
  static class SecretSuite {}

  @TempDir Path dir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void setUp() {
    ConfigTestSupport.write(dir, "evals/secret.toml", """
        [eval]
        env_name = "intents"
        seeds = [0, 1, 2, 3]
        task_app_api_key = "%s"
        return_trace = true
        [eval.policy_config]
        model = "m"
        max_tokens = 64
        api_key = "%s"
        hf_token = "${HF_TOKEN}"
        """.formatted(TOML_TASK_APP_KEY, POLICY_API_KEY));
    ConfigTestSupport.write(dir, "evals/llm.toml", """
        [llm.leaky]
        model = "leaky-model"
        api_key = "%s"
        """.formatted(LLM_API_KEY));
        String echo = String.join(" ", SECRETS);
    reply(0, 200, """
        {"metrics":{"mean_return":1.0,"details":{"note":"%s"}},
         "trace":{"metadata":{"policy_config":{"api_key":"%s","hf_token":"%s"},
                              "headers":"X-API-Key: %s", "%s": "key as a field name"}}}
        """.formatted(echo, LLM_API_KEY, HF_TOKEN, ENVIRONMENT_KEY, POLICY_API_KEY));
    reply(1, 400, """
        {"detail":{"error":{"code":"unauthorised","message":"bad key %s"}}}
        """.formatted(echo));
    reply(2, 422, """
        {"detail":[{"type":"extra","loc":["body","policy","config"],"msg":"bad",
                    "input":{"api_key":"%s","hf_token":"%s","x":"%s"}}]}
        """.formatted(LLM_API_KEY, HF_TOKEN, echo));
    reply(3, 200, LLM_API_KEY + " is not JSON " + echo);
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(new TeeStream(captured, originalOut), true,
        StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new TeeStream(captured, originalErr), true,
        StandardCharsets.UTF_8));
  }

  @AfterEach
  void tearDown() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private void reply(int seed, int status, String body) {
    taskApp.stubFor(post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Integer.toString(seed))))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
            .withBody(body)));
  }

  private EngineTestKit.Builder kit() {
    return EngineTestKit.engine(ConfigTestSupport.engine(
            Map.of("ENVIRONMENT_API_KEY", ENVIRONMENT_KEY, "HF_TOKEN", HF_TOKEN), dir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl())
        .configurationParameter("evalunit.config.print", "true")
        .selectors(selectClass(SecretSuite.class));
  }

  @Test
  void noSecretReachesAnyOutput() throws IOException {
    EngineDiscoveryResults discovery = kit().discover();
    EngineExecutionResults results = kit().execute();

    // The secrets did travel where they must, so the greps below can fail.
    taskApp.verify(4, postRequestedFor(urlEqualTo("/rollout"))
        // The file's task_app_api_key wins over ENVIRONMENT_API_KEY, as in synth-ai's runner.py.
        .withHeader("X-API-Key", equalTo(TOML_TASK_APP_KEY))
        .withRequestBody(matchingJsonPath("$.policy.config.api_key", equalTo(LLM_API_KEY)))
        .withRequestBody(matchingJsonPath("$.policy.config.hf_token", equalTo(HF_TOKEN))));
    results.testEvents().assertStatistics(s -> s.succeeded(2).failed(3));

    List<String> texts = new ArrayList<>();
    texts.add(captured.toString(StandardCharsets.UTF_8));
    discovery.getDiscoveryIssues().forEach(issue -> texts.add(issue.message()));
    for (Event event : results.allEvents().list()) {
      event.getPayload(ReportEntry.class).ifPresent(entry -> texts.add(entry.toString()));
      event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
          .ifPresent(thrown -> collectMessages(thrown, texts));
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.resolve("target"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).extracting(f -> f.getFileName().toString())
        .contains("results.jsonl", "seed_0_trace.json");
    for (Path file : files) {
      texts.add(file + ":\n" + Files.readString(file));
    }

    assertThat(texts.get(0)).contains("effective config").contains(Secret.MASK);
    assertThat(String.join("\n", texts)).contains("bad key ***");
    for (String text : texts) {
      for (String secret : SECRETS) {
        assertThat(text).as("a text the engine wrote").doesNotContain(secret);
      }
    }
  }

  @Test
  void printedConfigShowsEveryValueButSecrets() {
    kit().execute();

    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("[evalunit] effective config of " + SecretSuite.class.getName())
        .contains("policy.config.model = m")
        .contains("policy.config.max_tokens = 64")
        .contains("policy.config.api_key = ***")
        .contains("policy.config.hf_token = ***")
        .contains("taskApp.apiKey = ***\n")
        .doesNotContain("(from ENVIRONMENT_API_KEY)")
        .contains("variant.leaky.policy.config.model = leaky-model")
        .contains("variant.leaky.policy.config.api_key = ***")
        .contains("llm.sendSecrets = true")
        .contains("env = intents");
  }

  private static void collectMessages(Throwable thrown, List<String> texts) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      texts.add(String.valueOf(t));
      for (Throwable suppressed : t.getSuppressed()) {
        collectMessages(suppressed, texts);
      }
    }
  }

  /** Writes to the capture and still to the console. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
