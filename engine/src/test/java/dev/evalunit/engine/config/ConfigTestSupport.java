package dev.evalunit.engine.config;

import dev.evalunit.engine.MapParameters;
import dev.evalunit.engine.TestEngines;

import dev.evalunit.engine.EvalUnitTestEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.ConfigurationParameters;

/** Helpers for the config tests: parameters from a map, files, the hermetic engine. */
final class ConfigTestSupport {

  private static final Path FIXTURES = Path.of("shared", "fixtures", "synth-ai");

  private ConfigTestSupport() {}

  /** Launcher parameters holding exactly {@code values} (plus whatever system properties say). */
  static ConfigurationParameters parameters(Map<String, String> values) {
    return new MapParameters(values);
  }

  static SuiteConfigResolver resolver(Path baseDir, Map<String, String> environment,
      String... keysAndValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new SuiteConfigResolver(parameters(values), environment, baseDir);
  }

  static Path write(Path dir, String relative, String content) {
    Path file = dir.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * The real synth-ai files: {@code synthai.fixtures.dir} (set by Surefire), else the first
   * {@code shared/fixtures/synth-ai} above the working directory (a worktree sits deeper than
   * the main checkout). Missing fixtures fail the test rather than checking nothing.
   */
  static Path fixturesDir() {
    String configured = System.getProperty("synthai.fixtures.dir");
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(FIXTURES))) {
        return p.resolve(FIXTURES);
      }
    }
    throw new AssertionError("synth-ai fixtures not found (synthai.fixtures.dir=" + configured
        + ")");
  }

  /** The engine with a fixed environment and base directory. */
  static EvalUnitTestEngine engine(Map<String, String> environment, Path baseDir) {
    return TestEngines.hermetic(environment, baseDir);
  }
}
