package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.evalunit.EvalSuite;
import dev.evalunit.engine.descriptor.SuiteDescriptor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The launcher's own layering, as a real build sees it: {@code junit-platform.properties} &lt;
 * system properties ({@code -D}) &lt; explicit launcher parameters (Surefire's
 * {@code configurationParameters}), all above the annotations. The launcher finds
 * {@code junit-platform.properties} through the context class loader, so the test offers one
 * there instead of putting a file on every test's class path.
 */
class PropertyPrecedenceTest {

  @EvalSuite(taskApp = "http://x:1", env = "from-annotation", seeds = "0", concurrency = 1)
  static class PrecedenceSuite {}

  @TempDir Path dir;

  @Test
  void systemPropertiesBeatThePropertiesFileAndExplicitParametersBeatBoth() throws Exception {
    Path classPath = dir.resolve("class-path");
    ConfigTestSupport.write(classPath, "junit-platform.properties", """
        evalunit.seeds=0..3
        evalunit.concurrency=2
        evalunit.env=from-properties-file
        evalunit.suite.PrecedenceSuite.limit=3
        """);
    Thread thread = Thread.currentThread();
    ClassLoader previousLoader = thread.getContextClassLoader();
    String previousSeeds = System.setProperty("evalunit.seeds", "10..14");
    String previousEnv = System.setProperty("evalunit.env", "from-system-property");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classPath.toUri().toURL()},
        previousLoader)) {
      thread.setContextClassLoader(loader);
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(PrecedenceSuite.class))
          .configurationParameter("evalunit.env", "from-explicit-parameter")
          .build();

      SuiteConfig config = ((SuiteDescriptor) EngineTestKit
          .discover(ConfigTestSupport.engine(Map.of(), dir), request)
          .getEngineDescriptor().getChildren().iterator().next()).config().orElseThrow();

      assertThat(config.concurrency()).as("from the properties file").isEqualTo(2);
      assertThat(config.seeds()).as("system property, then the file's per-suite limit")
          .hasSize(3).allSatisfy(seed -> assertThat(seed.seed()).isBetween(10L, 14L));
      assertThat(config.rollout().envName()).isEqualTo("from-explicit-parameter");
      assertThat(config.taskApp().url()).as("from the annotation").isEqualTo("http://x:1");
    } finally {
      thread.setContextClassLoader(previousLoader);
      restore("evalunit.seeds", previousSeeds);
      restore("evalunit.env", previousEnv);
    }
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, previous);
    }
  }
}
