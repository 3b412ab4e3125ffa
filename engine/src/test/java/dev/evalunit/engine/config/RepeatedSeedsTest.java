package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.EvalSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seeds = [3, 1, 2, 1]}: synth-ai 0.4.4's {@code run_eval_direct} makes one rollout per
 * entry ({@code for seed in config.seeds}: four) and sorts the results by seed. evalunit runs
 * each seed once, as one test with its own id, in the order first listed (three), and says so
 * in a notice naming the file; its reports sort rows by seed as synth does
 * ({@code SynthReportTextTest}).
 */
class RepeatedSeedsTest {

  @TempDir Path dir;

  @EvalSuite(config = "evals/eval.toml")
  static class FileSuite {}

  @Test
  void aRepeatedSeedRunsOnceWithANoticeNamingTheFileAndTheDifference() {
    ConfigTestSupport.write(dir, "evals/eval.toml", """
        url = "http://x:1"
        env_name = "e"
        seeds = [3, 1, 2, 1]
        """);
    List<String> notices = new ArrayList<>();

    SuiteConfig config = ConfigTestSupport.resolver(dir, Map.of())
        .resolve(FileSuite.class, notices::add);

    assertThat(config.seeds()).extracting(SeedSpec::seed).containsExactly(3L, 1L, 2L);
    assertThat(config.seeds()).extracting(SeedSpec::key).doesNotHaveDuplicates();
    assertThat(notices).singleElement().asString()
        .isEqualTo(FileSuite.class.getName() + ": evals/eval.toml seeds lists seed 1 2 times;"
            + " evalunit runs each seed once, as one test, in the order first listed (1 fewer"
            + " rollout than synth-ai 0.4.4, which runs every entry)")
        .contains("evals/eval.toml")
        .contains("seed 1 2 times")
        .contains("runs each seed once")
        .contains("1 fewer rollout than synth-ai 0.4.4");
  }

  @Test
  void repeatsInsideStringsAndRangesAreCountedToo() {
    ConfigTestSupport.write(dir, "evals/eval.toml", """
        url = "http://x:1"
        env_name = "e"
        seeds = "0..4, 2, 4, 4"
        """);
    List<String> notices = new ArrayList<>();

    SuiteConfig config = ConfigTestSupport.resolver(dir, Map.of())
        .resolve(FileSuite.class, notices::add);

    assertThat(config.seeds()).hasSize(5);
    assertThat(notices).singleElement().asString()
        .contains("seed 2 2 times, seed 4 3 times").contains("3 fewer rollouts");
  }

  @Test
  void noRepeatsNoNotice() {
    ConfigTestSupport.write(dir, "evals/eval.toml", """
        url = "http://x:1"
        env_name = "e"
        seeds = "0..999"
        """);
    List<String> notices = new ArrayList<>();
    ConfigTestSupport.resolver(dir, Map.of()).resolve(FileSuite.class, notices::add);
    assertThat(notices).isEmpty();
  }
}
