package dev.evalunit.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine needs to run one suite, resolved from defaults, annotations, the config
 * file and properties. Immutable; secrets are held as {@link Secret}.
 *
 * @param suiteName the suite class's fully qualified name
 * @param taskApp where and how to reach the task app
 * @param rollout what every rollout request carries
 * @param variants the policy variants; one unnamed variant when the suite runs no matrix
 * @param seeds the seeds, in run order
 * @param concurrency the most rollouts under way at once
 * @param timeouts connect and per-rollout timeouts
 * @param seedThresholds per-seed requirements
 * @param suiteThresholds whole-suite requirements
 * @param output where results go and what is printed
 * @param configHash a stable hash of the settings that change what a rollout returns
 * @param effective the merged settings, for {@code evalunit.config.print} (secrets masked)
 */
public record SuiteConfig(
    String suiteName,
    TaskAppSettings taskApp,
    RolloutTemplate rollout,
    List<Variant> variants,
    List<SeedSpec> seeds,
    int concurrency,
    Timeouts timeouts,
    SeedThresholds seedThresholds,
    SuiteThresholds suiteThresholds,
    OutputSettings output,
    String configHash,
    Map<String, String> effective) {

  public SuiteConfig {
    variants = List.copyOf(variants);
    seeds = List.copyOf(seeds);
    effective = Map.copyOf(effective);
  }

  /** True when the suite runs a matrix, so the tree has a variant level. */
  public boolean hasVariants() {
    return variants.size() > 1 || variants.get(0).name() != null;
  }

  /**
   * The task app's address and key, and optionally the process that serves it.
   *
   * @param url the base URL, or null when a managed process supplies it
   * @param apiKey the environment key, or null
   * @param process the process to start, or null
   */
  public record TaskAppSettings(String url, Secret apiKey, ProcessSettings process) {}

  /** A task app the engine starts itself; {@code {port}} in the command is the chosen port. */
  public record ProcessSettings(
      List<String> command, Path workingDir, Map<String, String> environment,
      Duration startupTimeout) {

    public ProcessSettings {
      command = List.copyOf(command);
      environment = Map.copyOf(environment);
    }
  }

  /**
   * The request template.
   *
   * @param appId run-id prefix, or null
   * @param envName {@code env.env_name}
   * @param envConfig {@code env.config}
   * @param policyName {@code policy.policy_name}, or null
   * @param policyConfig {@code policy.config} before a variant's overrides
   * @param returnTrace whether to ask for the trace
   * @param traceFormat {@code record.trace_format}
   */
  public record RolloutTemplate(
      String appId, String envName, Map<String, Object> envConfig, String policyName,
      Map<String, Object> policyConfig, boolean returnTrace, String traceFormat) {}

  /**
   * One column of a matrix: a named set of policy-config overrides.
   *
   * @param name the variant's name, or null for the single default variant
   * @param policyConfig entries that replace the template's policy config entries
   */
  public record Variant(String name, Map<String, Object> policyConfig) {

    public static final Variant DEFAULT = new Variant(null, Map.of());

    public String key() {
      return name == null ? "default" : name;
    }
  }

  /** Connect timeout and the whole-rollout (call) timeout. */
  public record Timeouts(Duration connect, Duration rollout) {}

  /** Per-seed requirements; null means not checked. */
  public record SeedThresholds(
      Double minScore, Long maxTokens, Double maxCostUsd, Long maxLatencyMs) {}

  /** Whole-suite requirements; null means not checked. */
  public record SuiteThresholds(
      Double minMeanScore, Double minPassRate, Double maxCostUsd, Long maxTokens) {}

  /** The suite's output folder and whether each seed prints its result line. */
  public record OutputSettings(Path dir, boolean seedLines) {}
}
