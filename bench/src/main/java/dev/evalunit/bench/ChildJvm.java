package dev.evalunit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.bench.child.ScenarioChild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one measured process: a fresh JVM with {@link ScenarioChild} as its main class, output to a
 * log file, and reads back the JSON it wrote. A fresh JVM per measurement keeps CPU time and peak
 * RSS clean of the stub, of wrk and of earlier scenarios.
 */
final class ChildJvm {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String javaExecutable;
  private final String classpath;
  private final List<String> commonJvmArgs;
  private final Path runDir;

  /**
   * @param classpath the benchmark's own class path (the child needs the same classes)
   * @param commonJvmArgs options for every child (e.g. a flight recording), may be empty
   * @param runDir where logs, results and the class path file go
   */
  ChildJvm(String classpath, List<String> commonJvmArgs, Path runDir) {
    this.javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    this.classpath = classpath;
    this.commonJvmArgs = List.copyOf(commonJvmArgs);
    this.runDir = runDir;
  }

  /** What a child measured, with how it was started. */
  record Result(String label, JsonNode figures, String commandLine, Path log) {
    double number(String field) {
      return figures.path(field).asDouble(Double.NaN);
    }

    long count(String field) {
      return figures.path(field).asLong(-1);
    }
  }

  /**
   * Runs the child and waits for it.
   *
   * @param label names the log and result files, e.g. {@code latency-engine}
   * @param jvmArgs heap size and system properties for this child
   * @param extraClasspath entries put before the benchmark's class path (generated suites)
   * @param childArgs mode, then {@code key=value} options and configuration parameters
   * @throws BenchmarkException when it exits non-zero, times out or writes no result
   */
  Result run(String label, List<String> jvmArgs, List<Path> extraClasspath,
      List<String> childArgs, Duration timeout) {
    Path resultFile = runDir.resolve(label + ".json");
    Path log = runDir.resolve(label + ".log");
    String cp = classpath;
    for (Path extra : extraClasspath) {
      cp = extra + java.io.File.pathSeparator + cp;
    }
    List<String> command = new ArrayList<>();
    command.add(javaExecutable);
    command.addAll(jvmArgs);
    command.addAll(commonJvmArgs);
    command.add("-cp");
    command.add(cp);
    command.add(ScenarioChild.class.getName());
    command.add(childArgs.get(0));
    command.add(resultFile.toString());
    command.addAll(childArgs.subList(1, childArgs.size()));
    try {
      String printable = printable(command, cp);
      Files.createDirectories(runDir);
      Files.deleteIfExists(resultFile);
      Files.writeString(log, "# " + printable + "\n", StandardCharsets.UTF_8);
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new BenchmarkException(label + " did not finish within " + timeout.toSeconds()
            + " s; its output is in " + log);
      }
      if (process.exitValue() != 0 || !Files.exists(resultFile)) {
        throw new BenchmarkException(label + " exited with code " + process.exitValue()
            + "; last lines of " + log + ":\n" + tail(log));
      }
      return new Result(label, JSON.readTree(resultFile.toFile()), printable, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + label, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("interrupted while running " + label);
    }
  }

  /** The command with the long class path written once to a file and referred to by name. */
  private String printable(List<String> command, String cp) throws IOException {
    Path cpFile = runDir.resolve("classpath.txt");
    Files.createDirectories(runDir);
    if (!Files.exists(cpFile)) {
      Files.writeString(cpFile, classpath + "\n", StandardCharsets.UTF_8);
    }
    String shortCp = cp.equals(classpath) ? "\"$(cat " + cpFile + ")\""
        : cp.substring(0, cp.length() - classpath.length()) + "\"$(cat " + cpFile + ")\"";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < command.size(); i++) {
      boolean isClasspath = i > 0 && command.get(i - 1).equals("-cp");
      out.append(i == 0 ? "" : " ").append(isClasspath ? shortCp : quote(command.get(i)));
    }
    return out.toString();
  }

  private static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./=:,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
