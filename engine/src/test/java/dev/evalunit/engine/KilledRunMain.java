package dev.evalunit.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.evalunit.engine.reportsuites.SlowSuite;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs {@link SlowSuite} through the real JUnit launcher in its own JVM, so that
 * {@link ResumeAfterKillTest} can kill it half way.
 *
 * <p>Arguments: the task app URL and the output folder.
 */
public final class KilledRunMain {

  private KilledRunMain() {}

  public static void main(String[] args) {
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(SlowSuite.class))
        .filters(EngineFilter.includeEngines(EvalUnitTestEngine.ENGINE_ID))
        .configurationParameters(ResumeAfterKillTest.parameters(args[0], args[1], Integer.parseInt(args[2])))
        .build());
  }
}
