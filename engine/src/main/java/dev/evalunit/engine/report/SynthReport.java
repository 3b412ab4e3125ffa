package dev.evalunit.engine.report;

import dev.evalunit.engine.baseline.GateOutcome;
import dev.evalunit.engine.config.SecretRedactor;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.SeedResult;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json} and {@code report.txt} in the formats the synth-ai 0.4.4 eval command
 * writes ({@code --output-json}, {@code --output-txt}), so existing tooling that reads those
 * files reads ours. Secrets in the policy config are written as {@code ***}.
 *
 * <pre>{@code
 * {"config": {"app_id", "task_app_url", "env_name", "policy_name", "policy_config", "seeds",
 *             "ops": [], "concurrency"},
 *  "results": [{"seed", "score", "mean_return", "outcome_score", "events_score", "latency_ms",
 *               "verifier_score", "tokens", "cost_usd", "error"}, ...]}
 * }</pre>
 */
public final class SynthReport {

  private SynthReport() {}

  /** The text of {@code report.json} (no trailing newline, like synth-ai's). */
  public static String json(SuiteConfig config, Variant variant, String taskAppUrl,
      List<SeedResult> results) {
    return json(config, variant, taskAppUrl, results, List.of(), null);
  }

  /**
   * As {@link #json(SuiteConfig, Variant, String, List)}, with the variant's baseline gate as an
   * additive {@code baseline_gate} object after {@code results} (synth-ai readers ignore it).
   */
  public static String json(SuiteConfig config, Variant variant, String taskAppUrl,
      List<SeedResult> results, GateOutcome gate) {
    return json(config, variant, taskAppUrl, results, List.of(), gate);
  }

  /**
   * The text of {@code report.json}, each row of a seed run more than once with an additive
   * {@code epochs} object (synth-ai's readers ignore it): {@code {"count": 3, "reducer": "mean",
   * "scores": [1, 0, 1], "run_ids": [...], "passes": 2, "disagreement": 0.667}}, the row's
   * {@code score} being the reduced value; {@code config} then carries {@code epochs} and
   * {@code epoch_reducer}. The baseline gate, when there is one, follows as
   * {@code baseline_gate}.
   *
   * @param seeds the judged seeds, whose epochs are listed for those that repeated
   * @param gate the variant's baseline gate, or null
   */
  public static String json(SuiteConfig config, Variant variant, String taskAppUrl,
      List<SeedResult> results, List<JudgedSeed> seeds, GateOutcome gate) {
    Map<String, JudgedSeed> repeated = new HashMap<>();
    seeds.stream().filter(JudgedSeed::repeated)
        .forEach(s -> repeated.put(s.result().seedKey(), s));
    Map<String, Object> report = new LinkedHashMap<>();
    Map<String, Object> configObject = config(config, variant, taskAppUrl, results, true);
    if (config.epochs().repeated()) {
      configObject.put("epochs", config.epochs().count());
      configObject.put("epoch_reducer", config.epochs().reducer().name());
    }
    report.put("config", configObject);
    report.put("results", bySeed(results).stream().map(r -> {
      Map<String, Object> row = row(r);
      JudgedSeed seed = repeated.get(r.seedKey());
      if (seed != null) {
        row.put("epochs", epochs(seed, config.epochs().reducer().name()));
      }
      return row;
    }).toList());
    if (gate != null) {
      report.put("baseline_gate", GateReport.json(gate));
    }
    List<ReplicaTable.Row> replicas = ReplicaTable.rows(List.of(), results);
    if (!replicas.isEmpty()) {
      // Not in synth-ai's report: seeds and errored seeds per replica of a task-app pool.
      report.put("replicas", ReplicaTable.json(replicas));
    }
    return PythonJson.write(report);
  }

  /** A repeated seed's {@code epochs} object; an epoch without a score has a null score. */
  private static Map<String, Object> epochs(JudgedSeed seed, String reducer) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", seed.epochs().size());
    out.put("reducer", reducer);
    out.put("scores", seed.epochs().stream().map(r -> r.metrics().score()).toList());
    out.put("run_ids", seed.epochs().stream().map(SeedResult::runId).toList());
    out.put("statuses", seed.epochs().stream()
        .map(r -> r.status().name().toLowerCase(java.util.Locale.ROOT)).toList());
    out.put("passes", seed.flakiness() == null ? null : seed.flakiness().passes());
    out.put("disagreement", seed.flakiness() == null ? null : seed.flakiness().disagreement());
    return out;
  }

  /** The text of {@code report.txt}: the run's config as JSON, then the results table. */
  public static String text(SuiteConfig config, Variant variant, String taskAppUrl,
      List<SeedResult> results) {
    return "Eval config\n" + PythonJson.write(config(config, variant, taskAppUrl, results, false))
        + "\n\nResults\n" + ResultsTable.render(bySeed(results)) + "\n";
  }

  /**
   * Rows sorted by seed, as run_eval returns them ({@code results.sort(key=lambda item:
   * item.seed)}); the config's {@code seeds} stay in the order they ran.
   */
  static List<SeedResult> bySeed(List<SeedResult> results) {
    return results.stream().sorted(Comparator.comparingLong(SeedResult::seed)).toList();
  }

  /**
   * The {@code config} object. synth-ai's JSON report carries {@code ops} (always {@code []}
   * for eval runs); its text report does not.
   */
  static Map<String, Object> config(SuiteConfig config, Variant variant, String taskAppUrl,
      List<SeedResult> results, boolean withOps) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("app_id", config.rollout().appId());
    out.put("task_app_url", taskAppUrl);
    out.put("env_name", config.rollout().envName());
    out.put("policy_name", config.rollout().policyName());
    out.put("policy_config", policyConfig(config, variant));
    out.put("seeds", results.stream().map(SeedResult::seed).toList());
    if (withOps) {
      out.put("ops", List.of());
    }
    out.put("concurrency", config.concurrency());
    return out;
  }

  /** The policy config a variant's rollouts were sent, with secret entries masked. */
  public static Map<String, Object> policyConfig(SuiteConfig config, Variant variant) {
    Map<String, Object> merged = new LinkedHashMap<>(config.rollout().policyConfig());
    merged.putAll(variant.policyConfig());
    return SecretRedactor.maskSecretKeys(merged);
  }

  /** One result row; numbers a rollout did not report stay null, errors keep only the message. */
  static Map<String, Object> row(SeedResult r) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("seed", r.seed());
    row.put("score", r.metrics().score());
    row.put("mean_return", r.metrics().rewardMean());
    row.put("outcome_score", r.metrics().outcomeScore());
    row.put("events_score", r.metrics().eventsScore());
    row.put("latency_ms", r.latencyMs());
    row.put("verifier_score", r.metrics().verifierScore());
    row.put("tokens", r.metrics().tokens());
    row.put("cost_usd", r.metrics().costUsd());
    row.put("error", r.error() == null ? null : r.error().message());
    if (r.cached()) {
      row.put("cached", true); // only then: a run without the cache stays synth-ai's format
    }
    return row;
  }
}
