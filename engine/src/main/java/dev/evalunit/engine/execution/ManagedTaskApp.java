package dev.evalunit.engine.execution;

import dev.evalunit.engine.client.TaskAppClient;
import dev.evalunit.engine.config.SuiteConfig.ProcessSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A task app process the engine starts for one suite: on a free port, output to a log file,
 * healthy once {@code GET /health} answers 200, stopped when the suite ends or the JVM exits.
 */
public final class ManagedTaskApp implements AutoCloseable {

  private static final int LOG_TAIL_LINES = 20;

  private final Process process;
  private final Path log;
  private final int port;
  private final Thread shutdownHook;

  private ManagedTaskApp(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.shutdownHook = new Thread(this::destroy, "evalunit-stop-task-app-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the process and waits until it is healthy.
   *
   * @param clientForPort builds the client used for the health check from the chosen port
   * @throws TaskAppStartException if it exits or does not become healthy in time
   */
  public static ManagedTaskApp start(ProcessSettings settings, Path outputDir,
      Function<Integer, TaskAppClient> clientForPort) {
    int port = freePort();
    List<String> command = settings.command().stream()
        .map(arg -> arg.replace("{port}", Integer.toString(port)))
        .toList();
    Path log = outputDir.resolve("task-app.log");
    ManagedTaskApp app;
    try {
      Files.createDirectories(outputDir);
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(settings.workingDir().toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(settings.environment());
      app = new ManagedTaskApp(builder.start(), log, port);
    } catch (IOException e) {
      throw new TaskAppStartException("cannot start task app " + command.get(0) + ": "
          + e.getMessage(), e);
    }
    app.awaitHealthy(clientForPort.apply(port), settings.startupTimeout());
    return app;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitHealthy(TaskAppClient client, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 50;
    while (true) {
      if (!process.isAlive()) {
        String tail = tail();
        close();
        throw new TaskAppStartException("the task app exited with code " + process.exitValue()
            + " before it became healthy; last lines of " + log + ":\n" + tail);
      }
      if (client.healthy()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new TaskAppStartException("the task app did not answer GET /health with 200 within "
            + timeout.toSeconds() + " s; last lines of " + log + ":\n" + tail());
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        close();
        Thread.currentThread().interrupt();
        throw new TaskAppStartException("interrupted while waiting for the task app", e);
      }
      pause = Math.min(pause * 2, 500);
    }
  }

  /** The last lines of the log, for error messages. */
  public String tail() {
    try {
      Deque<String> lines = new ArrayDeque<>();
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        lines.addLast(line);
        if (lines.size() > LOG_TAIL_LINES) {
          lines.removeFirst();
        }
      }
      return lines.isEmpty() ? "(the log is empty)" : String.join("\n", lines);
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }

  private void destroy() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** The managed task app could not be started. */
  public static final class TaskAppStartException extends RuntimeException {
    TaskAppStartException(String message) {
      super(message);
    }

    TaskAppStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
