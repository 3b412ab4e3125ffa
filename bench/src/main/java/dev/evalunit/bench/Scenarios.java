package dev.evalunit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.bench.child.ThreadCpu;
import dev.evalunit.bench.stub.StubOptions;
import dev.evalunit.bench.stub.StubTaskApp;
import dev.evalunit.bench.workload.RolloutBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The six scenarios. Each starts the stub it needs in this JVM, measures the engine (and the
 * alternatives) in fresh child JVMs driven through the JUnit Platform launcher, and returns its
 * figures. The engine's figures are checked for correctness first: a fast run that failed its
 * seeds would prove nothing.
 */
final class Scenarios {

  private static final double MIB = 1024.0 * 1024.0;

  private final BenchSettings settings;
  private final ChildJvm children;
  private final Path runDir;
  private final String classpath;
  private ChildJvm.Result latencyEngineRun;

  Scenarios(BenchSettings settings, ChildJvm children, Path runDir, String classpath) {
    this.settings = settings;
    this.children = children;
    this.runDir = runDir;
    this.classpath = classpath;
  }

  /** Latency-bound: rollout-phase wall against the ideal ceil(N/C) x latency. */
  Outcome latency() {
    int n = settings.latencySeeds();
    int c = settings.concurrency();
    try (StubTaskApp stub = warm(StubTaskApp.start(StubOptions.withLatency(settings.latency())),
        false)) {
      long stubCpu0 = ownCpuMillis();
      Map<String, Long> stubThreads0 = ThreadCpu.byGroup();
      ChildJvm.Result run = engine("latency-engine", stub.url(), n, false, settings.childHeap(),
          new long[0]);
      latencyEngineRun = run;
      double phase = run.number("phaseMs") / 1000;
      double ideal = Math.ceil((double) n / c) * settings.latency().toMillis() / 1000;
      double ratio = phase / ideal;
      List<String> notes = new ArrayList<>();
      notes.add(String.format(Locale.ROOT, "%d seeds, %d ms latency, concurrency %d; "
          + "rollout phase %.3f s, ideal ceil(%d/%d) x %d ms = %.3f s", n,
          settings.latency().toMillis(), c, phase, n, c, settings.latency().toMillis(), ideal));
      notes.add(waves(runDir.resolve("latency-engine-out").resolve("results.jsonl"), c,
          settings.latency().toMillis()));
      notes.add(engineLine(run));
      notes.add(String.format(Locale.ROOT, "stub: at most %d rollouts in flight at once, "
          + "CPU %.2f s during the run (%s)", stub.maxInFlight(),
          (ownCpuMillis() - stubCpu0) / 1000.0, busiest(stubThreads0, ThreadCpu.byGroup())));
      notes.add("command: " + run.commandLine());
      return outcome("latency-bound", run, n,
          String.format(Locale.ROOT, "phase/ideal = %.3f", ratio), "<= 1.10", ratio <= 1.10,
          notes);
    }
  }

  /** The alternative: the same seeds as a Jupiter parameterized test, parallel and sequential. */
  Outcome alternative() {
    int n = settings.latencySeeds();
    int c = settings.concurrency();
    int sequentialSeeds = Math.min(n, settings.sequentialSeeds());
    try (StubTaskApp stub = warm(StubTaskApp.start(StubOptions.withLatency(settings.latency())),
        false)) {
      ChildJvm.Result engineRun = latencyEngineRun != null ? latencyEngineRun
          : engine("latency-engine", stub.url(), n, false, settings.childHeap(), new long[0]);
      ChildJvm.Result parallel = jupiter("alternative-jupiter-parallel", stub.url(), n,
          List.of("junit.jupiter.execution.parallel.enabled=true",
              "junit.jupiter.execution.parallel.mode.default=concurrent",
              "junit.jupiter.execution.parallel.config.strategy=fixed",
              "junit.jupiter.execution.parallel.config.fixed.parallelism=" + c));
      ChildJvm.Result sequential = jupiter("alternative-jupiter-sequential", stub.url(),
          sequentialSeeds, List.of());
      double engineWall = engineRun.number("executeMs") / 1000;
      double parallelWall = parallel.number("executeMs") / 1000;
      double sequentialWall = sequential.number("executeMs") / 1000 * n / sequentialSeeds;
      double parallelRatio = parallelWall / engineWall;
      double sequentialRatio = sequentialWall / engineWall;
      List<String> notes = new ArrayList<>();
      notes.add(String.format(Locale.ROOT, "evalunit: %d seeds at concurrency %d, execute %.3f s"
          + " (rollout phase %.3f s)", n, c, engineWall, engineRun.number("phaseMs") / 1000));
      notes.add(String.format(Locale.ROOT, "Jupiter @ParameterizedTest + OkHttp, parallel "
          + "(fixed parallelism %d): execute %.3f s (invocations %.3f s), CPU %.2f s, "
          + "peak RSS %.0f MiB", c, parallelWall, parallel.number("phaseMs") / 1000,
          parallel.number("cpuMs") / 1000, parallel.number("peakRssKib") / 1024));
      notes.add(String.format(Locale.ROOT, "Jupiter sequential: %d seeds measured in %.3f s, "
          + "extrapolated x%.1f to %d seeds = %.1f s", sequentialSeeds,
          sequential.number("executeMs") / 1000, (double) n / sequentialSeeds, n,
          sequentialWall));
      notes.add("command (parallel): " + parallel.commandLine());
      notes.add("command (sequential): " + sequential.commandLine());
      return outcome("alternative", parallel, n,
          String.format(Locale.ROOT, "jupiter-parallel/evalunit = %.2f, "
              + "jupiter-sequential/evalunit = %.1f", parallelRatio, sequentialRatio),
          "both > 1 (evalunit faster)", parallelRatio > 1 && sequentialRatio > 1, notes);
    }
  }

  /** Overhead-bound: zero-latency stub; the engine's rollouts/s against wrk's requests/s. */
  Outcome overhead() {
    int n = settings.overheadSeeds();
    int c = settings.concurrency();
    try (StubTaskApp stub = warm(StubTaskApp.start(StubOptions.withLatency(Duration.ZERO)),
        false)) {
      Optional<Wrk> wrk = Wrk.find();
      String body = json(RolloutBody.forSeed(new ObjectMapper(), 17, false));
      wrk.ifPresent(w -> w.post(stub.url(), body, 2, c, Duration.ofSeconds(3),
          runDir.resolve("wrk")));
      long stubCpu0 = ownCpuMillis();
      ChildJvm.Result run = engine("overhead-engine", stub.url(), n, false, settings.childHeap(),
          new long[0]);
      double stubCpu = (ownCpuMillis() - stubCpu0) / 1000.0;
      double engineRate = n / (run.number("phaseMs") / 1000);
      List<String> notes = new ArrayList<>();
      notes.add(String.format(Locale.ROOT, "evalunit: %d seeds, concurrency %d, rollout phase "
          + "%.3f s = %.0f rollouts/s (stub CPU %.2f s)", n, c, run.number("phaseMs") / 1000,
          engineRate, stubCpu));
      notes.add(engineLine(run));
      notes.add("command: " + run.commandLine());
      if (wrk.isEmpty()) {
        notes.add("wrk not found on PATH: comparison skipped. Install it (Debian/Ubuntu: "
            + "apt-get install -y wrk) and re-run to get the figure.");
        return outcome("overhead-bound", run, n, String.format(Locale.ROOT,
            "%.0f rollouts/s (no wrk)", engineRate), ">= 0.7 x wrk", null, notes);
      }
      Wrk.Run wrkRun = wrk.get().post(stub.url(), body, 2, c, settings.wrkDuration(),
          runDir.resolve("wrk"));
      double ratio = engineRate / wrkRun.requestsPerSecond();
      notes.add(String.format(Locale.ROOT, "wrk: %.0f requests/s over %d connections "
          + "(after a 3 s warm-up run)", wrkRun.requestsPerSecond(), c));
      notes.add("wrk command: " + wrkRun.commandLine());
      return outcome("overhead-bound", run, n, String.format(Locale.ROOT,
          "evalunit/wrk = %.0f/%.0f = %.2f", engineRate, wrkRun.requestsPerSecond(), ratio),
          ">= 0.70", ratio >= 0.70, notes);
    }
  }

  /** Memory: many seeds with large traces saved; peak RSS and retained heap must not grow. */
  Outcome memory() {
    int n = settings.memorySeeds();
    StubOptions options = StubOptions.withLatency(Duration.ZERO)
        .withTraceBytes(settings.traceBytes());
    try (StubTaskApp stub = warm(StubTaskApp.start(options), true)) {
      ChildJvm.Result run = engine("memory-engine", stub.url(), n, true, settings.memoryHeap(),
          settings.memoryCheckpoints());
      Path out = runDir.resolve("memory-engine-out");
      long[] traces = countAndDelete(out.resolve("traces"));
      if (traces[0] != n) {
        throw new BenchmarkException("the memory run saved " + traces[0] + " traces for " + n
            + " seeds; see " + run.log());
      }
      double peak = run.number("peakRssKib") / 1024;
      JsonNode last = run.figures().path("checkpoints").path(
          run.figures().path("checkpoints").size() - 1);
      List<String> notes = new ArrayList<>();
      notes.add(String.format(Locale.ROOT, "%d seeds, %d-byte traces requested, %d trace files "
          + "saved (%.0f MiB on disk, deleted after counting); child heap option %s", n,
          stub.traceSize(), traces[0], traces[1] / MIB, settings.memoryHeap()));
      JsonNode checkpoints = run.figures().path("checkpoints");
      double firstHeap = Double.NaN;
      double lastHeap = Double.NaN;
      long firstSeeds = 0;
      long lastSeeds = 0;
      for (JsonNode checkpoint : checkpoints) {
        double heap = checkpoint.path("heapAfterGcBytes").asDouble() / MIB;
        long seeds = checkpoint.path("seeds").asLong();
        if (Double.isNaN(firstHeap)) {
          firstHeap = heap;
          firstSeeds = seeds;
        }
        lastHeap = heap;
        lastSeeds = seeds;
        notes.add(String.format(Locale.ROOT, "at %,d seeds: heap after GC %.1f MiB, RSS %.0f MiB",
            seeds, heap, checkpoint.path("rssKib").asDouble() / 1024));
      }
      double perSeed = (lastHeap - firstHeap) * MIB / Math.max(1, lastSeeds - firstSeeds);
      notes.add(String.format(Locale.ROOT, "retained heap from %,d to %,d seeds: %+.1f MiB, "
          + "%+.0f bytes per seed (a held 64 KB trace would be +65,536)", firstSeeds, lastSeeds,
          lastHeap - firstHeap, perSeed));
      notes.add(String.format(Locale.ROOT, "RSS when the last seed finished %.0f MiB; peak %.0f "
          + "MiB (what comes after the last seed: verdict, results table, report files)",
          last.path("rssKib").asDouble() / 1024, peak));
      notes.add(engineLine(run));
      notes.add("command: " + run.commandLine());
      boolean flat = perSeed < 1024;
      return outcome("memory", run, n, String.format(Locale.ROOT,
          "peak RSS %.0f MiB, heap %+.0f B/seed", peak, perSeed),
          "<= 400 MiB, < 1 KiB/seed", peak <= 400 && flat, notes);
    }
  }

  /** Discovery: many real suite classes with many seeds each; discovery time. */
  Outcome discovery() {
    int suites = settings.discoverySuites();
    int seeds = settings.discoverySeedsPerSuite();
    long t0 = System.nanoTime();
    GeneratedSuites.Compiled compiled = GeneratedSuites.compile(suites, seeds, classpath,
        runDir.resolve("discovery-suites"));
    double compileSeconds = (System.nanoTime() - t0) / 1e9;
    ChildJvm.Result run = children.run("discovery", List.of(settings.childHeap()),
        List.of(compiled.classesDir()),
        List.of("discovery", "classList=" + compiled.classList()), settings.childTimeout());
    long expected = (long) suites * (seeds + 1);
    long found = run.count("testsDiscovered");
    if (found != expected) {
      throw new BenchmarkException("discovery found " + found + " tests, expected " + expected
          + " (" + suites + " suites x (" + seeds + " seeds + 1 verdict)); see " + run.log());
    }
    double discovery = run.number("discoveryMs") / 1000;
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "%d generated @EvalSuite classes x %d seeds = %,d tests "
        + "(compiled in %.1f s, not counted)", suites, seeds, found, compileSeconds));
    notes.add(String.format(Locale.ROOT, "first discovery %.3f s (launcher created in %.3f s), "
        + "second discovery in the same JVM %.3f s", discovery,
        run.number("launcherCreateMs") / 1000, run.number("warmDiscoveryMs") / 1000));
    notes.add("command: " + run.commandLine());
    return new Outcome("discovery", discovery, Double.NaN, run.number("cpuMs") / 1000,
        run.number("peakRssKib") / 1024,
        String.format(Locale.ROOT, "discovery %.2f s", discovery), "<= 3 s", discovery <= 3,
        notes);
  }

  /**
   * Big suites: one suite with 100k, then 1M seeds; discovery time, the heap the discovered
   * plan holds (after a full GC) and RSS, in a JVM limited to {@code bench.bigSuiteHeap}. The
   * target: 1M seeds in under 1 GiB of RSS.
   */
  Outcome seeds() {
    List<String> notes = new ArrayList<>();
    ChildJvm.Result last = null;
    double lastRss = Double.NaN;
    double lastDiscovery = Double.NaN;
    for (int n : settings.bigSuiteSeeds()) {
      GeneratedSuites.Compiled compiled = GeneratedSuites.compile(1, n, classpath,
          runDir.resolve("seeds-" + n));
      ChildJvm.Result run = children.run("seeds-" + n, List.of(settings.bigSuiteHeap()),
          List.of(compiled.classesDir()),
          List.of("seeds", "classList=" + compiled.classList()), settings.childTimeout());
      long found = run.count("testsDiscovered");
      if (found != n + 1L) {
        throw new BenchmarkException("discovery of one suite with " + n + " seeds found " + found
            + " tests, expected " + (n + 1) + "; see " + run.log());
      }
      lastDiscovery = run.number("discoveryMs") / 1000;
      double heap = run.number("heapAfterDiscoveryBytes") / MIB;
      lastRss = run.number("rssAfterDiscoveryKib") / 1024;
      notes.add(String.format(Locale.ROOT, "%,d seeds (%s): discovery %.2f s, heap after GC "
          + "with the plan held %.0f MiB (%.0f B/seed), RSS %.0f MiB, peak RSS %.0f MiB", n,
          settings.bigSuiteHeap(), lastDiscovery, heap, heap * MIB / n, lastRss,
          run.number("peakRssKib") / 1024));
      notes.add("command: " + run.commandLine());
      last = run;
    }
    return new Outcome("seeds", lastDiscovery, Double.NaN, last.number("cpuMs") / 1000,
        last.number("peakRssKib") / 1024,
        String.format(Locale.ROOT, "%,d seeds: RSS %.0f MiB, discovery %.1f s",
            settings.bigSuiteSeeds()[settings.bigSuiteSeeds().length - 1], lastRss,
            lastDiscovery),
        "RSS < 1024 MiB", last.number("peakRssKib") / 1024 < 1024, notes);
  }

  /** A stub whose code is compiled, so its cold start is not charged to the client measured. */
  private StubTaskApp warm(StubTaskApp stub, boolean traces) {
    int connections = settings.concurrency();
    int requests = stub.latency().isZero() ? (traces ? 3_000 : 20_000)
        // About 3 s at the scenario's latency: enough for C1 to compile this traffic's paths.
        : (int) Math.min(20_000, connections * 3_000 / Math.max(1, stub.latency().toMillis()));
    stub.warmUp(json(RolloutBody.forSeed(new ObjectMapper(), 1, traces)), requests,
        connections);
    return stub;
  }

  private ChildJvm.Result engine(String label, String url, int seeds, boolean traces,
      String heap, long[] checkpoints) {
    List<String> args = new ArrayList<>(List.of("engine",
        "evalunit.taskApp.url=" + url,
        "evalunit.seeds=0.." + (seeds - 1),
        "evalunit.concurrency=" + settings.concurrency(),
        "evalunit.trace.return=" + traces,
        "evalunit.output.dir=" + runDir.resolve(label + "-out"),
        "evalunit.output.seedLines=false"));
    if (checkpoints.length > 0) {
      StringBuilder list = new StringBuilder();
      for (long checkpoint : checkpoints) {
        list.append(list.length() == 0 ? "" : ",").append(checkpoint);
      }
      args.add(1, "checkpoints=" + list);
    }
    ChildJvm.Result run = children.run(label, List.of(heap), List.of(), args,
        settings.childTimeout());
    long expectedTests = seeds + 1L;
    if (run.count("failed") != 0 || run.count("succeeded") != expectedTests) {
      throw new BenchmarkException(label + ": " + run.count("succeeded") + " of " + expectedTests
          + " tests succeeded, " + run.count("failed") + " failed (first: "
          + run.figures().path("firstFailure").asText() + "); see " + run.log());
    }
    return run;
  }

  private ChildJvm.Result jupiter(String label, String url, int seeds, List<String> parameters) {
    List<String> args = new ArrayList<>();
    args.add("jupiter");
    args.addAll(parameters);
    ChildJvm.Result run = children.run(label, List.of(settings.childHeap(), "-Dbench.url=" + url,
        "-Dbench.seedCount=" + seeds), List.of(), args, settings.childTimeout());
    if (run.count("failed") != 0 || run.count("succeeded") != seeds) {
      throw new BenchmarkException(label + ": " + run.count("succeeded") + " of " + seeds
          + " invocations succeeded (first failure: "
          + run.figures().path("firstFailure").asText() + "); see " + run.log());
    }
    return run;
  }

  private static Outcome outcome(String scenario, ChildJvm.Result run, int seeds, String figure,
      String target, Boolean met, List<String> notes) {
    return new Outcome(scenario, run.number("executeMs") / 1000,
        seeds / (run.number("phaseMs") / 1000), run.number("cpuMs") / 1000,
        run.number("peakRssKib") / 1024, figure, target, met, notes);
  }

  /**
   * Where a latency-bound run loses time: the mean latency the engine measured for the first
   * wave of rollouts (cold JVM: class loading, interpreted code, new connections) against the
   * rest, read back from results.jsonl.
   */
  private static String waves(Path resultsJsonl, int concurrency, long latencyMs) {
    List<double[]> rows = new ArrayList<>();
    try (Stream<String> lines = Files.lines(resultsJsonl)) {
      ObjectMapper json = new ObjectMapper();
      for (String line : lines.toList()) {
        JsonNode row = json.readTree(line);
        rows.add(new double[] {
            java.time.Instant.parse(row.path("started_at").asText()).toEpochMilli(),
            row.path("latency_ms").asDouble()});
      }
    } catch (IOException | RuntimeException e) {
      return "per-wave latencies unavailable: " + e.getMessage();
    }
    rows.sort(Comparator.comparingDouble(r -> r[0]));
    int first = Math.min(concurrency, rows.size());
    double firstMean = rows.subList(0, first).stream().mapToDouble(r -> r[1]).average().orElse(0);
    double restMean = rows.subList(first, rows.size()).stream().mapToDouble(r -> r[1]).average()
        .orElse(Double.NaN);
    return String.format(Locale.ROOT, "mean rollout latency seen by the engine: first %d "
        + "rollouts %.1f ms (cold JVM), the other %d %.1f ms (%.1f%% over the stub's %d ms)",
        first, firstMean, rows.size() - first, restMean, 100 * (restMean - latencyMs) / latencyMs,
        latencyMs);
  }

  private static String engineLine(ChildJvm.Result run) {
    return String.format(Locale.ROOT, "measured JVM: discovery %.3f s, execute %.3f s, CPU %.2f s,"
        + " peak RSS %.0f MiB, heap after GC at the end %.1f MiB (max heap %.0f MiB)",
        run.number("discoveryMs") / 1000, run.number("executeMs") / 1000,
        run.number("cpuMs") / 1000, run.number("peakRssKib") / 1024,
        run.number("heapAfterGcEndBytes") / MIB, run.number("maxHeapBytes") / MIB);
  }

  private static String json(Object value) {
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The thread groups of this JVM that used the most CPU between two snapshots. */
  private static String busiest(Map<String, Long> before, Map<String, Long> after) {
    return after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(4)
        .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue() / 1000.0))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** CPU time of this JVM, which hosts the stub: how much the stub cost during a run. */
  private static long ownCpuMillis() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1_000_000;
    }
    return 0;
  }

  /** Number of files and their total bytes under {@code dir}, which is then deleted. */
  private static long[] countAndDelete(Path dir) {
    long[] countAndBytes = new long[2];
    if (!Files.isDirectory(dir)) {
      return countAndBytes;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isRegularFile(p)) {
          countAndBytes[0]++;
          countAndBytes[1] += Files.size(p);
        }
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + dir, e);
    }
    return countAndBytes;
  }
}
