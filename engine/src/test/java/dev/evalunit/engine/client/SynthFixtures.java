package dev.evalunit.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Locates the real synth-ai reference files. Surefire passes {@code synthai.fixtures.dir}
 * ({@code <module>/../../shared/fixtures/synth-ai}); that relative path only holds for a checkout
 * that sits next to {@code shared/} (a worktree one level deeper does not), so when it is not a
 * directory the first {@code shared/fixtures/synth-ai} above the module is used. Missing fixtures
 * fail the test: a compatibility test that silently checks nothing would be worse than none.
 */
final class SynthFixtures {

  private static final String PROPERTY = "synthai.fixtures.dir";
  private static final Path RELATIVE = Path.of("shared", "fixtures", "synth-ai");

  private SynthFixtures() {}

  static Path dir() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(RELATIVE))) {
        return p.resolve(RELATIVE);
      }
    }
    throw new AssertionError("synth-ai fixtures not found: " + PROPERTY + "=" + configured
        + " is not a directory and no " + RELATIVE + " above " + Path.of("").toAbsolutePath());
  }

  /** The fixture files whose names match {@code glob}, sorted; fails when there are none. */
  static List<Path> files(String glob) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir(), glob)) {
      stream.forEach(found::add);
    } catch (IOException e) {
      throw new AssertionError("cannot list " + dir(), e);
    }
    found.sort(null);
    assertThat(found).as("fixture files matching %s in %s", glob, dir()).isNotEmpty();
    return found;
  }
}
