package dev.evalunit.samples.shards;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs one suite class through the real JUnit launcher in its own JVM, as a CI job's build does:
 * settings come from {@code -Devalunit.*} system properties, the Surefire-style XML goes to a
 * folder, and every finished node is printed as {@code [node] STATUS name: message}, which
 * {@link ShardedRunTest} reads.
 *
 * <p>Arguments: the suite class name and the XML report folder.
 */
public final class LauncherMain {

  private LauncherMain() {}

  public static void main(String[] args) throws ClassNotFoundException {
    Launcher launcher = LauncherFactory.create();
    TestExecutionListener printer = new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier node, TestExecutionResult result) {
        System.out.println("[node] " + result.getStatus() + " " + node.getDisplayName()
            + result.getThrowable().map(t -> ": " + t.getMessage().replace('\n', ' '))
                .orElse(""));
      }
    };
    launcher.execute(LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(Class.forName(args[0])))
            .filters(EngineFilter.includeEngines("evalunit"))
            .build(),
        printer, new LegacyXmlReportGeneratingListener(Path.of(args[1]),
            new PrintWriter(System.err, true)));
  }
}
