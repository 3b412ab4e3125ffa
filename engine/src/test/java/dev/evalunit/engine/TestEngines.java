package dev.evalunit.engine;

import java.nio.file.Path;
import java.util.Map;

/** Lets tests in other packages build the engine with a fixed environment and base directory. */
public final class TestEngines {

  private TestEngines() {}

  public static EvalUnitTestEngine hermetic(Map<String, String> environment, Path baseDir) {
    return new EvalUnitTestEngine(environment, baseDir);
  }
}
