package dev.evalunit.engine.agent;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.evalunit.engine.EvalUnitTestEngine;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs {@link ResumeInProcessTest.SlowAgentSuite} through the real JUnit launcher in its own JVM,
 * so that {@link ResumeInProcessTest} can kill it half way. Argument: the output folder; the
 * calls file comes from the system property {@value ResumeInProcessTest#CALLS_PROPERTY}.
 */
public final class KilledAgentRunMain {

  private KilledAgentRunMain() {}

  public static void main(String[] args) {
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(ResumeInProcessTest.SlowAgentSuite.class))
        .filters(EngineFilter.includeEngines(EvalUnitTestEngine.ENGINE_ID))
        .configurationParameters(ResumeInProcessTest.parameters(args[0]))
        .build());
  }
}
