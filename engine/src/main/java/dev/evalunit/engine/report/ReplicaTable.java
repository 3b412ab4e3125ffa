package dev.evalunit.engine.report;

import dev.evalunit.engine.replicas.ReplicaStats;
import dev.evalunit.engine.results.SeedResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rollouts and errors per replica of a task-app pool, as every report shows them: the attempts
 * each replica was sent and how many failed (from the pool), and the seeds whose last attempt
 * it answered and how many of those errored (from the results). Empty without a pool.
 *
 * <pre>{@code
 * List<ReplicaTable.Row> rows = ReplicaTable.rows(run.replicas(), allResults);
 * }</pre>
 */
final class ReplicaTable {

  /**
   * One replica's line.
   *
   * @param url the replica's base URL
   * @param attempts rollout attempts sent to it (null when only results are known)
   * @param failedAttempts attempts that failed there (null when only results are known)
   * @param seeds seeds whose last attempt went to it
   * @param seedsErrored of those, the seeds that ended errored
   * @param timesTakenOut how often it was taken out of the pool
   */
  record Row(String url, Long attempts, Long failedAttempts, int seeds, int seedsErrored,
      int timesTakenOut) {}

  private ReplicaTable() {}

  /** The pool's replicas in its order (or, without pool figures, those the results name). */
  static List<Row> rows(List<ReplicaStats> pool, List<SeedResult> results) {
    Map<String, int[]> bySeed = new LinkedHashMap<>();
    for (SeedResult r : results) {
      if (r.replica() != null && !r.reused()) {
        int[] counts = bySeed.computeIfAbsent(r.replica(), k -> new int[2]);
        counts[0]++;
        if (r.status() == SeedResult.Status.ERRORED) {
          counts[1]++;
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (ReplicaStats s : pool) {
      int[] counts = bySeed.getOrDefault(s.url(), new int[2]);
      rows.add(new Row(s.url(), s.attempts(), s.failedAttempts(), counts[0], counts[1],
          s.timesTakenOut()));
    }
    if (pool.isEmpty()) {
      bySeed.forEach((url, counts) -> rows.add(new Row(url, null, null, counts[0], counts[1], 0)));
    }
    return rows;
  }

  /** The {@code replicas} member of report.json: seeds and errored seeds per replica. */
  static List<Map<String, Object>> json(List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row row : rows) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("url", row.url());
      entry.put("seeds", row.seeds());
      entry.put("errored", row.seedsErrored());
      out.add(entry);
    }
    return out;
  }

  /** A Markdown table for summary.md, or "" without a pool. */
  static String markdown(List<Row> rows) {
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("\n| replica | attempts | failed attempts | seeds "
        + "| seeds errored | taken out |\n|---|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      md.append("| ").append(row.url()).append(" | ").append(text(row.attempts()))
          .append(" | ").append(text(row.failedAttempts())).append(" | ").append(row.seeds())
          .append(" | ").append(row.seedsErrored()).append(" | ").append(row.timesTakenOut())
          .append(" |\n");
    }
    return md.toString();
  }

  static String text(Long n) {
    return n == null ? "-" : Long.toString(n);
  }
}
