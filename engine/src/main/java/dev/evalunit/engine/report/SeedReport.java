package dev.evalunit.engine.report;

import dev.evalunit.engine.results.Estimate;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SuiteOutcome;
import dev.evalunit.engine.results.SuiteSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-seed and per-suite numbers as JUnit report entries and as the one line printed to the
 * test's standard output (Surefire drops report entries but keeps {@code <system-out>}). Unknown
 * values are left out, never written as 0.
 */
public final class SeedReport {

  private SeedReport() {}

  public static Map<String, String> entries(SeedResult r) {
    Map<String, String> entries = new LinkedHashMap<>();
    put(entries, "score", r.metrics().score());
    put(entries, "reward_mean", r.metrics().rewardMean());
    put(entries, "outcome_score", r.metrics().outcomeScore());
    put(entries, "events_score", r.metrics().eventsScore());
    put(entries, "latency_ms", r.latencyMs());
    put(entries, "verifier_score", r.metrics().verifierScore());
    put(entries, "tokens", r.metrics().tokens());
    if (r.metrics().costUsd() != null) {
      entries.put("cost_usd", Numbers.significant(r.metrics().costUsd()));
    }
    if (r.runId() != null) {
      entries.put("run_id", r.runId());
    }
    if (r.attempts() > 1) {
      entries.put("attempts", Integer.toString(r.attempts()));
    }
    if (r.tracePath() != null) {
      entries.put("trace", r.tracePath());
    }
    if (r.reused()) {
      entries.put("reused", "true");
    }
    if (r.cached()) {
      entries.put("cached", "true");
    }
    return entries;
  }

  /**
   * A seed's epochs, for a seed run more than once (empty otherwise): {@code epochs=3},
   * {@code epoch_scores=1, 0, 1} (an epoch without a score as its status), {@code reducer=mean}
   * (the reduced value is the seed's {@code score}) and {@code epochs_disagree=0.667} (the share
   * of epoch pairs that disagree on pass or fail).
   */
  public static Map<String, String> epochEntries(JudgedSeed seed, String reducer) {
    Map<String, String> entries = new LinkedHashMap<>();
    if (!seed.repeated()) {
      return entries;
    }
    entries.put("epochs", Integer.toString(seed.epochs().size()));
    entries.put("epoch_scores", seed.epochs().stream()
        .map(r -> r.completed() && r.metrics().score() != null
            ? Numbers.format(r.metrics().score())
            : r.status().name().toLowerCase(java.util.Locale.ROOT))
        .collect(java.util.stream.Collectors.joining(", ")));
    entries.put("reducer", reducer);
    if (seed.flakiness() != null) {
      entries.put("epochs_disagree", Numbers.format(seed.flakiness().disagreement()));
    }
    return entries;
  }

  /**
   * The outcome's aggregates, then why it stopped early and which results it reused, if so:
   * the verdict test's report entries and its printed line.
   */
  public static Map<String, String> entries(SuiteOutcome outcome) {
    Map<String, String> entries = entries(outcome.summary());
    outcome.stopNote().ifPresent(note -> entries.put("stopped", outcome.stop().reason()));
    if (outcome.reuse().results() > 0) {
      entries.put("seeds_reused", Integer.toString(outcome.reuse().results()));
    }
    for (Estimate e : outcome.verdict().estimates()) {
      entries.put(e.key(), e.range());
      entries.put("ci_level", Numbers.format(e.interval().confidence()));
      if (e.hint() != null) {
        entries.put(e.metric().replace(' ', '_') + "_seeds_to_decide",
            Long.toString(e.hint().seeds()));
      }
    }
    return entries;
  }

  public static Map<String, String> entries(SuiteSummary s) {
    Map<String, String> entries = new LinkedHashMap<>();
    put(entries, "mean_score", s.meanScore());
    put(entries, "pass_rate", s.passRate());
    put(entries, "total_tokens", s.totalTokens());
    if (s.totalCostUsd() != null) {
      entries.put("total_cost_usd", Numbers.significant(s.totalCostUsd()));
    }
    if (s.cachedSeeds() > 0) {
      entries.put("seeds_cached", Integer.toString(s.cachedSeeds()));
      if (s.savedCostUsd() != null) {
        entries.put("saved_cost_usd", Numbers.significant(s.savedCostUsd()));
      }
    }
    put(entries, "mean_latency_ms", s.meanLatencyMs());
    put(entries, "p95_latency_ms", s.p95LatencyMs());
    entries.put("seeds", Integer.toString(s.seeds()));
    entries.put("seeds_ok", Integer.toString(s.passed()));
    entries.put("seeds_failed", Integer.toString(s.failed()));
    entries.put("seeds_errored", Integer.toString(s.errored()));
    entries.put("seeds_not_run", Integer.toString(s.aborted()));
    entries.put("seeds_priced", Integer.toString(s.pricedSeeds()));
    return entries;
  }

  /** {@code [evalunit] seed 17: score=1 tokens=936 latency_ms=412.5 run_id=...}. */
  public static String line(String label, Map<String, String> entries) {
    StringBuilder line = new StringBuilder("[evalunit] ").append(label).append(':');
    entries.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    return line.toString();
  }

  private static void put(Map<String, String> entries, String key, Number value) {
    if (value != null) {
      entries.put(key, Numbers.format(value));
    }
  }
}
