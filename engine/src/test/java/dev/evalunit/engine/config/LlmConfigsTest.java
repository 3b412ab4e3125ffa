package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.EvalSuite;
import dev.evalunit.LlmConfigs;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenHands-style LLM config files as matrix variants. */
class LlmConfigsTest {

  @TempDir Path dir;

  @EvalSuite(taskApp = "http://x:1", env = "e", seeds = "0..1", model = "suite-model")
  @LlmConfigs(file = "llm.toml", names = {"eval_b", "eval_a"})
  static class TwoConfigs {}

  @EvalSuite(taskApp = "http://x:1", env = "e", seeds = "0")
  @LlmConfigs(file = "llm.toml")
  static class AllConfigs {}

  @EvalSuite(taskApp = "http://x:1", env = "e", seeds = "0")
  @LlmConfigs(file = "llm.toml", names = "eval_a", sendSecrets = true)
  static class SendsSecrets {}

  @EvalSuite(taskApp = "http://x:1", env = "e", seeds = "0")
  static class NoMatrix {}

  @BeforeEach
  void llmConfigFile() {
    ConfigTestSupport.write(dir, "llm.toml", """
        [core]
        workspace_base = "./workspace"

        [llm]
        model = "claude-3-5-sonnet-20241022"
        api_key = "sk-base-key-123456"
        temperature = 0.0
        max_output_tokens = 512

        [llm.eval_a]
        model = "gpt-4o"
        api_key = "sk-eval-a-key-123456"

        [llm.eval_b]
        model = "openai/qwen3"
        base_url = "http://llm.local:8000/v1"
        custom_llm_provider = "openai"
        temperature = 0.7
        """);
  }

  private SuiteConfig resolve(Class<?> suite, String... params) {
    return ConfigTestSupport.resolver(dir, Map.of(), params).resolve(suite);
  }

  @Test
  void namedSectionsInheritFromLlmAndBecomeVariantsInTheGivenOrder() {
    SuiteConfig config = resolve(TwoConfigs.class);

    assertThat(config.hasVariants()).isTrue();
    assertThat(config.variants()).extracting(Variant::name).containsExactly("eval_b", "eval_a");
    assertThat(config.policyConfig(config.variants().get(0))).containsExactlyInAnyOrderEntriesOf(
        Map.of("model", "openai/qwen3", "inference_url", "http://llm.local:8000/v1",
            "provider", "openai", "temperature", 0.7, "max_tokens", 512));
    assertThat(config.policyConfig(config.variants().get(1))).containsExactlyInAnyOrderEntriesOf(
        Map.of("model", "gpt-4o", "temperature", 0.0, "max_tokens", 512));
    // The template keeps the suite's own policy config; variants replace what they set.
    assertThat(config.rollout().policyConfig()).containsEntry("model", "suite-model");
  }

  @Test
  void noNamesMeansEveryNamedSectionInFileOrder() {
    assertThat(resolve(AllConfigs.class).variants()).extracting(Variant::name)
        .containsExactly("eval_a", "eval_b");
  }

  @Test
  void aPropertyChoosesTheConfigsAndTheBaseSectionIsCalledLlm() {
    assertThat(resolve(TwoConfigs.class, "evalunit.llm.configs", "eval_a").variants())
        .extracting(Variant::name).containsExactly("eval_a");
    SuiteConfig base = resolve(TwoConfigs.class,
        "evalunit.suite.TwoConfigs.llm.configs", "llm, eval_b");
    assertThat(base.variants()).extracting(Variant::name).containsExactly("llm", "eval_b");
    assertThat(base.policyConfig(base.variants().get(0)))
        .containsEntry("model", "claude-3-5-sonnet-20241022");
  }

  @Test
  void aSuiteWithoutLlmConfigsHasOneUnnamedVariantButAPropertyCanAddTheMatrix() {
    assertThat(resolve(NoMatrix.class).variants()).containsExactly(Variant.DEFAULT);
    assertThat(resolve(NoMatrix.class, "evalunit.llm.file", "llm.toml",
        "evalunit.llm.configs", "eval_b").variants()).extracting(Variant::name)
        .containsExactly("eval_b");
  }

  @Test
  void apiKeysStayHomeUnlessTheSuiteOptsIn() {
    SuiteConfig kept = resolve(TwoConfigs.class);
    kept.variants().forEach(v -> assertThat(kept.policyConfig(v)).doesNotContainKey("api_key"));

    SuiteConfig sent = resolve(SendsSecrets.class);
    Variant a = sent.variants().get(0);
    assertThat(sent.policyConfig(a)).containsEntry("api_key", "sk-eval-a-key-123456");
    assertThat(sent.redactedPolicyConfig(a)).containsEntry("api_key", "***")
        .containsEntry("model", "gpt-4o");
    assertThat(a.redactedPolicyConfig()).containsEntry("api_key", "***");
    assertThat(sent.redactor().redact("echo sk-eval-a-key-123456")).isEqualTo("echo ***");

    SuiteConfig optedOut = resolve(SendsSecrets.class, "evalunit.llm.sendSecrets", "false");
    assertThat(optedOut.policyConfig(optedOut.variants().get(0))).doesNotContainKey("api_key");
  }

  @Test
  void propertiesWinOverEveryVariant() {
    SuiteConfig config = resolve(TwoConfigs.class, "evalunit.policy.config.temperature", "0.3");
    config.variants().forEach(v ->
        assertThat(config.policyConfig(v)).containsEntry("temperature", 0.3));
  }

  @Test
  void variantsHaveTheirOwnConfigHash() {
    SuiteConfig config = resolve(TwoConfigs.class);
    assertThat(config.configHash(config.variants().get(0)))
        .isNotEqualTo(config.configHash(config.variants().get(1)))
        .isEqualTo(resolve(TwoConfigs.class).configHash(config.variants().get(0)));
  }

  @Test
  void anUnknownNameIsAnErrorListingTheSectionsThereAre() {
    assertThatThrownBy(() -> resolve(TwoConfigs.class, "evalunit.llm.configs", "eval_c"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("llm.toml: no [llm.eval_c] section (it has eval_a, eval_b)");
  }

  @Test
  void aFileWithoutAnLlmTableOrWithAnUnsafeNameIsAnError() {
    ConfigTestSupport.write(dir, "other.toml", "[core]\nx = 1\n[llm.\"../x\"]\nmodel = \"m\"\n");
    assertThatThrownBy(() -> resolve(NoMatrix.class, "evalunit.llm.file", "nope.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nope.toml: file not found");
    assertThatThrownBy(() -> resolve(NoMatrix.class, "evalunit.llm.file", "llm.toml",
            "evalunit.llm.configs", "../x"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot name a variant");
    ConfigTestSupport.write(dir, "nollm.toml", "[core]\nx = 1\n");
    assertThatThrownBy(() -> resolve(NoMatrix.class, "evalunit.llm.file", "nollm.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nollm.toml: no [llm] table");
  }
}
