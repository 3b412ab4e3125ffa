package dev.evalunit.engine.config;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.EvalSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real synth-ai TOML file in the shared fixtures, resolved as a suite's config file and
 * checked against a table written by reading the files (see docs/configuration.md for the
 * mapping). Files that lack the task app URL or env name must still parse: resolving them fails
 * with a message naming the file and the missing key, and succeeds once the value is supplied
 * by a property.
 */
class SynthFixtureFilesTest {

  @EvalSuite
  static class FileSuite {}

  private static final String GROQ = "https://api.groq.com/openai/v1/chat/completions";
  private static final String OPENAI = "https://api.openai.com/v1/chat/completions";
  private static final String CRAFTER = "https://synth-laboratories--grpo-crafter-task-app-fastapi-app-dev.modal.run";
  private static final Map<String, Object> CRAFTER_ENV =
      Map.of("env_params", Map.of("max_steps_per_episode", 10));

  /**
   * One fixture file's expected meaning.
   *
   * @param url task app URL, or null when the file has none
   * @param env env name, or null when the file has none
   * @param seeds the seeds as an evalunit expression
   */
  record Expected(String file, String url, String env, String seeds, int concurrency,
      Map<String, Object> policyConfig, Map<String, Object> envConfig, String policyName,
      String appId, List<String> unusedKeys) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Expected> table() {
    return Stream.of(
        new Expected("banking77_eval_local.toml", "http://localhost:8010", "banking77", "0..9", 1,
            Map.of("model", "gpt-4o-mini"), Map.of(), null, null, List.of()),
        new Expected("banking77_minimal_eval.toml", "http://localhost:8010", "banking77", "0..9",
            1, Map.of("model", "gpt-4o-mini"), Map.of(), null, null, List.of()),
        new Expected("demos__engine_bench__enginebench_eval.toml", "http://localhost:8020", null,
            "0", 1, Map.of("model", "gpt-4o-mini", "timeout", 180), Map.of(), null, null,
            List.of()),
        new Expected("examples__blog_posts__warming_up_to_rl__configs__eval_groq_qwen32b.toml",
            CRAFTER, "crafter", "0..2", 1,
            Map.ofEntries(entry("provider", "groq"), entry("model", "qwen/qwen3-32b"),
                entry("inference_url", "https://api.groq.com/openai"),
                entry("temperature", 0.6), entry("top_p", 0.95), entry("max_tokens", 8192),
                entry("use_vision", false), entry("image_only_mode", false),
                entry("max_llm_calls", 10)),
            CRAFTER_ENV, "crafter-react", "grpo-crafter", List.of("eval.max_turns")),
        new Expected("examples__multi_step__configs__crafter_eval_synth_qwen4b.toml", CRAFTER,
            "crafter", "0..2", 1,
            Map.ofEntries(entry("provider", "openai"), entry("model", "Qwen/Qwen3-4B"),
                entry("inference_url",
                    "https://synth-backend-dev-docker.onrender.com/api/v1/chat/completions"),
                entry("temperature", 0.6), entry("top_p", 0.95), entry("max_tokens", 512),
                entry("use_vision", false), entry("image_only_mode", false),
                entry("max_llm_calls", 10)),
            CRAFTER_ENV, "crafter-react", "grpo-crafter-task-app",
            List.of("eval.max_turns", "[eval.judge]")),
        new Expected("examples__qwen_vl__configs__eval_gpt5nano_vision.toml",
            "https://synth-laboratories--grpo-crafter-task-app.modal.run", null, "0..99", 1,
            Map.of("model", "gpt-4o-mini-2024-07-18", "provider", "openai"), Map.of(), null,
            null,
            List.of("eval.use_vision", "eval.image_only_mode", "eval.num_episodes",
                "eval.max_steps_per_episode", "eval.temperature", "eval.max_tokens",
                "eval.collect_traces", "eval.trace_db", "eval.use_tools",
                "eval.parallel_episodes", "[task]")),
        new Expected("examples__task_apps__crafter__eval_image_only_gpt4o.toml", null, "crafter",
            "0..1", 1,
            Map.ofEntries(entry("provider", "openai"), entry("model", "gpt-4o-mini-2024-07-18"),
                entry("inference_url", "https://api.openai.com"), entry("temperature", 0.6),
                entry("top_p", 0.95), entry("max_tokens", 512), entry("use_vision", true),
                entry("image_only_mode", true), entry("max_llm_calls", 10)),
            CRAFTER_ENV, "crafter-react", "grpo-crafter-task-app", List.of("eval.max_turns")),
        new Expected("examples__task_apps__enron__eval_groq_qwen32.toml",
            "http://127.0.0.1:8102", null, "0..2", 1,
            Map.of("provider", "groq", "model", "qwen/qwen3-32b", "temperature", 0.2,
                "top_p", 0.8, "max_tokens", 1024, "max_turns", 8),
            Map.of(), null, null, List.of("max_turns")),
        new Expected("examples__task_apps__sokoban__eval_groq_qwen32.toml",
            "http://127.0.0.1:8911", null, "123", 1,
            Map.of("provider", "groq", "model", "qwen/qwen3-32b", "temperature", 0.2,
                "top_p", 0.95, "max_tokens", 256, "max_actions_per_call", 4),
            Map.of(), null, null, List.of("max_turns")),
        new Expected("examples__task_apps__verilog__eval_groq_qwen32b.toml",
            "http://localhost:8103", null, "0..4", 1,
            Map.of("provider", "groq", "model", "qwen/qwen3-32b", "temperature", 0.2,
                "max_tokens", 768, "inference_url", GROQ),
            Map.of("difficulty", "medium"), null, null,
            List.of("eval.num_episodes", "eval.max_steps")),
        new Expected("tests__local_api__banking77_eval.toml", "http://localhost:8103",
            "banking77", "0..19", 1,
            Map.of("model", "openai/gpt-oss-120b", "provider", "groq", "inference_url", GROQ),
            Map.of(), null, "banking77", List.of()),
        new Expected("tests__local_api__banking77_gepa.toml", "http://localhost:8103",
            "banking77", "0..12", 4,
            Map.of("model", "openai/gpt-oss-120b", "provider", "groq",
                "inference_mode", "synth_hosted", "temperature", 0.0,
                "max_completion_tokens", 512),
            Map.of("split", "train"), "banking77-classifier", "banking77",
            List.of("prompt_learning.algorithm", "prompt_learning.results_folder",
                "[prompt_learning.initial_prompt]", "prompt_learning.gepa.rollout.budget",
                "prompt_learning.gepa.rollout.minibatch_size", "[prompt_learning.gepa.archive]",
                "[prompt_learning.gepa.mutation]", "[prompt_learning.gepa.population]",
                "[prompt_learning.gepa.token]")),
        new Expected("tests__local_api__financial_ner_eval.toml", "http://localhost:8104",
            "financial_ner", "0..2", 1,
            Map.of("model", "openai/gpt-oss-120b", "provider", "groq", "inference_url", GROQ),
            Map.of(), null, "financial_ner", List.of()),
        new Expected("tests__local_api__style_matching_eval.toml", "http://localhost:8120",
            "style_matching", "0..2", 1,
            Map.of("model", "gpt-4.1-mini", "provider", "openai", "inference_url", OPENAI,
                "max_completion_tokens", 1200),
            Map.of(), null, "style_matching", List.of()),
        new Expected("tests__local_api__verilog_eval.toml", "http://localhost:8105", "verilog",
            "0..9", 1,
            Map.of("model", "gpt-4o", "provider", "openai", "inference_url", OPENAI,
                "max_completion_tokens", 1024),
            Map.of(), null, "verilog", List.of()));
  }

  @Test
  void theTableCoversEveryFixtureFile() throws IOException {
    List<String> files;
    try (Stream<Path> listing = Files.list(ConfigTestSupport.fixturesDir())) {
      files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".toml"))
          .toList();
    }
    assertThat(files).isNotEmpty();
    assertThat(table().map(Expected::file)).containsExactlyInAnyOrderElementsOf(files);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void resolvesAsTheTableSays(Expected expected) {
    String path = ConfigTestSupport.fixturesDir().resolve(expected.file()).toString();
    List<String> notices = new ArrayList<>();
    List<String> overrides = new ArrayList<>(List.of("evalunit.suite.FileSuite.file", path));
    if (expected.url() == null) {
      assertThatThrownBy(() -> resolve(overrides, notices))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(expected.file()).hasMessageContaining("no task app URL")
          .hasMessageContaining("task_app_url");
      overrides.addAll(List.of("evalunit.taskApp.url", "http://127.0.0.1:1"));
    }
    if (expected.env() == null) {
      assertThatThrownBy(() -> resolve(overrides, notices))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(expected.file()).hasMessageContaining("no environment name")
          .hasMessageContaining("env_name");
      overrides.addAll(List.of("evalunit.env", "from-property"));
    }
    notices.clear();

    SuiteConfig config = resolve(overrides, notices);

    assertThat(config.taskApp().url())
        .isEqualTo(expected.url() == null ? "http://127.0.0.1:1" : expected.url());
    assertThat(config.rollout().envName())
        .isEqualTo(expected.env() == null ? "from-property" : expected.env());
    assertThat(config.seeds()).extracting(SeedSpec::seed)
        .containsExactlyElementsOf(SeedList.parse(new Setting(expected.seeds(), "table")));
    assertThat(config.concurrency()).isEqualTo(expected.concurrency());
    assertThat(config.rollout().policyConfig())
        .containsExactlyInAnyOrderEntriesOf(expected.policyConfig());
    assertThat(config.rollout().envConfig())
        .containsExactlyInAnyOrderEntriesOf(expected.envConfig());
    assertThat(config.rollout().policyName()).isEqualTo(expected.policyName());
    assertThat(config.rollout().appId()).isEqualTo(expected.appId());
    if (expected.unusedKeys().isEmpty()) {
      assertThat(notices).isEmpty();
    } else {
      assertThat(notices).singleElement().asString().contains(expected.file());
      String listed = notices.get(0).substring(notices.get(0).indexOf("): ") + 3);
      assertThat(listed.split(", ")).containsExactlyInAnyOrderElementsOf(expected.unusedKeys());
    }
  }

  @Test
  void theGepaFileRunsItsValidationSeedsOrItsSeedsOnRequest() {
    String path = ConfigTestSupport.fixturesDir().resolve("tests__local_api__banking77_gepa.toml")
        .toString();

    SuiteConfig validation = resolve(List.of("evalunit.suite.FileSuite.file", path,
        "evalunit.seedSet", "validation_seeds"), new ArrayList<>());
    SuiteConfig seeds = resolve(List.of("evalunit.suite.FileSuite.file", path,
        "evalunit.suite.FileSuite.seedSet", "seeds"), new ArrayList<>());

    assertThat(validation.seeds()).extracting(SeedSpec::seed)
        .containsExactly(13L, 14L, 15L, 16L, 17L, 18L, 19L);
    assertThat(seeds.seeds()).hasSize(13);
    assertThatThrownBy(() -> resolve(List.of("evalunit.suite.FileSuite.file", path,
            "evalunit.seedSet", "test_pool"), new ArrayList<>()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("configuration parameter evalunit.seedSet")
        .hasMessageContaining("test_pool")
        .hasMessageContaining("[prompt_learning.gepa.evaluation]");
  }

  private static SuiteConfig resolve(List<String> keysAndValues, List<String> notices) {
    return ConfigTestSupport.resolver(Path.of("."), Map.of(), keysAndValues.toArray(String[]::new))
        .resolve(FileSuite.class, notices::add);
  }
}
