package dev.evalunit.engine.report;

import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.SeedResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The synth-ai results table, as {@code format_eval_table} of synth-ai 0.4.4 renders it: columns
 * joined by {@code " | "} and left-justified to the widest cell (counted in code points, as
 * Python's {@code len} and {@code ljust} count), a {@code -+-} rule, {@code -} for unknown
 * values, floats with 4 decimals and trailing zeros stripped ({@code -0} kept), each error cell
 * as {@code r.error or "-"} (whole, line breaks included), and a final {@code avg} row (tokens
 * averaged to a whole number).
 */
public final class ResultsTable {

  private static final List<String> HEADERS = List.of("seed", "score", "reward_mean", "outcome",
      "events", "latency_ms", "verifier", "tokens", "cost_usd", "error");

  private ResultsTable() {}

  public static String render(List<SeedResult> results) {
    List<List<String>> rows = new ArrayList<>();
    for (SeedResult r : results) {
      rows.add(List.of(
          r.cached() ? r.seedKey() + " (cached)" : r.seedKey(),
          Numbers.pythonCell(r.metrics().score()),
          Numbers.pythonCell(r.metrics().rewardMean()),
          Numbers.pythonCell(r.metrics().outcomeScore()),
          Numbers.pythonCell(r.metrics().eventsScore()),
          Numbers.pythonCell(r.latencyMs()),
          Numbers.pythonCell(r.metrics().verifierScore()),
          Numbers.pythonCell(r.metrics().tokens()),
          Numbers.pythonCell(r.metrics().costUsd()),
          r.error() == null || r.error().message() == null || r.error().message().isEmpty()
              ? "-" : r.error().message()));
    }
    Double tokenMean = mean(results, r -> r.metrics().tokens() == null ? null
        : r.metrics().tokens().doubleValue());
    rows.add(List.of(
        "avg",
        Numbers.pythonCell(mean(results, r -> r.metrics().score())),
        Numbers.pythonCell(mean(results, r -> r.metrics().rewardMean())),
        Numbers.pythonCell(mean(results, r -> r.metrics().outcomeScore())),
        Numbers.pythonCell(mean(results, r -> r.metrics().eventsScore())),
        // Replayed seeds were not timed in this run: their latency is left out of the mean.
        Numbers.pythonCell(mean(results, r -> r.cached() ? null : r.latencyMs())),
        Numbers.pythonCell(mean(results, r -> r.metrics().verifierScore())),
        tokenMean == null ? "-" : Long.toString(tokenMean.longValue()),
        Numbers.pythonCell(mean(results, r -> r.metrics().costUsd())),
        "-"));
    int[] widths = HEADERS.stream().mapToInt(String::length).toArray();
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], width(row.get(i)));
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(render(HEADERS, widths)).append('\n');
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    out.append(String.join("-+-", rule));
    for (List<String> row : rows) {
      out.append('\n').append(render(row, widths));
    }
    return out.toString();
  }

  /** Cells left-aligned and space-padded to their column's width (no Formatter per cell). */
  private static String render(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      line.append(i == 0 ? "" : " | ").append(cell);
      for (int pad = width(cell); pad < widths[i]; pad++) {
        line.append(' ');
      }
    }
    return line.toString();
  }

  private static Double mean(List<SeedResult> results, Function<SeedResult, Double> value) {
    double sum = 0;
    int n = 0;
    for (SeedResult r : results) {
      Double v = value.apply(r);
      if (v != null) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  /** Python's {@code len} of a str: code points, not UTF-16 units. */
  private static int width(String cell) {
    return cell.codePointCount(0, cell.length());
  }
}
