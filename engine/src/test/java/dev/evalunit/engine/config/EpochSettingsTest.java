package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.evalunit.EvalSuite;
import dev.evalunit.engine.statistics.EpochReducer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code epochs} and {@code epochs.reducer} from every source, and the values that cannot work. */
class EpochSettingsTest {

  @TempDir Path dir;

  @EvalSuite(taskApp = "http://127.0.0.1:9", env = "e", seeds = "0..1")
  static class Plain {}

  @EvalSuite(taskApp = "http://127.0.0.1:9", env = "e", seeds = "0..1", epochs = 4,
      reducer = "pass@2")
  static class Annotated {}

  @EvalSuite(config = "evals/epochs.toml")
  static class FromFile {}

  private SuiteConfig resolve(Class<?> suite, String... params) {
    return ConfigTestSupport.resolver(dir, Map.of(), params).resolve(suite);
  }

  private String failure(Class<?> suite, String... params) {
    Throwable thrown = catchThrowable(() -> resolve(suite, params));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return thrown.getMessage();
  }

  @Test
  void oneMeanEpochByDefault() {
    SuiteConfig.Epochs epochs = resolve(Plain.class).epochs();
    assertThat(epochs.count()).isEqualTo(1);
    assertThat(epochs.reducer()).isEqualTo(EpochReducer.DEFAULT);
    assertThat(epochs.repeated()).isFalse();
  }

  @Test
  void annotationTomlAndPropertiesEachSetThem() {
    assertThat(resolve(Annotated.class).epochs())
        .isEqualTo(new SuiteConfig.Epochs(4, new EpochReducer.PassAtK(2)));

    ConfigTestSupport.write(dir, "evals/epochs.toml", """
        [eval]
        url = "http://127.0.0.1:9"
        env_name = "e"
        seeds = [0, 1]
        epochs = 5
        epoch_reducer = "at-least-3"
        """);
    assertThat(resolve(FromFile.class).epochs())
        .isEqualTo(new SuiteConfig.Epochs(5, new EpochReducer.AtLeastK(3)));

    // A property wins over the annotation; the per-suite key over the engine-wide one.
    assertThat(resolve(Annotated.class, "evalunit.epochs", "6",
            "evalunit.suite." + Annotated.class.getName() + ".epochs.reducer", "median")
        .epochs()).isEqualTo(new SuiteConfig.Epochs(6, new EpochReducer.Median50()));
  }

  @Test
  void aCountOutOfRangeNamesTheKeyAndTheExpectedForm() {
    assertThat(failure(Plain.class, "evalunit.epochs", "0"))
        .contains("evalunit.epochs").contains("expected an integer from 1 to 1000")
        .contains("got \"0\"");
    assertThat(failure(Plain.class, "evalunit.epochs", "1001"))
        .contains("expected an integer from 1 to 1000");
    assertThat(failure(Plain.class, "evalunit.epochs", "three"))
        .contains("expected an integer from 1 to 1000");
  }

  @Test
  void anUnknownReducerListsTheAcceptedOnes() {
    assertThat(failure(Plain.class, "evalunit.epochs.reducer", "avg"))
        .contains("evalunit.epochs.reducer")
        .contains("expected one of mean, median, max, min, mode, pass@k, pass^k, at-least-k")
        .contains("got \"avg\"");
    assertThat(failure(Plain.class, "evalunit.epochs.reducer", "pass@0"))
        .contains("got \"pass@0\"");
  }

  @Test
  void aReducerNeedingMoreEpochsThanRunIsRejectedWithTheNearestValidValues() {
    String message = failure(Annotated.class, "evalunit.epochs", "1");
    assertThat(message).contains("@EvalSuite on " + Annotated.class.getName() + " reducer")
        .contains("got \"pass@2\" with epochs = 1 (from configuration parameter evalunit.epochs)")
        .contains("set epochs = 2 or more, or use pass@1");

    assertThat(failure(Plain.class, "evalunit.epochs.reducer", "pass^3"))
        .contains("with epochs = 1 (the default)").contains("or use pass^1");
  }
}
