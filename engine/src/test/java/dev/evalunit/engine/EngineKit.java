package dev.evalunit.engine;

import java.nio.file.Path;
import java.util.Map;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Lets tests in other packages build the engine with a fixed environment and base folder. */
public final class EngineKit {

  private EngineKit() {}

  public static EngineTestKit.Builder engine(Map<String, String> environment, Path baseDir) {
    return EngineTestKit.engine(new EvalUnitTestEngine(environment, baseDir));
  }
}
