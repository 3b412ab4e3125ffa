package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.EvalSuite;
import dev.evalunit.engine.backend.BackendEndpoint;
import dev.evalunit.engine.backend.BackendEvalJob;
import dev.evalunit.engine.backend.BackendOptions;
import dev.evalunit.engine.client.RolloutRequests;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.EngineServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of synth-ai 0.4.4's {@code synth_ai/cli/commands/eval/runner.py} (read from
 * ../shared/reference/synth-ai-0.4.4-eval-runner.py.txt) that decide what a direct rollout
 * request carries, which task app key is sent and whether backend mode is on. Every expected
 * value below is written from that file's rule, quoted in the test, not from evalunit's code.
 */
class SynthRunnerFidelityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @EvalSuite(config = "evals/eval.toml")
  static class FileSuite {}

  @EvalSuite(config = "evals/other.toml")
  static class OtherFileSuite {}

  private void file(String toml) {
    ConfigTestSupport.write(dir, "evals/eval.toml", toml);
  }

  private SuiteConfig resolve(Class<?> suite, Map<String, String> env, String... params) {
    return ConfigTestSupport.resolver(dir, env, params).resolve(suite);
  }

  @Nested
  class Request {

    /**
     * {@code _build_rollout_request}: {@code RolloutRecordConfig(trajectories=True,
     * logprobs=False, value=False, return_trace=config.return_trace,
     * trace_format=config.trace_format)}, {@code on_done="reset"},
     * {@code training_session_id=None},
     * {@code synth_base_url=os.getenv("SYNTH_API_BASE") or os.getenv("SYNTH_BASE_URL")},
     * {@code mode=config.mode or RolloutMode.EVAL}, {@code env=RolloutEnvSpec(env_name,
     * config=env_config, seed=seed)}, {@code policy=RolloutPolicySpec(policy_name, config)} with
     * {@code output_mode} and {@code structured_config} popped out of the policy config, and
     * {@code run_id = f"{app_id or env_name or 'eval'}-seed-{seed}-{uuid4().hex[:8]}"}.
     */
    @Test
    void carriesEveryFieldRunnerPySetsWithItsValues() {
      file("""
          [eval]
          app_id = "banking77"
          url = "http://127.0.0.1:8103"
          env_name = "banking77"
          policy_name = "banking77-policy"
          seeds = [5]
          mode = "rl"
          return_trace = true
          trace_format = "structured"
          [eval.env_config]
          split = "test"
          [eval.policy_config]
          model = "gpt-4o-mini"
          output_mode = "text"
          structured_config = { schema = "s" }
          """);
      SuiteConfig config = resolve(FileSuite.class, Map.of());
      Map<String, String> env = Map.of("SYNTH_API_BASE", "", "SYNTH_BASE_URL", "https://synth/b");
      RolloutRequests requests = new RolloutRequests(JSON, config.rollout(),
          services(env).synthBaseUrl());

      JsonNode body = JSON.valueToTree(requests.build(config.seeds().get(0), Variant.DEFAULT,
          requests.newRunId(config.seeds().get(0))));

      assertThat(body.path("record").path("trajectories").asBoolean(false)).isTrue();
      assertThat(body.path("record").path("logprobs").isBoolean()).isTrue();
      assertThat(body.path("record").path("logprobs").asBoolean(true)).isFalse();
      assertThat(body.path("record").path("value").asBoolean(true)).isFalse();
      assertThat(body.path("record").path("return_trace").asBoolean(false)).isTrue();
      assertThat(body.path("record").path("trace_format").asText()).isEqualTo("structured");
      assertThat(body.path("mode").asText()).isEqualTo("rl");
      assertThat(body.path("on_done").asText()).isEqualTo("reset");
      assertThat(body.has("training_session_id")).isTrue();
      assertThat(body.path("training_session_id").isNull()).isTrue();
      // "" or "https://synth/b" is "https://synth/b" in Python.
      assertThat(body.path("synth_base_url").asText()).isEqualTo("https://synth/b");
      assertThat(body.path("env").path("env_name").asText()).isEqualTo("banking77");
      assertThat(body.path("env").path("seed").asLong()).isEqualTo(5);
      assertThat(body.path("env").path("config")).isEqualTo(JSON.valueToTree(
          Map.of("split", "test")));
      assertThat(body.path("policy").path("policy_name").asText()).isEqualTo("banking77-policy");
      assertThat(body.path("policy").path("config")).isEqualTo(JSON.valueToTree(
          Map.of("model", "gpt-4o-mini")));
      assertThat(body.path("policy").path("output_mode").asText()).isEqualTo("text");
      assertThat(body.path("policy").path("structured_config"))
          .isEqualTo(JSON.valueToTree(Map.of("schema", "s")));
      assertThat(body.path("run_id").asText()).matches("banking77-seed-5-[0-9a-f]{8}");
    }

    /** {@code mode=config.mode or RolloutMode.EVAL}: no mode key sends "eval". */
    @Test
    void sendsEvalWhenTheConfigHasNoMode() {
      file("""
          url = "http://127.0.0.1:8103"
          env_name = "e"
          seeds = [0]
          """);
      SuiteConfig config = resolve(FileSuite.class, Map.of());
      RolloutRequests requests = new RolloutRequests(JSON, config.rollout(), null);
      JsonNode body = JSON.valueToTree(requests.build(config.seeds().get(0), Variant.DEFAULT, "r"));
      assertThat(body.path("mode").asText()).isEqualTo("eval");
      assertThat(body.path("record").path("trajectories").asBoolean(false)).isTrue();
      // os.getenv("SYNTH_API_BASE") or os.getenv("SYNTH_BASE_URL") with neither set is None.
      assertThat(body.path("synth_base_url").isNull()).isTrue();
    }

    /** RolloutMode has the members EVAL = "eval" and RL = "rl"; anything else is refused. */
    @Test
    void refusesAModeRolloutModeDoesNotKnowNamingTheFileAndKey() {
      file("""
          url = "http://127.0.0.1:8103"
          env_name = "e"
          seeds = [0]
          mode = "train"
          """);
      assertThatThrownBy(() -> resolve(FileSuite.class, Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("evals/eval.toml")
          .hasMessageContaining("mode")
          .hasMessageContaining("\"eval\" (the default) or \"rl\"")
          .hasMessageContaining("\"train\"");
    }

    /**
     * {@code mode}, {@code timeout} and {@code backend_url} are keys runner.py reads
     * ({@code config.mode}, {@code "timeout": config.timeout} in the backend job,
     * {@code config.backend_url}); none of them may be reported as ignored.
     */
    @Test
    void modeTimeoutAndBackendUrlAreUsedNotIgnored() {
      file("""
          [eval]
          url = "http://127.0.0.1:8103"
          env_name = "e"
          seeds = [0]
          mode = "eval"
          timeout = 90
          backend_url = "https://backend.example"
          max_turns = 3
          """);
      List<String> notices = new ArrayList<>();
      SuiteConfig config = ConfigTestSupport.resolver(dir, Map.of())
          .resolve(FileSuite.class, notices::add);
      assertThat(notices).singleElement().asString()
          .contains("eval.max_turns")
          .doesNotContain("eval.mode").doesNotContain("eval.timeout")
          .doesNotContain("backend_url");
      assertThat(config.timeouts().rollout()).isEqualTo(Duration.ofSeconds(90));
      assertThat(config.backendUrl()).isEqualTo("https://backend.example");
    }
  }

  /**
   * {@code run_eval_via_backend}'s {@code job_request}: {@code task_app_url},
   * {@code task_app_api_key = config.task_app_api_key or os.getenv("ENVIRONMENT_API_KEY")},
   * {@code app_id}, {@code env_name}, {@code seeds}, {@code policy} (the policy config plus
   * {@code policy_name}), {@code env_config}, {@code mode} ({@code config.mode} or "eval"),
   * {@code max_concurrent = config.concurrency} and {@code timeout = config.timeout}.
   */
  @Test
  void theBackendJobCarriesRunnerPysFieldsWithTheFilesModeAndTimeout() throws Exception {
    file("""
        [eval]
        app_id = "banking77"
        url = "http://127.0.0.1:8103"
        env_name = "banking77"
        policy_name = "p"
        seeds = [2, 0]
        concurrency = 4
        mode = "rl"
        timeout = 90
        task_app_api_key = "file-key"
        [eval.env_config]
        split = "test"
        [eval.policy_config]
        model = "gpt-4o-mini"
        """);
    SuiteConfig config = resolve(FileSuite.class, Map.of("ENVIRONMENT_API_KEY", "env-key"));

    JsonNode job = BackendEvalJob.request(JSON, config, Variant.DEFAULT, config.seeds(),
        "http://127.0.0.1:8103");

    assertThat(JSON.readTree(job.toString())).isEqualTo(JSON.readTree("""
        {"task_app_url": "http://127.0.0.1:8103", "task_app_api_key": "file-key",
         "app_id": "banking77", "env_name": "banking77", "seeds": [2, 0],
         "policy": {"model": "gpt-4o-mini", "policy_name": "p"},
         "env_config": {"split": "test"}, "mode": "rl", "max_concurrent": 4, "timeout": 90}
        """));
  }

  /**
   * {@code run_eval_direct}: {@code api_key = config.task_app_api_key or
   * os.getenv("ENVIRONMENT_API_KEY")}: the suite's own key (its TOML file's
   * {@code task_app_api_key}, or an {@code evalunit.taskApp.apiKey} property) first; the variable
   * only fills in.
   */
  @Nested
  class KeyPrecedence {

    private static final Map<String, String> ENV = Map.of("ENVIRONMENT_API_KEY", "key-from-env");

    @Test
    void theFilesKeyWinsOverTheEnvironment() {
      file("""
          url = "http://x:1"
          env_name = "e"
          seeds = [0]
          task_app_api_key = "key-from-the-file"
          """);
      SuiteConfig config = resolve(FileSuite.class, ENV);
      assertThat(config.taskApp().apiKey().value()).isEqualTo("key-from-the-file");
      assertThat(config.effective().get(SettingKeys.TASK_APP_API_KEY)).isEqualTo("***");
    }

    @Test
    void aPerSuitePropertyWinsOverTheEnvironmentAndTheFile() {
      file("""
          url = "http://x:1"
          env_name = "e"
          seeds = [0]
          task_app_api_key = "key-from-the-file"
          """);
      assertThat(resolve(FileSuite.class, ENV,
          "evalunit.suite.FileSuite.taskApp.apiKey", "key-from-the-property")
          .taskApp().apiKey().value()).isEqualTo("key-from-the-property");
    }

    @Test
    void twoSuitesWithTwoKeysEachSendTheirOwnWhileTheVariableIsSet() {
      file("""
          url = "http://x:1"
          env_name = "e"
          seeds = [0]
          task_app_api_key = "key-from-the-file"
          """);
      ConfigTestSupport.write(dir, "evals/other.toml", """
          url = "http://x:1"
          env_name = "e"
          seeds = [0]
          task_app_api_key = "key-from-the-other-file"
          """);
      SuiteConfigResolver resolver = ConfigTestSupport.resolver(dir, ENV);
      assertThat(resolver.resolve(FileSuite.class).taskApp().apiKey().value())
          .isEqualTo("key-from-the-file");
      assertThat(resolver.resolve(OtherFileSuite.class).taskApp().apiKey().value())
          .isEqualTo("key-from-the-other-file");
    }

    @Test
    void theVariableFillsInWhenNoSuiteKeyIsSetAndAnEmptyOneIsUnset() {
      file("""
          url = "http://x:1"
          env_name = "e"
          seeds = [0]
          task_app_api_key = ""
          """);
      SuiteConfig config = resolve(FileSuite.class, ENV);
      assertThat(config.taskApp().apiKey().value()).isEqualTo("key-from-env");
      assertThat(config.effective().get(SettingKeys.TASK_APP_API_KEY))
          .isEqualTo("*** (from ENVIRONMENT_API_KEY)");
      assertThat(resolve(FileSuite.class, Map.of("ENVIRONMENT_API_KEY", "")).taskApp().apiKey())
          .isNull();
    }
  }

  /**
   * {@code run_eval}: {@code backend_url = config.backend_url or os.getenv("SYNTH_BASE_URL") or
   * os.getenv("BACKEND_OVERRIDE")}; {@code api_key = config.backend_api_key or
   * os.getenv("SYNTH_API_KEY")}; {@code if backend_url and api_key:} backend mode, else direct.
   * {@code SYNTH_API_BASE} appears only in {@code _build_rollout_request}'s
   * {@code synth_base_url}.
   */
  @Nested
  class BackendPrecedence {

    private Optional<String> backendHost(String property, String suiteUrl,
        Map<String, String> env) {
      BackendOptions d = BackendOptions.DEFAULT;
      BackendOptions options = new BackendOptions(true, property, d.pollInterval(),
          d.maxPollInterval(), d.timeout());
      return options.endpoint(suiteUrl, env).map(BackendEndpoint::base).map(u -> u.host());
    }

    private Map<String, String> env(String... pairs) {
      Map<String, String> env = new HashMap<>();
      for (int i = 0; i < pairs.length; i += 2) {
        env.put(pairs[i], pairs[i + 1]);
      }
      return env;
    }

    @Test
    void synthApiBaseAloneNeverSwitchesBackendModeOn() {
      assertThat(backendHost(null, null, env("SYNTH_API_BASE", "https://api-base",
          "SYNTH_API_KEY", "k"))).isEmpty();
      // ...but still fills synth_base_url of direct requests.
      assertThat(services(env("SYNTH_API_BASE", "https://api-base", "SYNTH_BASE_URL",
          "https://base-url")).synthBaseUrl()).isEqualTo("https://api-base");
    }

    @Test
    void theUrlIsTheConfiguredOneElseSynthBaseUrlElseBackendOverride() {
      Map<String, String> all = env("SYNTH_BASE_URL", "https://base-url",
          "BACKEND_OVERRIDE", "https://override", "SYNTH_API_KEY", "k");
      assertThat(backendHost("https://property", "https://suite", all)).contains("property");
      assertThat(backendHost(null, "https://suite", all)).contains("suite");
      assertThat(backendHost(null, null, all)).contains("base-url");
      all.remove("SYNTH_BASE_URL");
      assertThat(backendHost(null, null, all)).contains("override");
      // Python's `or`: an empty SYNTH_BASE_URL falls through to BACKEND_OVERRIDE.
      all.put("SYNTH_BASE_URL", "");
      assertThat(backendHost(null, null, all)).contains("override");
    }

    @Test
    void backendModeNeedsBothAUrlAndSynthApiKey() {
      assertThat(backendHost(null, null, env("BACKEND_OVERRIDE", "https://override")))
          .isEmpty();
      assertThat(backendHost(null, "https://suite", env())).isEmpty();
      assertThat(backendHost(null, "https://suite", env("SYNTH_API_KEY", ""))).isEmpty();
      assertThat(backendHost(null, null, env("SYNTH_API_KEY", "k"))).isEmpty();
      assertThat(backendHost(null, "https://suite", env("SYNTH_API_KEY", "k")))
          .contains("suite");
    }

    @Test
    void theSuitesBackendUrlComesFromItsTomlFile() {
      file("""
          url = "http://x:1"
          env_name = "e"
          seeds = [0]
          backend_url = "https://toml-backend"
          """);
      SuiteConfig config = resolve(FileSuite.class, Map.of());
      assertThat(BackendOptions.DEFAULT.endpoint(config.backendUrl(),
          env("SYNTH_API_KEY", "k", "SYNTH_BASE_URL", "https://base-url")))
          .get().extracting(e -> e.base().toString()).isEqualTo("https://toml-backend/api");
    }
  }

  private static EngineServices services(Map<String, String> env) {
    return new EngineServices(null, JSON, env, null);
  }
}
