package dev.evalunit.bench;

import java.util.List;

/**
 * One scenario's figures.
 *
 * @param scenario its name
 * @param wallSeconds the measured process's test execution wall time (launcher execute)
 * @param rolloutsPerSecond seeds / rollout-phase wall, or NaN where not applicable
 * @param cpuSeconds CPU time of the measured JVM
 * @param peakRssMib its peak resident set size
 * @param figure the scenario's figure, e.g. {@code phase/ideal = 1.04}
 * @param target the target, e.g. {@code <= 1.10}
 * @param met whether the target is met; null when it could not be measured
 * @param notes details: per-run numbers, commands, skipped comparisons
 */
record Outcome(String scenario, double wallSeconds, double rolloutsPerSecond, double cpuSeconds,
    double peakRssMib, String figure, String target, Boolean met, List<String> notes) {

  static Outcome failed(String scenario, String why) {
    return new Outcome(scenario, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "not measured",
        "-", null, List.of(why));
  }

  String verdict() {
    return met == null ? "n/a" : met ? "MET" : "MISSED";
  }
}
