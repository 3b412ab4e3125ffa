package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TOML shapes beyond the fixtures, layer precedence, per-suite properties and placeholders. */
class ConfigLayersTest {

  @TempDir Path dir;

  @EvalSuite(config = "evals/eval.toml", taskApp = "http://annotation:1", env = "from-annotation",
      seeds = "0..1", concurrency = 2, model = "annotation-model")
  @SuiteThreshold(meanScore = 0.9)
  static class LayeredSuite {}

  @EvalSuite(config = "evals/eval.toml")
  static class FileOnlySuite {}

  private SuiteConfig resolve(Class<?> suite, Map<String, String> env, String... params) {
    return ConfigTestSupport.resolver(dir, env, params).resolve(suite);
  }

  private void file(String toml) {
    ConfigTestSupport.write(dir, "evals/eval.toml", toml);
  }

  @Test
  void urlWinsOverTaskAppUrlWhichWinsOverTheTaskAppTable() {
    file("""
        [task_app]
        url = "http://table:3"
        [eval]
        env_name = "e"
        seeds = [0]
        task_app_url = "http://task-app-url:2"
        url = "http://url:1"
        """);
    assertThat(resolve(FileOnlySuite.class, Map.of()).taskApp().url()).isEqualTo("http://url:1");

    file("""
        [task_app]
        url = "http://table:3"
        [eval]
        env_name = "e"
        seeds = [0]
        task_app_url = "http://task-app-url:2"
        """);
    assertThat(resolve(FileOnlySuite.class, Map.of()).taskApp().url())
        .isEqualTo("http://task-app-url:2");
  }

  @Test
  void modelAndProviderOnlyFillThePolicyConfigWhenItLacksThem() {
    file("""
        [eval]
        url = "http://x:1"
        env_name = "e"
        seeds = [0]
        model = "eval-model"
        provider = "eval-provider"
        [eval.policy_config]
        model = "policy-model"
        """);
    assertThat(resolve(FileOnlySuite.class, Map.of()).rollout().policyConfig())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("model", "policy-model", "provider", "eval-provider"));
  }

  @Test
  void policySourcesLayerFromLeastToMostSpecific() {
    file("""
        [policy]
        a = "policy"
        b = "policy"
        c = "policy"
        d = "policy"
        [eval]
        url = "http://x:1"
        env_name = "e"
        seeds = [0]
        [eval.policy]
        b = "eval.policy"
        c = "eval.policy"
        d = "eval.policy"
        policy_name = "react"
        [eval.policy.config]
        c = "eval.policy.config"
        d = "eval.policy.config"
        [eval.policy_config]
        d = "eval.policy_config"
        """);
    SuiteConfig config = resolve(FileOnlySuite.class, Map.of());
    assertThat(config.rollout().policyConfig()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "a", "policy", "b", "eval.policy", "c", "eval.policy.config", "d", "eval.policy_config"));
    assertThat(config.rollout().policyName()).isEqualTo("react");
  }

  @Test
  void concurrencyComesFromConcurrencyThenMaxConcurrentThenNumWorkers() {
    file("""
        url = "http://x:1"
        env_name = "e"
        seeds = [0]
        num_workers = 3
        max_concurrent = 5
        """);
    assertThat(resolve(FileOnlySuite.class, Map.of()).concurrency()).isEqualTo(5);
    file("""
        url = "http://x:1"
        env_name = "e"
        seeds = [0]
        num_workers = 3
        max_concurrent = 5
        concurrency = 7
        """);
    assertThat(resolve(FileOnlySuite.class, Map.of()).concurrency()).isEqualTo(7);
  }

  @Test
  void seedsMayBeARangeStringOrAnIntArrayAndEnvTablesBecomeEnvConfig() {
    file("""
        url = "http://x:1"
        env_name = "e"
        seeds = "3-6"
        [env]
        difficulty = "hard"
        level = 2
        """);
    SuiteConfig config = resolve(FileOnlySuite.class, Map.of());
    assertThat(config.seeds()).extracting(SeedSpec::seed).containsExactly(3L, 4L, 5L, 6L);
    assertThat(config.rollout().envConfig())
        .containsExactlyInAnyOrderEntriesOf(Map.of("difficulty", "hard", "level", 2));
  }

  @Test
  void layersApplyAnnotationThenFileThenProperties() {
    file("""
        [eval]
        env_name = "from-file"
        seeds = [5, 6, 7]
        [eval.policy_config]
        temperature = 0.5
        """);

    SuiteConfig fileOverAnnotation = resolve(LayeredSuite.class, Map.of());
    assertThat(fileOverAnnotation.rollout().envName()).isEqualTo("from-file");
    assertThat(fileOverAnnotation.seeds()).extracting(SeedSpec::seed).containsExactly(5L, 6L, 7L);
    assertThat(fileOverAnnotation.taskApp().url()).isEqualTo("http://annotation:1");
    assertThat(fileOverAnnotation.concurrency()).isEqualTo(2);
    assertThat(fileOverAnnotation.rollout().policyConfig())
        .containsEntry("model", "annotation-model").containsEntry("temperature", 0.5);

    SuiteConfig propertiesOverFile = resolve(LayeredSuite.class, Map.of(),
        "evalunit.seeds", "0..9", "evalunit.concurrency", "16", "evalunit.limit", "3",
        "evalunit.taskApp.url", "http://property:2", "evalunit.env", "from-property",
        "evalunit.policy.config.temperature", "0.2", "evalunit.suite.meanScore", "0.25");
    assertThat(propertiesOverFile.seeds()).hasSize(3);
    assertThat(propertiesOverFile.concurrency()).isEqualTo(16);
    assertThat(propertiesOverFile.taskApp().url()).isEqualTo("http://property:2");
    assertThat(propertiesOverFile.rollout().envName()).isEqualTo("from-property");
    assertThat(propertiesOverFile.rollout().policyConfig()).containsEntry("temperature", 0.2);
    assertThat(propertiesOverFile.suiteThresholds().minMeanScore()).isEqualTo(0.25);
  }

  @Test
  void perSuitePropertiesBeatGlobalOnesAndTheQualifiedNameBeatsTheSimpleOne() {
    file("""
        env_name = "e"
        seeds = [0]
        """);
    String qualified = "evalunit.suite." + LayeredSuite.class.getName() + ".";
    SuiteConfig config = resolve(LayeredSuite.class, Map.of(),
        "evalunit.concurrency", "4",
        "evalunit.suite.LayeredSuite.concurrency", "8",
        "evalunit.suite.LayeredSuite.env", "simple",
        qualified + "env", "qualified",
        "evalunit.suite.OtherSuite.seeds", "0..99");
    assertThat(config.concurrency()).isEqualTo(8);
    assertThat(config.rollout().envName()).isEqualTo("qualified");
    assertThat(config.seeds()).hasSize(1);
  }

  @Test
  void placeholdersExpandFromTheEnvironmentWithDefaultsAlsoInsideTables() {
    file("""
        url = "${TASK_APP_URL:-http://localhost:8103}"
        env_name = "${ENV_NAME}"
        seeds = [0]
        [policy]
        model = "${MODEL:-gpt-4o-mini}"
        inference_url = "http://${LLM_HOST}/v1"
        [env]
        nested = { path = "${DATA_DIR:-/data}/x" }
        """);
    SuiteConfig config = resolve(FileOnlySuite.class,
        Map.of("ENV_NAME", "banking77", "LLM_HOST", "llm:9000", "DATA_DIR", "/mnt"));
    assertThat(config.taskApp().url()).isEqualTo("http://localhost:8103");
    assertThat(config.rollout().envName()).isEqualTo("banking77");
    assertThat(config.rollout().policyConfig())
        .containsEntry("model", "gpt-4o-mini").containsEntry("inference_url", "http://llm:9000/v1");
    assertThat(config.rollout().envConfig()).containsEntry("nested", Map.of("path", "/mnt/x"));

    assertThatThrownBy(() -> resolve(FileOnlySuite.class, Map.of("ENV_NAME", "b")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evals/eval.toml [policy].inference_url")
        .hasMessageContaining("${LLM_HOST}")
        .hasMessageContaining("${LLM_HOST:-default}");
  }

  @Test
  void theConfigFilePathItselfMayUseAPlaceholder() {
    file("""
        url = "http://x:1"
        env_name = "e"
        seeds = [0]
        """);
    SuiteConfig config = resolve(FileOnlySuite.class, Map.of("EVALS", "evals"),
        "evalunit.suite.FileOnlySuite.file", "${EVALS}/eval.toml");
    assertThat(config.rollout().envName()).isEqualTo("e");
  }

  @Test
  void unusedKeysAreNoticedOncePerFileNotPerSuite() {
    file("""
        [eval]
        url = "http://x:1"
        env_name = "e"
        seeds = [0]
        max_turns = 3
        [eval.judge]
        model = "j"
        """);
    SuiteConfigResolver resolver = ConfigTestSupport.resolver(dir, Map.of());
    List<String> notices = new ArrayList<>();
    resolver.resolve(FileOnlySuite.class, notices::add);
    resolver.resolve(FileOnlySuite.class, notices::add);
    resolver.resolve(LayeredSuite.class, notices::add);
    assertThat(notices).containsExactly("evalunit ignores these keys of evals/eval.toml "
        + "(not used by evalunit): eval.max_turns, [eval.judge]");
  }

  @Test
  void aPromptLearningTableWinsOverAnEvalTableAsInSynthAi() {
    file("""
        [eval]
        url = "http://eval:1"
        [prompt_learning]
        task_app_url = "http://pl:2"
        [prompt_learning.gepa]
        env_name = "pl-env"
        [prompt_learning.gepa.evaluation]
        test_pool = [40, 41]
        """);
    List<String> notices = new ArrayList<>();
    SuiteConfig config = ConfigTestSupport.resolver(dir, Map.of())
        .resolve(FileOnlySuite.class, notices::add);
    assertThat(config.taskApp().url()).isEqualTo("http://pl:2");
    // No seeds and no validation_seeds: synth-ai falls back to the test pool.
    assertThat(config.seeds()).extracting(SeedSpec::seed).containsExactly(40L, 41L);
    assertThat(notices).singleElement().asString().endsWith(": [eval]");
  }
}
