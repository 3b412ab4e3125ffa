package dev.evalunit.engine.discovery;

import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoveryIssue.Severity;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.discovery.DiscoveryIssueReporter;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver.InitializationContext;

/**
 * Notices as Platform 1.13+ {@code DiscoveryIssue}s. The only class that names that API: it is
 * loaded only after {@link DiscoveryNotices#of} found the API present, so older platforms never
 * link it.
 */
final class PlatformIssueReporter implements DiscoveryNotices {

  private final DiscoveryIssueReporter reporter;

  private PlatformIssueReporter(DiscoveryIssueReporter reporter) {
    this.reporter = reporter;
  }

  static DiscoveryNotices of(InitializationContext<?> context) {
    return new PlatformIssueReporter(context.getIssueReporter());
  }

  @Override
  public void info(Class<?> suiteClass, String message) {
    report(Severity.INFO, suiteClass, message);
  }

  @Override
  public void warning(Class<?> suiteClass, String message) {
    report(Severity.WARNING, suiteClass, message);
  }

  private void report(Severity severity, Class<?> suiteClass, String message) {
    reporter.reportIssue(DiscoveryIssue.builder(severity, message)
        .source(ClassSource.from(suiteClass)));
  }
}
