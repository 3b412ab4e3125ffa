package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code {classpath}} holds what the suite's class loader sees: under the Console Launcher's
 * {@code -jar} form that is a URL class loader over {@code --class-path}, while
 * {@code java.class.path} is only the launcher jar.
 */
class TaskAppClassPathTest {

  @Test
  void theSuiteLoadersEntriesComeBeforeTheJvmClassPath(@TempDir Path classes,
      @TempDir Path lib) throws Exception {
    Path jar = lib.resolve("jackson-databind.jar");
    try (URLClassLoader launcherLoader = new URLClassLoader(
        new URL[] {classes.toUri().toURL(), jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      String path = TaskAppClassPath.of(launcherLoader, "/opt/junit-platform-console-standalone.jar");

      assertThat(path.split(File.pathSeparator)).containsExactly(
          classes.toString(), jar.toString(), "/opt/junit-platform-console-standalone.jar");
    }
  }

  @Test
  void withoutAUrlLoaderItIsTheJvmClassPathWithoutDuplicates() {
    String jvm = String.join(File.pathSeparator, "a.jar", "b.jar", "", "a.jar");
    assertThat(TaskAppClassPath.of(ClassLoader.getPlatformClassLoader(), jvm))
        .isEqualTo("a.jar" + File.pathSeparator + "b.jar");
  }
}
