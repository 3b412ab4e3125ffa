package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.Dataset;
import dev.evalunit.EvalSuite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed lists and ranges, the stable {@code limit} subset, JSONL datasets. */
class SeedsAndDatasetsTest {

  @TempDir Path dir;

  @EvalSuite(taskApp = "http://x:1", env = "e", seeds = "0..99")
  static class Hundred {}

  @EvalSuite(taskApp = "http://x:1", env = "e")
  @Dataset(file = "data/instances.jsonl")
  static class Instances {}

  private SuiteConfig resolve(Class<?> suite, String... params) {
    return ConfigTestSupport.resolver(dir, Map.of(), params).resolve(suite);
  }

  private static List<Long> seeds(SuiteConfig config) {
    return config.seeds().stream().map(SeedSpec::seed).toList();
  }

  @Test
  void rangesListsAndMixesParse() {
    assertThat(seeds(resolve(Hundred.class, "evalunit.seeds", "0..99")))
        .isEqualTo(seeds(resolve(Hundred.class, "evalunit.seeds", "0-99")))
        .isEqualTo(LongStream.rangeClosed(0, 99).boxed().toList());
    assertThat(seeds(resolve(Hundred.class, "evalunit.seeds", "0..2, 7,9-10")))
        .containsExactly(0L, 1L, 2L, 7L, 9L, 10L);
  }

  @Test
  void aMillionSeedRangeIsHeldAsARangeAndOneMoreIsRefused() {
    SuiteConfig million = resolve(Hundred.class, "evalunit.seeds", "0..999999");
    assertThat(million.seeds()).isInstanceOf(SeedRange.class).hasSize(1_000_000);
    assertThat(million.seeds().get(999_999)).isEqualTo(SeedSpec.of(999_999));
    assertThat(million.seeds()).contains(SeedSpec.of(5)).doesNotContain(SeedSpec.of(1_000_000));

    assertThatThrownBy(() -> resolve(Hundred.class, "evalunit.seeds", "1..1000001"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected at most 1000000 seeds per suite")
        .hasMessageContaining("such as \"1..1000000\"");
    assertThatThrownBy(() -> resolve(Hundred.class, "evalunit.seeds",
        "0..499999, 500000..1000000"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected at most 1000000 seeds per suite");
  }

  @Test
  void limitTakesAStableHashOrderedSubsetInRunOrder() {
    List<Long> ten = seeds(resolve(Hundred.class, "evalunit.limit", "10"));
    List<Long> again = seeds(resolve(Hundred.class, "evalunit.limit", "10"));
    List<Long> twenty = seeds(resolve(Hundred.class, "evalunit.limit", "20"));

    assertThat(ten).hasSize(10).isEqualTo(again).isSorted()
        .isNotEqualTo(LongStream.range(0, 10).boxed().toList());
    assertThat(twenty).hasSize(20).containsAll(ten);
    // The choice depends on each seed's key only, so reordering the list keeps the subset.
    assertThat(seeds(resolve(Hundred.class, "evalunit.limit", "10", "evalunit.seeds",
        "50..99, 0..49"))).containsExactlyInAnyOrderElementsOf(ten);
    assertThat(seeds(resolve(Hundred.class, "evalunit.limit", "500"))).hasSize(100);
  }

  @Test
  void limitRanksBySha256OfTheSeedKey() {
    assertThat(SuiteSeeds.rank("0")).isEqualTo(0x5feceb66ffc86f38L);
  }

  @Test
  void datasetRowsAreTestsKeyedByInstanceIdWithTheirIndexAsSeed() {
    ConfigTestSupport.write(dir, "data/instances.jsonl", """
        {"instance_id": "django__django-11099", "repo": "django/django", "problem": "a"}

        {"instance_id": "sympy__sympy-20590", "repo": "sympy/sympy", "problem": "b"}
        {"instance_id": 42, "repo": "x/y"}
        """);
    SuiteConfig config = resolve(Instances.class);

    assertThat(config.seeds()).extracting(SeedSpec::key)
        .containsExactly("django__django-11099", "sympy__sympy-20590", "42");
    assertThat(config.seeds()).extracting(SeedSpec::seed).containsExactly(0L, 1L, 2L);
    assertThat(config.seeds().get(1).displayName()).isEqualTo("sympy__sympy-20590");
    assertThat(config.seeds().get(1).row()).containsEntry("repo", "sympy/sympy");

    assertThat(resolve(Instances.class, "evalunit.seeds", "2, 0").seeds())
        .extracting(SeedSpec::key).containsExactly("42", "django__django-11099");
    assertThat(resolve(Instances.class, "evalunit.limit", "2").seeds()).hasSize(2);
    assertThatThrownBy(() -> resolve(Instances.class, "evalunit.seeds", "0..3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("seed 3 selects no row of data/instances.jsonl, which has 3 rows");
  }

  @Test
  void theIdFieldIsConfigurable() {
    ConfigTestSupport.write(dir, "data/instances.jsonl", """
        {"id": "a", "text": "x"}
        {"id": "b", "text": "y"}
        """);
    assertThat(resolve(Instances.class, "evalunit.dataset.idField", "id").seeds())
        .extracting(SeedSpec::key).containsExactly("a", "b");
  }

  @Test
  void badRowsNameTheFileLineAndField() {
    ConfigTestSupport.write(dir, "data/instances.jsonl", """
        {"instance_id": "a"}
        {"instance_id": "a"}
        """);
    assertThatThrownBy(() -> resolve(Instances.class)).isInstanceOf(ConfigException.class)
        .hasMessage("data/instances.jsonl line 2: the instance_id \"a\" is already used on "
            + "line 1; instance ids must be unique");

    ConfigTestSupport.write(dir, "data/instances.jsonl", "{\"instance_id\": \"a\"}\n{\"x\": 1}\n");
    assertThatThrownBy(() -> resolve(Instances.class)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("data/instances.jsonl line 2: expected a string or integer "
            + "\"instance_id\" field");

    ConfigTestSupport.write(dir, "data/instances.jsonl", "{\"instance_id\": \"a\"}\n[1, 2\n");
    assertThatThrownBy(() -> resolve(Instances.class)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("data/instances.jsonl line 2: expected one JSON object per line");
  }
}
