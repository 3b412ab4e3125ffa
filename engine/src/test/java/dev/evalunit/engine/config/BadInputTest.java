package dev.evalunit.engine.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.evalunit.EvalSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.engine.DiscoveryIssue.Severity;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Bad input gives one message naming the file (or property), the key and what was expected,
 * reported against that suite only.
 */
class BadInputTest {

  @TempDir Path dir;

  @EvalSuite(config = "evals/bad.toml")
  static class BadFileSuite {}

  @EvalSuite(env = "e", seeds = "0")
  static class GoodSuite {}

  private static final String VALID = """
      [eval]
      url = "http://x:1"
      env_name = "e"
      seeds = [0]
      """;

  private ConfigException failure(String toml, String... params) {
    ConfigTestSupport.write(dir, "evals/bad.toml", toml);
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
        ConfigTestSupport.resolver(dir, Map.of(), params).resolve(BadFileSuite.class));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return (ConfigException) thrown;
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      concurrency    | "many"        | [eval].concurrency: expected an integer from 1 to 100000, got "many"
      concurrency    | 0             | [eval].concurrency: expected an integer from 1 to 100000, got integer 0
      return_trace   | "yes"         | [eval].return_trace: expected true or false, got "yes"
      trace_format   | "verbose"     | [eval].trace_format: expected one of "compact", "full", "structured", got "verbose"
      policy_config  | "gpt-4o"      | [eval].policy_config: expected a table, got "gpt-4o"
      env_config     | 3             | [eval].env_config: expected a table, got integer 3
      seeds          | [0, "x"]      | [eval].seeds: expected seeds like "0..99", "0-99" or "1,5,9" (bad part "x")
      seeds          | true          | [eval].seeds: expected seeds as non-negative integers, a list, or a range like "0..99", got boolean true
      url            | "ftp://x"     | [eval].url: expected an http(s):// URL, or several separated by commas (a replica pool), got "ftp://x"
      url            | "http://a,b"  | [eval].url: expected an http(s):// URL, or several separated by commas (a replica pool), got "http://a,b"
      url            | "http://a,http://a" | [eval].url: expected an http(s):// URL, or several separated by commas (a replica pool), each URL once, got "http://a,http://a"
      env_name       | ["a"]         | [eval].env_name: expected a string, got
      """)
  void wrongTypesAndUnknownValuesNameFileKeyAndExpectation(String key, String value,
      String expected) {
    String toml = VALID.replaceAll("(?m)^" + key + " = .*\\n", "") + key + " = " + value + "\n";
    assertThat(failure(toml)).hasMessageStartingWith("evals/bad.toml " + expected);
  }

  @Test
  void aSecretOfTheWrongTypeIsNamedButNotShown() {
    assertThat(failure(VALID + "task_app_api_key = [\"sk-do-not-print-123456\"]\n"))
        .hasMessageContaining("evals/bad.toml [eval].task_app_api_key: expected a string")
        .hasMessageNotContaining("sk-do-not-print-123456");
  }

  @Test
  void aMissingTaskAppUrlNamesTheFileAndTheKeysThatWouldSetIt() {
    assertThat(failure(VALID.replace("url = \"http://x:1\"\n", "")))
        .hasMessageContaining("no task app URL. evals/bad.toml sets none")
        .hasMessageContaining("task_app_url").hasMessageContaining("-Devalunit.taskApp.url");
  }

  @Test
  void malformedTomlNamesTheFileLineAndColumn() {
    assertThat(failure("[eval]\nurl = \"http://x:1\nseeds = [0]\n"))
        .hasMessage("evals/bad.toml: not valid TOML: Newline not permitted here "
            + "(line 2, column 18)");
  }

  @Test
  void missingAndUnreadableFilesAreNamed() throws Exception {
    assertThatThrownBy(() -> ConfigTestSupport.resolver(dir, Map.of()).resolve(BadFileSuite.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("evals/bad.toml: file not found (looked for "
            + dir.resolve("evals/bad.toml"));
    Files.createDirectories(dir.resolve("evals/bad.toml"));
    assertThatThrownBy(() -> ConfigTestSupport.resolver(dir, Map.of()).resolve(BadFileSuite.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("evals/bad.toml: is a directory");
  }

  @Test
  void badPropertiesAndSeedSetsNameTheProperty() {
    assertThat(failure(VALID, "evalunit.suite.BadFileSuite.timeout.rollout", "soon"))
        .hasMessage("configuration parameter evalunit.suite.BadFileSuite.timeout.rollout: "
            + "expected a positive duration such as 500ms, 30s, 10m or 1h, got \"soon\"");
    assertThat(failure(VALID, "evalunit.seedSet", "holdout"))
        .hasMessage("configuration parameter evalunit.seedSet: expected one of \"seeds\", "
            + "\"validation_seeds\", \"test_pool\", got \"holdout\"");
    assertThat(failure(VALID, "evalunit.seedSet", "validation_seeds"))
        .hasMessage("configuration parameter evalunit.seedSet asks for the seed set "
            + "\"validation_seeds\", but evals/bad.toml [eval] has no validation_seeds key");
  }

  @Test
  void seedsFromTaskInfoNameTheirFormAndClashes() {
    assertThat(failure(VALID, "evalunit.seeds", "task_info:"))
        .hasMessage("configuration parameter evalunit.seeds: expected \"task_info\" or "
            + "\"task_info:<split>\" such as \"task_info:test\" (a split name of letters, "
            + "digits, '_', '-' or '.'), got \"task_info:\"");
    assertThat(failure(VALID, "evalunit.seeds", "task_info:test", "evalunit.env.config.split",
        "train")).hasMessage("configuration parameter evalunit.env.config.split: "
            + "env.config.split = \"train\" but seeds = \"task_info:test\" names the seeds of "
            + "split \"test\": set both to the same split (or leave env.config.split unset)");
    ConfigTestSupport.write(dir, "rows.jsonl", "{\"instance_id\":\"a\"}\n");
    assertThat(failure(VALID, "evalunit.seeds", "task_info", "evalunit.dataset.file",
        dir.resolve("rows.jsonl").toString())).hasMessageContaining("seeds = \"task_info\" asks "
            + "the task app for the seeds, but the dataset").hasMessageContaining("keep one");
  }

  @Test
  void ignoredKeysAreOneInfoIssueAgainstTheSuiteNotAFailure() {
    ConfigTestSupport.write(dir, "evals/bad.toml", VALID + "max_turns = 10\n[eval.judge]\nx = 1\n");

    EngineDiscoveryResults discovery = EngineTestKit.engine(ConfigTestSupport.engine(Map.of(), dir))
        .selectors(selectClass(BadFileSuite.class)).discover();

    assertThat(discovery.getDiscoveryIssues()).singleElement().satisfies(issue -> {
      assertThat(issue.severity()).isEqualTo(Severity.INFO);
      assertThat(issue.message()).isEqualTo("evalunit ignores these keys of evals/bad.toml "
          + "(not used by evalunit): eval.max_turns, [eval.judge]");
      assertThat(issue.source()).isPresent();
    });
    assertThat(discovery.getEngineDescriptor().getChildren()).singleElement()
        .satisfies(suite -> assertThat(suite.getChildren()).hasSize(2));
  }

  @Test
  void aBrokenSuiteFailsAsAContainerWithAWarningWhileOtherSuitesRun() {
    ConfigTestSupport.write(dir, "evals/bad.toml", "[eval\nurl = 1\n");
    WireMockServer taskApp = new WireMockServer(wireMockConfig().dynamicPort()
        .bindAddress("127.0.0.1"));
    taskApp.start();
    try {
      taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody("{\"metrics\":{\"mean_return\":1.0}}")));
      EngineTestKit.Builder kit = EngineTestKit.engine(ConfigTestSupport.engine(Map.of(), dir))
          .configurationParameter("evalunit.suite.GoodSuite.taskApp.url", taskApp.baseUrl())
          .selectors(selectClass(BadFileSuite.class), selectClass(GoodSuite.class));

      EngineDiscoveryResults discovery = kit.discover();
      assertThat(discovery.getDiscoveryIssues()).singleElement().satisfies(issue -> {
        assertThat(issue.severity()).isEqualTo(Severity.WARNING);
        assertThat(issue.message()).contains(BadFileSuite.class.getName())
            .contains("evals/bad.toml: not valid TOML");
      });
      EngineExecutionResults results = kit.execute();

      results.containerEvents().assertThatEvents().haveExactly(1, event(
          container(BadFileSuite.class.getSimpleName()),
          finishedWithFailure(instanceOf(ConfigException.class),
              message(m -> m.startsWith("evals/bad.toml: not valid TOML")))));
      results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    } finally {
      taskApp.stop();
    }
  }
}
