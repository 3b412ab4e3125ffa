package dev.evalunit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Facts about the machine a run was taken on, printed with its figures. */
final class Machine {

  private Machine() {}

  static List<String> facts() {
    List<String> facts = new ArrayList<>();
    facts.add("cpus: " + Runtime.getRuntime().availableProcessors() + " available ("
        + firstValue(Path.of("/proc/cpuinfo"), "model name") + ")");
    facts.add("memory: " + kibToGib(firstValue(Path.of("/proc/meminfo"), "MemTotal"))
        + " GiB total, " + kibToGib(firstValue(Path.of("/proc/meminfo"), "MemAvailable"))
        + " GiB available");
    facts.add("java: " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
        + "); os: " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
    facts.add("load average before the run: " + loadAverage()
        + " (other work on this machine makes the figures noisy)");
    return facts;
  }

  /** The 1, 5 and 15 minute load averages, or "unknown". */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
    return "unknown";
  }

  private static String kibToGib(String kib) {
    try {
      return String.format(java.util.Locale.ROOT, "%.1f",
          Long.parseLong(kib.replace("kB", "").trim()) / 1024.0 / 1024.0);
    } catch (NumberFormatException e) {
      return "?";
    }
  }
}
