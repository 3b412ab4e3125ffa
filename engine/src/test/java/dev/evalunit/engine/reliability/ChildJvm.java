package dev.evalunit.engine.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Command lines for the real processes these tests start, and waiting on what they write. */
final class ChildJvm {

  private ChildJvm() {}

  /** {@code java} with flags for a quick start, and this module's test classes. */
  static List<String> java(String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
        "-cp", testClasses().toString(), mainClass));
    command.addAll(List.of(args));
    return command;
  }

  /** The task app command as one setting value ({@code {port}} is filled in by the engine). */
  static String taskApp(String mode, int n, Path pidFile) {
    return String.join(" ", java(TaskAppMain.class.getName(), "{port}", mode,
        Integer.toString(n), pidFile.toString()));
  }

  static Path testClasses() {
    try {
      return Path.of(TaskAppMain.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code condition} holds; fails the test after {@code limit}. */
  static void await(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting after " + limit.toSeconds() + " s for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  static boolean contains(Path file, String text) {
    try {
      return Files.exists(file) && Files.readString(file).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The process whose pid {@code pidFile} holds, while it exists. */
  static Optional<ProcessHandle> process(Path pidFile) {
    try {
      return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True once the process of {@code pidFile} is gone (waiting up to 10 s for it to exit). */
  static boolean gone(Path pidFile) {
    Optional<ProcessHandle> process = process(pidFile);
    if (process.isEmpty()) {
      return true;
    }
    try {
      process.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return !process.get().isAlive();
    }
  }
}
