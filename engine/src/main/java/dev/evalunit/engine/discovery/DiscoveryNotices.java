package dev.evalunit.engine.discovery;

import dev.evalunit.engine.report.Console;
import java.util.function.Consumer;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver.InitializationContext;

/**
 * What discovery tells the user about a suite (a misconfiguration, an ignored key). The engine
 * runs on JUnit Platform 1.10 and later, but the launcher only takes discovery issues from 1.13
 * on: there they are {@code DiscoveryIssue}s, before that a line on the build console.
 *
 * <pre>{@code
 * DiscoveryNotices notices = DiscoveryNotices.of(context);
 * notices.warning(suiteClass, "evalunit suite ... is misconfigured: ...");
 * }</pre>
 */
interface DiscoveryNotices {

  /** Worth reading, never a reason to fail a run. */
  void info(Class<?> suiteClass, String message);

  /** The suite cannot run as written. */
  void warning(Class<?> suiteClass, String message);

  /** The launcher's issue reporter where the platform has one, else {@link #printing}. */
  static DiscoveryNotices of(InitializationContext<?> context) {
    return of(context, Console::println);
  }

  /** As {@link #of(InitializationContext)}, printing through {@code console} before 1.13. */
  static DiscoveryNotices of(InitializationContext<?> context, Consumer<String> console) {
    return platformTakesIssues() ? PlatformIssueReporter.of(context) : printing(console);
  }

  /** Whether the running platform (not the one compiled against) takes discovery issues. */
  private static boolean platformTakesIssues() {
    try {
      InitializationContext.class.getMethod("getIssueReporter");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /**
   * Lines for platforms before 1.13, on the process's standard error (discovery runs outside
   * any test, so nothing would carry them into a report).
   */
  static DiscoveryNotices printing(Consumer<String> console) {
    return new DiscoveryNotices() {
      @Override
      public void info(Class<?> suiteClass, String message) {
        console.accept("[evalunit] discovery notice: " + message);
      }

      @Override
      public void warning(Class<?> suiteClass, String message) {
        console.accept("[evalunit] discovery warning: " + message);
      }
    };
  }
}
