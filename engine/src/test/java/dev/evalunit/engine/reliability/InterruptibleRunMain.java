package dev.evalunit.engine.reliability;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.evalunit.engine.EvalUnitTestEngine;
import java.nio.file.Path;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs {@link ManagedSuite} with 1,000 slow seeds in a JVM of its own, so that
 * {@link InterruptTest} can send it SIGTERM mid-run. The working directory is the base
 * directory; the argument is where the task app writes its pid.
 */
public final class InterruptibleRunMain {

  private InterruptibleRunMain() {}

  public static void main(String[] args) {
    Path pidFile = Path.of(args[0]);
    LauncherFactory.create(LauncherConfig.builder()
            .enableTestEngineAutoRegistration(false)
            .addTestEngines(new EvalUnitTestEngine())
            .build())
        .execute(LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(ManagedSuite.class))
            .configurationParameter("evalunit.suite.ManagedSuite.taskApp.command",
                ChildJvm.taskApp("serve", 100, pidFile))
            .configurationParameter("evalunit.suite.ManagedSuite.seeds", "0..999")
            .configurationParameter("evalunit.suite.ManagedSuite.concurrency", "2")
            .build());
  }
}
