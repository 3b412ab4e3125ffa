package dev.evalunit.engine.report;

import dev.evalunit.engine.baseline.GateOutcome;
import dev.evalunit.engine.baseline.GateResult;
import dev.evalunit.engine.baseline.PairedSeed;
import dev.evalunit.engine.baseline.SeedKey;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.statistics.Interval;
import dev.evalunit.engine.statistics.PairedComparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The baseline gate as the text reports state it: the {@code baseline_gate} object of
 * {@code report.json} and {@code metadata.json}, and its lines in {@code summary.md}. Reads a
 * {@link GateOutcome}; never judges.
 *
 * <pre>{@code
 * "baseline_gate": {"status": "failed", "baseline_file": "/…/MySuite.jsonl", "test": "exact McNemar",
 *   "mean_change": -0.5, "lower": -0.71, "upper": -0.29, "confidence": 0.95, "p_value": 1.9e-06,
 *   "tolerated_drop": 0.02, "paired": 40, "dropped_seeds": [{"seed": "3", ...}], ...}
 * }</pre>
 */
final class GateReport {

  private GateReport() {}

  /** The {@code baseline_gate} object. */
  static Map<String, Object> json(GateOutcome gate) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", gate.status().label());
    out.put("baseline_file", String.valueOf(gate.file()));
    gate.judged().ifPresent(result -> {
      result.comparisonIfPaired().ifPresent(c -> {
        Interval d = c.difference();
        out.put("test", c.test());
        out.put("mean_change", finite(d.estimate()));
        out.put("lower", finite(d.lower()));
        out.put("upper", finite(d.upper()));
        out.put("confidence", d.confidence());
        out.put("p_value", finite(c.pValue()));
        out.put("tolerated_drop", c.toleratedDrop());
      });
      out.put("paired", result.pairs().size());
      out.put("seeds_to_decide", result.hint() == null ? null : result.hint().seeds());
      out.put("dropped_seeds", result.droppedSeeds().stream().map(GateReport::pair).toList());
      out.put("only_in_baseline", labels(result.onlyInBaseline()));
      out.put("only_in_current", labels(result.onlyInCurrent()));
    });
    out.put("reasons", gate.reasons());
    out.put("notices", gate.notices());
    return out;
  }

  /** {@code summary.md}'s gate lines: a heading with the outcome, then reasons and notices. */
  static void markdown(StringBuilder md, GateOutcome gate, String prefix) {
    md.append("- ").append(prefix).append("baseline gate ").append(icon(gate.status()))
        .append(" ").append(gate.status().label());
    gate.judged().flatMap(GateResult::comparisonIfPaired).ifPresent(c -> md.append(": mean change ")
        .append(signed(c.difference().estimate())).append(", ")
        .append(Math.round(100 * c.difference().confidence())).append("% CI [")
        .append(Numbers.format(c.difference().lower())).append(", ")
        .append(Numbers.format(c.difference().upper())).append("] vs tolerated drop ")
        .append(Numbers.format(c.toleratedDrop())).append(" (").append(c.test())
        .append(", ").append(c.pairs()).append(" pairs)"));
    md.append('\n');
    gate.reasons().forEach(r -> md.append("  - ").append(r).append('\n'));
    gate.notices().forEach(n -> md.append("  - ").append(n).append('\n'));
  }

  static String icon(GateOutcome.Status status) {
    return switch (status) {
      case PASSED -> "✅";
      case FAILED -> "❌";
      case INCONCLUSIVE -> "❔";
      case NO_BASELINE, NOT_JUDGED -> "⚠️";
    };
  }

  /** {@code +0.01}, {@code -0.1}, {@code ±0}. */
  static String signed(double value) {
    return (value > 0 ? "+" : value < 0 ? "-" : "±") + Numbers.format(Math.abs(value));
  }

  private static Map<String, Object> pair(PairedSeed p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seed", p.key().seed());
    if (p.key().variant() != null) {
      out.put("variant", p.key().variant());
    }
    out.put("baseline", p.baseline());
    out.put("current", p.current());
    out.put("delta", p.delta());
    return out;
  }

  private static List<String> labels(List<SeedKey> keys) {
    return keys.stream().map(SeedKey::seed).toList();
  }

  /** JSON has no infinities: an unbounded side is null. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  static String css(GateOutcome.Status status) {
    return switch (status) {
      case PASSED -> "passed";
      case FAILED -> "failed";
      default -> "no-data";
    };
  }

  static String percent(PairedComparison c) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * c.difference().confidence());
  }
}
