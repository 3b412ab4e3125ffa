package dev.evalunit.engine.descriptor;

import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.RolloutKey;
import dev.evalunit.engine.execution.SuiteRun;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node.DynamicTestExecutor;

/**
 * The seeds a suite learns from the task app as it starts, on the node that holds them (the suite,
 * or one variant of a matrix): whether that node learns them (it was selected whole, not seed by
 * seed), and their registration as dynamic tests once the run knows them. A learned seed's unique
 * id is the one a static seed would have ({@code .../[seed:17]}), so selecting it later runs that
 * seed alone, as a static test, without asking the task app.
 */
final class LearnedSeeds {

  private final AtomicBoolean learns = new AtomicBoolean();

  /** Marks the node as selected whole: it asks the task app for its seeds when run. */
  void learn() {
    learns.set(true);
  }

  boolean learns() {
    return learns.get();
  }

  /**
   * Adds each seed {@code run} learned for {@code variant} under {@code parent} and runs it as a
   * dynamic test (the verdict, a static child, runs after them).
   */
  void register(TestDescriptor parent, Variant variant, SuiteRun run, boolean printLine,
      DynamicTestExecutor executor) {
    if (!learns()) {
      return;
    }
    Set<? extends TestDescriptor> existing = parent.getChildren();
    for (RolloutKey key : run.learned()) {
      if (!key.variant().equals(variant)) {
        continue;
      }
      SeedDescriptor seed = new SeedDescriptor(parent.getUniqueId(), variant, key.seed(),
          printLine);
      if (existing.contains(seed)) {
        continue;
      }
      parent.addChild(seed);
      executor.execute(seed);
    }
  }
}
