package dev.evalunit.bench.child;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this JVM costs: CPU time, resident memory (current and peak) and heap after a full GC. */
final class ProcessStats {

  private ProcessStats() {}

  /** CPU time of the whole process (all threads, JIT and GC included), in milliseconds. */
  static long cpuMillis() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1_000_000;
    }
    return -1;
  }

  /** Peak resident set size ({@code VmHWM}) in KiB, or -1 off Linux. */
  static long peakRssKib() {
    return statusKib("VmHWM:");
  }

  /** Current resident set size ({@code VmRSS}) in KiB, or -1 off Linux. */
  static long rssKib() {
    return statusKib("VmRSS:");
  }

  /** Heap in use right after a full collection: what the run really holds. */
  @SuppressWarnings("java:S1215") // a forced GC is the point of this measurement
  static long heapAfterGcBytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long statusKib(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
