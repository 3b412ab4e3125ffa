package dev.evalunit.engine.report;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines for the person watching the build that belong to no test: progress and backend job
 * status. They go to the process's own standard error, not {@code System.err}: Surefire
 * replaces {@code System.err} and files what a background thread prints under whichever test is
 * running at that moment, while the native stream reaches the build console and no report.
 *
 * <pre>{@code
 * Console.println("[evalunit] progress Banking77Eval: 37/200 ...");
 * }</pre>
 */
public final class Console {

  // Wraps file descriptor 2 without owning it: never closed.
  private static final PrintStream ERR = new PrintStream(
      new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

  private Console() {}

  public static void println(String line) {
    ERR.println(line);
  }
}
