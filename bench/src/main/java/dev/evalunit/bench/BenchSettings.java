package dev.evalunit.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sizes and options of a benchmark run, from system properties ({@code -Dbench.*}), with the
 * defaults that define the published scenarios. {@code bench.scale} shrinks every seed count for
 * a quick smoke run (its figures are not comparable with the targets).
 *
 * @param scale factor applied to every seed count ({@code bench.scale}, default 1)
 * @param concurrency rollouts in flight, and wrk's connection count ({@code bench.concurrency})
 * @param latency the stub's latency in the latency-bound scenarios ({@code bench.latencyMs})
 * @param latencySeeds seeds of the latency-bound and alternative runs
 * @param sequentialSeeds seeds of the sequential Jupiter run, extrapolated to latencySeeds
 *     ({@code bench.sequentialSeeds}, default 200: all 2,000 would take 200 s alone)
 * @param overheadSeeds seeds of the zero-latency run
 * @param memorySeeds seeds of the memory run
 * @param memoryCheckpoints seed counts at which the memory run samples heap and RSS
 * @param traceBytes trace size in the memory run ({@code bench.traceBytes})
 * @param discoverySuites generated suites in the discovery run
 * @param discoverySeedsPerSuite seeds per generated suite
 * @param bigSuiteSeeds seed counts of the one-suite discovery runs ({@code bench.bigSuiteSeeds},
 *     default 100000,1000000)
 * @param bigSuiteHeap heap option of those runs ({@code bench.bigSuiteHeap}, default -Xmx1g)
 * @param wrkDuration how long wrk runs ({@code bench.wrkSeconds})
 * @param childHeap heap option of the measured JVMs ({@code bench.childHeap})
 * @param memoryHeap heap option of the memory run's JVM ({@code bench.memoryHeap})
 * @param childJvmArgs extra options for every measured JVM ({@code bench.childJvmArgs})
 * @param childTimeout how long one measured JVM may run
 */
record BenchSettings(double scale, int concurrency, Duration latency, int latencySeeds,
    int sequentialSeeds, int overheadSeeds, int memorySeeds, long[] memoryCheckpoints,
    int traceBytes, int discoverySuites, int discoverySeedsPerSuite, int[] bigSuiteSeeds,
    String bigSuiteHeap, Duration wrkDuration,
    String childHeap, String memoryHeap, List<String> childJvmArgs, Duration childTimeout) {

  static BenchSettings fromSystemProperties() {
    double scale = Double.parseDouble(System.getProperty("bench.scale", "1"));
    if (!(scale > 0 && scale <= 1)) {
      throw new BenchmarkException("bench.scale must be in (0, 1], was " + scale);
    }
    List<String> jvmArgs = new ArrayList<>();
    for (String arg : System.getProperty("bench.childJvmArgs", "").trim().split("\\s+")) {
      if (!arg.isBlank()) {
        jvmArgs.add(arg);
      }
    }
    int memorySeeds = scaled(50_000, scale);
    return new BenchSettings(
        scale,
        Integer.getInteger("bench.concurrency", 64),
        Duration.ofMillis(Long.getLong("bench.latencyMs", 100)),
        scaled(2_000, scale),
        scaled(Integer.getInteger("bench.sequentialSeeds", 200), scale),
        scaled(20_000, scale),
        memorySeeds,
        new long[] {memorySeeds / 5, memorySeeds / 2, memorySeeds},
        Integer.getInteger("bench.traceBytes", 64 * 1024),
        scaled(500, scale),
        200,
        Arrays.stream(System.getProperty("bench.bigSuiteSeeds", "100000,1000000").split(","))
            .mapToInt(n -> scaled(Integer.parseInt(n.trim()), scale)).toArray(),
        System.getProperty("bench.bigSuiteHeap", "-Xmx1g"),
        Duration.ofSeconds(Long.getLong("bench.wrkSeconds", 10)),
        System.getProperty("bench.childHeap", "-Xmx512m"),
        System.getProperty("bench.memoryHeap", "-Xmx256m"),
        List.copyOf(jvmArgs),
        Duration.ofMinutes(8));
  }

  private static int scaled(int n, double scale) {
    return Math.max(10, (int) Math.round(n * scale));
  }
}
