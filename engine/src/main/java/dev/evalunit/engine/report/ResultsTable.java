package dev.evalunit.engine.report;

import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.SeedResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The synth-ai results table: columns joined by {@code " | "} and padded, a {@code -+-} rule,
 * {@code -} for unknown values, floats with 4 decimals and trailing zeros stripped, and a final
 * {@code avg} row (tokens averaged to a whole number).
 */
public final class ResultsTable {

  private static final List<String> HEADERS = List.of("seed", "score", "mean_return", "outcome",
      "events", "latency_ms", "verifier", "tokens", "cost_usd", "error");

  private ResultsTable() {}

  public static String render(List<SeedResult> results) {
    List<List<String>> rows = new ArrayList<>();
    for (SeedResult r : results) {
      rows.add(List.of(
          r.seedKey(),
          Numbers.format(r.metrics().score()),
          Numbers.format(r.metrics().rewardMean()),
          Numbers.format(r.metrics().outcomeScore()),
          Numbers.format(r.metrics().eventsScore()),
          Numbers.format(r.latencyMs()),
          Numbers.format(r.metrics().verifierScore()),
          Numbers.format(r.metrics().tokens()),
          Numbers.format(r.metrics().costUsd()),
          r.error() == null ? "-" : oneLine(r.error().message())));
    }
    Double tokenMean = mean(results, r -> r.metrics().tokens() == null ? null
        : r.metrics().tokens().doubleValue());
    rows.add(List.of(
        "avg",
        Numbers.format(mean(results, r -> r.metrics().score())),
        Numbers.format(mean(results, r -> r.metrics().rewardMean())),
        Numbers.format(mean(results, r -> r.metrics().outcomeScore())),
        Numbers.format(mean(results, r -> r.metrics().eventsScore())),
        Numbers.format(mean(results, SeedResult::latencyMs)),
        Numbers.format(mean(results, r -> r.metrics().verifierScore())),
        tokenMean == null ? "-" : Long.toString(tokenMean.longValue()),
        Numbers.format(mean(results, r -> r.metrics().costUsd())),
        "-"));
    int[] widths = HEADERS.stream().mapToInt(String::length).toArray();
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
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
      for (int pad = cell.length(); pad < widths[i]; pad++) {
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

  private static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ");
    return line.length() > 120 ? line.substring(0, 117) + "..." : line;
  }
}
