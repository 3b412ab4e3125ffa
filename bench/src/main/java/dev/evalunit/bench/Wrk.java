package dev.evalunit.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP load generator the engine's throughput is compared with: {@code wrk} POSTing a
 * representative rollout body over the same number of keep-alive connections.
 */
final class Wrk {

  private static final Pattern REQUESTS_PER_SEC = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:(.*)");

  private final Path executable;

  private Wrk(Path executable) {
    this.executable = executable;
  }

  /** wrk from the PATH, or empty (the caller says how to install it). */
  static Optional<Wrk> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "wrk");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new Wrk(candidate));
      }
    }
    return Optional.empty();
  }

  /** One wrk run's figure and how it was produced. */
  record Run(double requestsPerSecond, String commandLine, String output) {}

  /**
   * Runs {@code wrk -t THREADS -c CONNECTIONS -d SECONDS -s post.lua URL/rollout}.
   *
   * @throws BenchmarkException if wrk fails, reports errors, or prints no rate
   */
  Run post(String baseUrl, String jsonBody, int threads, int connections, Duration duration,
      Path workDir) {
    try {
      Files.createDirectories(workDir);
      Path script = workDir.resolve("post-rollout.lua");
      Files.writeString(script, "wrk.method = \"POST\"\n"
          + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
          + "wrk.body = [==[" + jsonBody + "]==]\n", StandardCharsets.UTF_8);
      List<String> command = List.of(executable.toString(), "-t" + threads, "-c" + connections,
          "-d" + duration.toSeconds() + "s", "-s", script.toString(), baseUrl + "/rollout");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new BenchmarkException("wrk did not finish: " + String.join(" ", command));
      }
      Matcher rate = REQUESTS_PER_SEC.matcher(output);
      if (process.exitValue() != 0 || !rate.find()) {
        throw new BenchmarkException("wrk failed (exit " + process.exitValue() + "):\n" + output);
      }
      Matcher non2xx = NON_2XX.matcher(output);
      if (non2xx.find() && Long.parseLong(non2xx.group(1)) > 0) {
        throw new BenchmarkException("the stub answered wrk with errors:\n" + output);
      }
      Matcher socketErrors = SOCKET_ERRORS.matcher(output);
      if (socketErrors.find() && !socketErrors.group(1).matches("[^1-9]*")) {
        throw new BenchmarkException("wrk saw socket errors:\n" + output);
      }
      return new Run(Double.parseDouble(rate.group(1)), String.join(" ", command), output.strip());
    } catch (IOException e) {
      throw new BenchmarkException("cannot run wrk: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("interrupted while running wrk");
    }
  }
}
