package dev.evalunit.bench.child;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per group of live threads (engine workers, the engine thread, JIT compilers, GC),
 * from {@code /proc/self/task}: tells whether the engine's cost is its own work or the JVM's.
 */
public final class ThreadCpu {

  /** Linux reports thread CPU in clock ticks; 100 per second on every common kernel. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ThreadCpu() {}

  /** Milliseconds of CPU (user + system) per thread group, or empty off Linux. */
  public static Map<String, Long> byGroup() {
    Map<String, Long> groups = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          String stat = Files.readString(task.resolve("stat"));
          // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          groups.merge(group(name), Math.round(ticks / TICKS_PER_SECOND * 1000), Long::sum);
        } catch (IOException | RuntimeException threadEnded) {
          // the thread ended while we looked
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return groups;
  }

  /** Thread names without their running numbers: "GC Thread#1" and "GC Thread#0" are one. */
  private static String group(String name) {
    return name.replaceAll("[#-]?\\d+$", "").trim();
  }
}
