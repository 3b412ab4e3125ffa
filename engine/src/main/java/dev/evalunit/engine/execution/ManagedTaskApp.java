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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A task app process the engine starts for one suite: on a free port, its output streamed to
 * {@code task-app.log} in the suite's output folder, healthy once {@code GET /health} (with the
 * key) answers 200, and stopped when the suite ends, fails, or the run is interrupted (the
 * execution's {@link RunControl} tracks it from the moment it starts). If it exits early, never
 * becomes healthy or dies during the run, the error carries its exit code and the last lines of
 * its log.
 *
 * <pre>{@code
 * try (ManagedTaskApp app = ManagedTaskApp.start(settings, outputDir, clientForPort, run)) {
 *   TaskAppClient client = clientForPort.apply(app.port());
 *   ...
 * }
 * }</pre>
 */
public final class ManagedTaskApp implements AutoCloseable, TaskAppLiveness {

  private static final int LOG_TAIL_LINES = 20;

  private final Process process;
  private final Path log;
  private final int port;
  private final RunControl run;

  private ManagedTaskApp(Process process, Path log, int port, RunControl run) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.run = run;
  }

  /**
   * Starts the process and waits until it is healthy.
   *
   * @param clientForPort builds the client used for the health check from the chosen port
   * @param run stops the process if the run is interrupted, even while it is starting
   * @throws TaskAppStartException if it exits or does not become healthy in time
   */
  public static ManagedTaskApp start(ProcessSettings settings, Path outputDir,
      Function<Integer, TaskAppClient> clientForPort, RunControl run) {
    return start(settings, outputDir, "task-app.log", clientForPort, run);
  }

  /**
   * Like {@link #start(ProcessSettings, Path, Function, RunControl)}, its output written to
   * {@code logName} in {@code outputDir} (one file per replica).
   */
  public static ManagedTaskApp start(ProcessSettings settings, Path outputDir, String logName,
      Function<Integer, TaskAppClient> clientForPort, RunControl run) {
    int port = freePort();
    List<String> command = settings.command().stream()
        .map(arg -> arg.replace("{port}", Integer.toString(port)))
        .toList();
    Path log = outputDir.resolve(logName);
    ManagedTaskApp app;
    try {
      Files.createDirectories(outputDir);
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(settings.workingDir().toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(settings.environment());
      app = new ManagedTaskApp(builder.start(), log, port, run);
      run.track(app);
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
            + "taskApp.startupTimeout = " + DurationText.format(timeout) + "; last lines of " + log
            + ":\n" + tail());
      }
      if (run.interrupted()) {
        close();
        throw new TaskAppStartException("the run was interrupted while the task app was starting");
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

  /**
   * Empty while the process runs; once it exited, its exit code and log tail. Connections break
   * a moment before the JVM sees the process gone, hence the {@code grace} to wait for it.
   */
  @Override
  public Optional<String> exitNotice(Duration grace) throws InterruptedException {
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return Optional.empty();
    }
    return Optional.of("the task app process exited with code " + process.exitValue()
        + " during the run; last lines of " + log + ":\n" + tail());
  }

  @Override
  public void close() {
    destroy();
    run.untrack(this);
  }

  @Override
  public String toString() {
    return "task app process " + process.pid() + " on port " + port;
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
