package dev.evalunit.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.Interceptor;

/** Lets tests in other packages build the engine with a fixed environment and base directory. */
public final class TestEngines {

  private TestEngines() {}

  public static EvalUnitTestEngine hermetic(Map<String, String> environment, Path baseDir) {
    return new EvalUnitTestEngine(environment, baseDir);
  }

  /** The hermetic engine whose HTTP client also runs {@code interceptor} on every call. */
  public static EvalUnitTestEngine intercepted(Map<String, String> environment, Path baseDir,
      Interceptor interceptor) {
    return new EvalUnitTestEngine(environment, baseDir, List.of(interceptor));
  }

  /** Like {@link #hermetic(Map, Path)}, collecting the discovery-time console lines. */
  public static EvalUnitTestEngine hermetic(Map<String, String> environment, Path baseDir,
      java.util.function.Consumer<String> console) {
    return new EvalUnitTestEngine(environment, baseDir, console);
  }
}
