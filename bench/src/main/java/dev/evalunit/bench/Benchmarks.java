package dev.evalunit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The benchmark command: runs the scenarios and prints, per scenario, wall time, rollouts per
 * second, CPU seconds, peak RSS, its figure against its target, and the command lines that
 * produced them; then a summary table. The figures also go to {@code summary.txt} in the run's
 * folder.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am -Dmaven.test.skip=true -Pbench verify                       # all scenarios
 * ./mvnw -B -q -pl bench -am -Dmaven.test.skip=true -Pbench verify -Dbench.scenarios=latency,memory
 * </pre>
 *
 * <p>Scenarios: {@code latency}, {@code alternative}, {@code overhead}, {@code memory},
 * {@code discovery} (or {@code all}). Options are system properties, see {@link BenchSettings}.
 * Exit code 0 when every scenario was measured (a missed target is reported, not an error), 1
 * when one could not be measured, 2 for bad arguments.
 */
public final class Benchmarks {

  private static final List<String> ALL =
      List.of("latency", "alternative", "overhead", "memory", "discovery", "seeds");

  private Benchmarks() {}

  public static void main(String[] args) throws IOException {
    List<String> scenarios = scenarios(args);
    if (scenarios == null) {
      System.err.println("usage: Benchmarks [all | " + String.join(",", ALL) + "]...");
      System.exit(2);
    }
    BenchSettings settings = BenchSettings.fromSystemProperties();
    Path runDir = Path.of(System.getProperty("bench.outputDir", "target/bench-runs"))
        .toAbsolutePath()
        .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(runDir);
    String classpath = System.getProperty("java.class.path");
    ChildJvm children = new ChildJvm(classpath, settings.childJvmArgs(), runDir);
    Scenarios runner = new Scenarios(settings, children, runDir, classpath);
    Map<String, Supplier<Outcome>> byName = new LinkedHashMap<>();
    byName.put("latency", runner::latency);
    byName.put("alternative", runner::alternative);
    byName.put("overhead", runner::overhead);
    byName.put("memory", runner::memory);
    byName.put("discovery", runner::discovery);
    byName.put("seeds", runner::seeds);

    Report report = new Report(runDir.resolve("summary.txt"));
    report.line("evalunit benchmark, " + LocalDateTime.now().withNano(0));
    report.line("command: ./mvnw -B -q -pl bench -am -Dmaven.test.skip=true -Pbench verify"
        + " -Dbench.scenarios=" + String.join(",", scenarios) + systemPropertyFlags());
    report.line("driver JVM (hosts the stub task app): "
        + ProcessHandle.current().info().commandLine().orElse("?")
            .replace(classpath, "<class path in " + runDir.resolve("classpath.txt") + ">"));
    Machine.facts().forEach(report::line);
    if (settings.scale() != 1) {
      report.line("NOTE: bench.scale=" + settings.scale() + ": a smoke run; figures are not "
          + "comparable with the targets");
    }
    report.line("outputs and child logs: " + runDir);
    long started = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    for (String name : scenarios) {
      report.line("");
      report.line("== " + name);
      Outcome outcome;
      try {
        outcome = byName.get(name).get();
      } catch (BenchmarkException | UncheckedIOException e) {
        outcome = Outcome.failed(name, e.getMessage());
      }
      outcomes.add(outcome);
      report.line(String.format(Locale.ROOT, "   wall %s s | %s rollouts/s | CPU %s s | "
          + "peak RSS %s MiB", num(outcome.wallSeconds(), 2), num(outcome.rolloutsPerSecond(), 0),
          num(outcome.cpuSeconds(), 2), num(outcome.peakRssMib(), 0)));
      report.line("   figure: " + outcome.figure() + "  (target " + outcome.target() + ") "
          + outcome.verdict());
      outcome.notes().forEach(note -> report.line("   - " + note));
    }
    report.line("");
    report.line(String.format(Locale.ROOT, "== summary (%.0f s in total; load average now: %s)",
        (System.nanoTime() - started) / 1e9, Machine.loadAverage()));
    report.line(String.format(Locale.ROOT, "%-13s | %8s | %10s | %7s | %9s | %-50s | %s",
        "scenario", "wall s", "rollouts/s", "CPU s", "RSS MiB", "figure (target)", "result"));
    for (Outcome o : outcomes) {
      report.line(String.format(Locale.ROOT, "%-13s | %8s | %10s | %7s | %9s | %-50s | %s",
          o.scenario(), num(o.wallSeconds(), 2), num(o.rolloutsPerSecond(), 0),
          num(o.cpuSeconds(), 2), num(o.peakRssMib(), 0),
          o.figure() + " (" + o.target() + ")", o.verdict()));
    }
    report.line("wall = the measured JVM's launcher execute time; rollouts/s = seeds / rollout "
        + "phase; CPU and RSS = the measured JVM only (the stub runs in the driver JVM)");
    boolean allMeasured = outcomes.stream().noneMatch(o -> o.figure().equals("not measured"));
    System.exit(allMeasured ? 0 : 1);
  }

  private static List<String> scenarios(String[] args) {
    List<String> names = new ArrayList<>();
    for (String arg : args) {
      for (String name : arg.split(",")) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.isEmpty()) {
          continue;
        }
        if (n.equals("all")) {
          names.addAll(ALL);
        } else if (ALL.contains(n)) {
          names.add(n);
        } else {
          System.err.println("unknown scenario \"" + name + "\"");
          return null;
        }
      }
    }
    return names.isEmpty() ? ALL : names.stream().distinct().toList();
  }

  /** The {@code -Dbench.*} options that differ from the defaults, so the command reproduces. */
  private static String systemPropertyFlags() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("bench.scale", "1");
    defaults.put("bench.concurrency", "64");
    defaults.put("bench.latencyMs", "100");
    defaults.put("bench.sequentialSeeds", "200");
    defaults.put("bench.traceBytes", "65536");
    defaults.put("bench.wrkSeconds", "10");
    defaults.put("bench.childHeap", "-Xmx512m");
    defaults.put("bench.memoryHeap", "-Xmx256m");
    StringBuilder flags = new StringBuilder();
    defaults.forEach((name, standard) -> {
      String value = System.getProperty(name);
      if (value != null && !value.equals(standard)) {
        flags.append(" -D").append(name).append('=').append(value);
      }
    });
    String jvmArgs = System.getProperty("bench.childJvmArgs", "").trim();
    if (!jvmArgs.isEmpty()) {
      flags.append(" '-Dbench.childJvmArgs=").append(jvmArgs).append('\'');
    }
    return flags.toString();
  }

  private static String num(double value, int decimals) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** Prints each line as it comes and keeps a copy in the run's summary file. */
  private static final class Report {
    private final Path file;

    Report(Path file) {
      this.file = file;
    }

    void line(String text) {
      System.out.println(text);
      try {
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
  }
}
