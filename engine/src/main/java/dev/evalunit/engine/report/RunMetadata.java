package dev.evalunit.engine.report;

import dev.evalunit.engine.EvalUnitTestEngine;
import dev.evalunit.engine.results.Estimate;
import dev.evalunit.engine.results.SuiteOutcome;
import dev.evalunit.engine.results.SuiteSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestEngine;

/**
 * {@code metadata.json}: what produced a suite's results, so a report can be traced back to the
 * code, engine and settings that made it.
 *
 * <pre>{@code
 * {"suite": "com.acme.Banking77Eval", "engine_version": "0.1.0", "mode": "direct",
 *  "config_hash": "3fa2c1d09b7e4a55", "git_commit": "26d441e0...", "git_branch": "main",
 *  "started_at": "2026-11-23T13:00:00Z", "ended_at": "...", "duration_ms": 8123,
 *  "verdicts": {"default": {"outcome": "failed", "reasons": [...], "pass_rate": 0.8, ...}},
 *  "junit_platform_version": "1.14.4", "java_version": "17.0.15", ...}
 * }</pre>
 */
public final class RunMetadata {

  private RunMetadata() {}

  /**
   * The metadata of a finished suite run.
   *
   * @param mode {@code direct} or {@code backend}
   * @param configHashes the config hash each variant's results were recorded under
   * @param reused how many seeds were taken from an earlier run
   */
  public static Map<String, Object> of(SuiteResults run, String mode,
      Map<String, String> configHashes, int reused, Optional<GitCommit> git) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("suite", run.config().suiteName());
    out.put("engine_version", EvalUnitTestEngine.version());
    out.put("mode", mode);
    if (run.config().inProcess()) {
      // OpenHands' EvalMetadata: agent_class, max_iterations, eval_note, llm_config, dataset.
      out.putAll(run.config().agentMetadata());
    }
    out.put("config_hash", run.config().configHash());
    if (run.config().hasVariants()) {
      out.put("variant_config_hashes", configHashes);
    }
    out.put("git_commit", git.map(GitCommit::commit).orElse(null));
    out.put("git_branch", git.map(GitCommit::branch).orElse(null));
    out.put("started_at", run.startedAt().toString());
    out.put("ended_at", run.endedAt().toString());
    out.put("duration_ms", run.duration().toMillis());
    out.put("seeds", run.variants().stream().mapToInt(v -> v.results().size()).sum());
    out.put("seeds_reused", reused);
    out.put("variants", run.variants().stream().map(v -> v.variant().key()).toList());
    Map<String, Object> verdicts = new LinkedHashMap<>();
    run.variants().forEach(v -> {
      Map<String, Object> verdict = verdict(v.outcome());
      v.baselineGate().ifPresent(gate -> verdict.put("baseline_gate", GateReport.json(gate)));
      verdicts.put(v.variant().key(), verdict);
    });
    out.put("verdicts", verdicts);
    out.put("junit_platform_version", version(TestEngine.class));
    out.put("junit_launcher_version", launcherVersion());
    out.put("java_version", System.getProperty("java.version"));
    out.put("java_vendor", System.getProperty("java.vendor"));
    out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return out;
  }

  /** The outcome as {@code summary.md} and {@code report.html} state it, for tools. */
  private static Map<String, Object> verdict(SuiteOutcome outcome) {
    Map<String, Object> out = new LinkedHashMap<>();
    SuiteSummary s = outcome.summary();
    out.put("outcome", outcome.outcome().label());
    out.put("reasons", outcome.verdict().reasons());
    out.put("stopped", outcome.stopNote().orElse(null));
    out.put("reused_note", outcome.reuse().note());
    out.put("mean_score", s.meanScore());
    out.put("pass_rate", s.passRate());
    out.put("seeds_passed", s.passed());
    out.put("seeds_failed", s.failed());
    out.put("seeds_errored", s.errored());
    out.put("seeds_not_run", s.aborted());
    out.put("seeds_priced", s.pricedSeeds());
    out.put("total_cost_usd", s.totalCostUsd());
    out.put("seeds_cached", s.cachedSeeds());
    out.put("saved_cost_usd", s.savedCostUsd());
    out.put("spent_cost_usd", s.spentCostUsd());
    out.put("intervals", outcome.verdict().estimates().stream().map(RunMetadata::interval)
        .toList());
    return out;
  }

  /** Strict JSON: an unbounded side is null, never Infinity. */
  private static Map<String, Object> interval(Estimate e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("metric", e.metric());
    out.put("estimate", Double.isFinite(e.interval().estimate()) ? e.interval().estimate() : null);
    out.put("lower", Double.isFinite(e.interval().lower()) ? e.interval().lower() : null);
    out.put("upper", Double.isFinite(e.interval().upper()) ? e.interval().upper() : null);
    out.put("confidence", e.interval().confidence());
    out.put("seeds", e.interval().n());
    out.put("method", e.interval().method());
    out.put("threshold", e.threshold());
    out.put("decision", e.decision() == null ? null : e.decision().name().toLowerCase(
        java.util.Locale.ROOT));
    out.put("seeds_to_decide", e.hint() == null ? null : e.hint().seeds());
    return out;
  }

  /** The text of {@code metadata.json}. */
  public static String json(Map<String, Object> metadata) {
    return PythonJson.write(metadata) + "\n";
  }

  /** The launcher that runs the engine may be newer than the API it was compiled against. */
  private static String launcherVersion() {
    try {
      return version(Class.forName("org.junit.platform.launcher.Launcher", false,
          RunMetadata.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError absent) {
      return null;
    }
  }

  private static String version(Class<?> type) {
    Package pkg = type.getPackage();
    return pkg == null ? null : pkg.getImplementationVersion();
  }
}
