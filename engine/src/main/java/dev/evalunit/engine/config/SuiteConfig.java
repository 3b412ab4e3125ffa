package dev.evalunit.engine.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import dev.evalunit.engine.pricing.PriceTable;
import dev.evalunit.engine.statistics.EpochReducer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * @param configHash a stable hash of the settings that change what any rollout of the suite
 *     returns (all variants); see {@link #configHash(Variant)} for one variant's
 * @param effective the merged settings, for {@code evalunit.config.print} (secrets masked)
 * @param reliability retries, the suite deadline, budgets and error tolerance
 * @param redactor every secret value the suite's configuration holds (sent or not), to replace
 *     wherever it appears in text the engine writes
 * @param backendUrl the suite's own backend URL (TOML {@code backend_url}), or null
 * @param prices the price table that prices seeds reporting tokens but no cost
 * @param seedsFromTaskInfo set when the task app names the seeds at run time (then {@code seeds}
 *     is empty), else null
 * @param cache {@code cache.*}: whether rollouts are replayed from and recorded to a cache
 * @param baseline the baseline regression gate and the baseline write
 * @param epochs how many times each seed rolls out, and how its epochs reduce to its value
 * @param agent the in-process rollout method and its settings, or null when rollouts go to a
 *     task app
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
    Map<String, String> effective,
    Reliability reliability,
    SecretRedactor redactor,
    String backendUrl,
    PriceTable prices,
    SeedsFromTaskInfo seedsFromTaskInfo,
    CacheSettings cache,
    BaselineSettings baseline,
    Epochs epochs,
    AgentRollout agent) {

  public SuiteConfig {
    java.util.Objects.requireNonNull(epochs, "epochs");
    variants = List.copyOf(variants);
    seeds = seeds instanceof SeedRange ? seeds : List.copyOf(seeds); // a range is immutable
    // Printed by config.print in this order; Map.copyOf would shuffle it per JVM.
    effective = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(effective));
  }

  /** True when the seeds are learned from the task app's {@code /task_info} as the suite starts. */
  public boolean seedsAtRunTime() {
    return seedsFromTaskInfo != null;
  }

  /** True when the suite runs a matrix, so the tree has a variant level. */
  public boolean hasVariants() {
    return variants.size() > 1 || variants.get(0).name() != null;
  }

  /** The {@code policy.config} sent for {@code variant}: the template's, then the variant's. */
  public Map<String, Object> policyConfig(Variant variant) {
    Map<String, Object> config = new LinkedHashMap<>(rollout.policyConfig());
    config.putAll(variant.policyConfig());
    return config;
  }

  /**
   * {@link #policyConfig(Variant)} with secret-named entries shown as {@code ***}: the view for
   * reports, logs and files.
   */
  public Map<String, Object> redactedPolicyConfig(Variant variant) {
    return SecretRedactor.maskSecretKeys(policyConfig(variant));
  }

  /**
   * A stable hash of what decides the results of {@code variant}'s rollouts (env, env config,
   * policy name and config, trace format; secrets excluded), so a resumed run reuses a variant's
   * earlier results only while that variant's config is unchanged.
   */
  public String configHash(Variant variant) {
    return configHash(rollout, variant);
  }

  private static String configHash(RolloutTemplate rollout, Variant variant) {
    Map<String, Object> policyConfig = new LinkedHashMap<>(rollout.policyConfig());
    policyConfig.putAll(variant.policyConfig());
    return hash(List.of(rollout.hashInput(),
        new TreeMap<>(SecretRedactor.maskSecretKeys(policyConfig))));
  }

  /** The suite's hash: its one variant's, or a hash over every variant's. */
  static String configHash(RolloutTemplate rollout, List<Variant> variants) {
    List<String> hashes = variants.stream().map(v -> configHash(rollout, v)).toList();
    return hashes.size() == 1 ? hashes.get(0) : hash(hashes);
  }

  private static String hash(Object canonical) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(String.valueOf(canonical).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * For metadata.json of an in-process suite: {@link AgentRollout#metadata(Variant)}, with a map
   * of every variant's masked LLM config by variant when the suite runs a matrix.
   */
  public Map<String, Object> agentMetadata() {
    Map<String, Object> metadata = new LinkedHashMap<>(agent.metadata(variants.get(0)));
    if (hasVariants()) {
      Map<String, Object> llm = new LinkedHashMap<>();
      variants.forEach(v -> llm.put(v.key(), agent.maskedLlm(v)));
      metadata.put("llm_config", llm);
    }
    return metadata;
  }

  /** True when the suite's rollouts run a {@code @Rollout} method in process. */
  public boolean inProcess() {
    return agent != null;
  }

  /**
   * A suite whose rollout is a Java method ({@code @Rollout}) instead of a task app.
   *
   * @param suiteClass the suite class, instantiated once for the suite
   * @param method the rollout method ({@code EvalOutput m(instance, AgentContext)})
   * @param maxIterations {@code agent.maxIterations}
   * @param agentClass metadata.json's {@code agent_class}
   * @param evalNote {@code agent.evalNote}, or null
   * @param retryOn the exception types retried
   * @param simulatedUser the user's simulated-user class, or null for the engine's default
   * @param llmSections each variant's LLM section by variant key, OpenHands key names, secrets
   *     included (never printed: see {@link #maskedLlm(Variant)})
   * @param dataset the dataset file, or null
   */
  public record AgentRollout(Class<?> suiteClass, java.lang.reflect.Method method,
      int maxIterations, String agentClass, String evalNote,
      List<Class<? extends Throwable>> retryOn, Class<?> simulatedUser,
      Map<String, Map<String, Object>> llmSections, String dataset) {

    public AgentRollout {
      retryOn = List.copyOf(retryOn);
      Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
      llmSections.forEach((k, v) -> sections.put(k,
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
      llmSections = java.util.Collections.unmodifiableMap(sections);
    }

    /** The LLM section of {@code variant} (secrets included): the agent's own config. */
    public Map<String, Object> llm(Variant variant) {
      return llmSections.getOrDefault(variant.key(), Map.of());
    }

    /** The LLM section of {@code variant} with secret-named entries shown as {@code ***}. */
    public Map<String, Object> maskedLlm(Variant variant) {
      return SecretRedactor.maskSecretKeys(llm(variant));
    }

    /**
     * OpenHands' {@code EvalMetadata} of {@code variant}: agent class, max iterations, eval note,
     * the masked LLM config and the dataset, for {@code output.jsonl} and metadata.json.
     */
    public Map<String, Object> metadata(Variant variant) {
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("agent_class", agentClass);
      metadata.put("max_iterations", maxIterations);
      metadata.put("eval_note", evalNote);
      metadata.put("llm_config", maskedLlm(variant));
      metadata.put("dataset", dataset);
      return metadata;
    }

    /** The LLM section's name: {@code llm} without a matrix, else the variant's. */
    public static String llmName(Variant variant) {
      return variant.name() == null ? "llm" : variant.name();
    }
  }

  /**
   * The task app's address and key, and optionally the process that serves it.
   *
   * @param url the base URL, or null when a managed process supplies it
   * @param apiKey the environment key, or null
   * @param process the process to start, or null
   * @param replicaConcurrency the most rollouts in flight on one replica, or 0 for no limit
   *     but the suite's concurrency
   */
  public record TaskAppSettings(String url, Secret apiKey, ProcessSettings process,
      int replicaConcurrency) {

    /** The base URLs: one, or several (a replica pool); empty when a managed process serves. */
    public List<String> urls() {
      return url == null ? List.of() : List.of(url.split(","));
    }
  }

  /**
   * A task app the engine starts itself; {@code {port}} in the command is the chosen port.
   * With {@code replicas} above 1 it starts that many processes, each on its own port.
   */
  public record ProcessSettings(
      List<String> command, Path workingDir, Map<String, String> environment,
      Duration startupTimeout, int replicas) {

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
   * @param mode the request's {@code mode}: {@code eval} or {@code rl}
   */
  public record RolloutTemplate(
      String appId, String envName, Map<String, Object> envConfig, String policyName,
      Map<String, Object> policyConfig, boolean returnTrace, String traceFormat, String mode) {

    /** The {@code mode} runner.py sends when the config has none. */
    public static final String DEFAULT_MODE = "eval";

    /** {@link #policyConfig()} with secret-named entries shown as {@code ***}. */
    public Map<String, Object> redactedPolicyConfig() {
      return SecretRedactor.maskSecretKeys(policyConfig);
    }

    /** {@link #envConfig()} with secret-named entries shown as {@code ***}. */
    public Map<String, Object> redactedEnvConfig() {
      return SecretRedactor.maskSecretKeys(envConfig);
    }

    /** The template's part of a config hash (policy config excluded: it varies by variant). */
    Map<String, Object> hashInput() {
      Map<String, Object> canonical = new TreeMap<>();
      canonical.put("env", envName);
      canonical.put("envConfig", new TreeMap<>(redactedEnvConfig()));
      canonical.put("policyName", String.valueOf(policyName));
      canonical.put("traceFormat", traceFormat);
      // Only a non-default mode joins the hash, so earlier runs stay resumable.
      if (!DEFAULT_MODE.equals(mode)) {
        canonical.put("mode", mode);
      }
      return canonical;
    }
  }

  /**
   * One column of a matrix: a named set of policy-config overrides.
   *
   * @param name the variant's name (an LLM config name), or null for the single default variant
   * @param policyConfig entries that replace the template's policy config entries (for LLM
   *     config variants: the variant's whole policy config)
   */
  public record Variant(String name, Map<String, Object> policyConfig) {

    public static final Variant DEFAULT = new Variant(null, Map.of());

    public Variant {
      policyConfig = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(policyConfig));
    }

    /** {@link #policyConfig()} with secret-named entries shown as {@code ***}. */
    public Map<String, Object> redactedPolicyConfig() {
      return SecretRedactor.maskSecretKeys(policyConfig);
    }

    public String key() {
      return name == null ? "default" : name;
    }
  }

  /**
   * How long and how much one call to the task app may take.
   *
   * @param connect {@code timeout.connect}
   * @param rollout {@code timeout.rollout}: the whole rollout, retries included
   * @param readIdle {@code timeout.readIdle}: the longest pause between two reads of a reply,
   *     zero for none
   * @param maxResponseBytes {@code response.maxBytes}: the largest reply body read
   * @param attempt {@code timeout.attempt}: when one attempt is cut as hung
   */
  public record Timeouts(Duration connect, Duration rollout, Duration readIdle,
      long maxResponseBytes, AttemptTimeout attempt) {

    /** 64 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L << 20;

    /** Connect and rollout timeouts with no read-idle limit and the default size limit. */
    public Timeouts(Duration connect, Duration rollout) {
      this(connect, rollout, Duration.ZERO, DEFAULT_MAX_RESPONSE_BYTES, AttemptTimeout.ADAPTIVE);
    }

    public Timeouts withAttempt(AttemptTimeout attempt) {
      return new Timeouts(connect, rollout, readIdle, maxResponseBytes, attempt);
    }
  }

  /**
   * {@code timeout.attempt}: how long one attempt of a rollout may run before it is cut as hung
   * and retried. {@link #ADAPTIVE} derives the cut from the suite's recent call times,
   * {@link #OFF} never cuts, {@link #fixed} cuts at a set duration. Whatever the mode, an
   * attempt is cut only when a retry still fits before {@code timeout.rollout}.
   *
   * <pre>{@code
   * AttemptTimeout.fixed(Duration.ofSeconds(90));
   * }</pre>
   *
   * @param cutAfter the fixed cut, or null (adaptive or off)
   * @param enabled false for {@code off}
   */
  public record AttemptTimeout(Duration cutAfter, boolean enabled) {
    /** Cut at a multiple of the recent 99th percentile (the default). */
    public static final AttemptTimeout ADAPTIVE = new AttemptTimeout(null, true);
    /** Never cut: an attempt runs until it ends or the rollout's deadline. */
    public static final AttemptTimeout OFF = new AttemptTimeout(null, false);

    public static AttemptTimeout fixed(Duration cutAfter) {
      return new AttemptTimeout(cutAfter, true);
    }

    public boolean adaptive() {
      return enabled && cutAfter == null;
    }
  }

  /**
   * Repeats of every seed ({@code epochs}, {@code epochs.reducer}).
   *
   * <pre>{@code
   * new Epochs(5, EpochReducer.parse("pass@1"))   // 5 rollouts per seed, judged by pass@1
   * }</pre>
   *
   * @param count how many times each seed rolls out, at least 1
   * @param reducer how the epochs' scores reduce to the seed's value; it needs at most
   *     {@code count} epochs
   */
  public record Epochs(int count, EpochReducer reducer) {

    /** One rollout per seed, its score the seed's value. */
    public static final Epochs ONE = new Epochs(1, EpochReducer.DEFAULT);

    public Epochs {
      java.util.Objects.requireNonNull(reducer, "reducer");
      if (count < 1 || reducer.minEpochs() > count) {
        throw new IllegalArgumentException("epochs = " + count + " with reducer "
            + reducer.name() + ": need at least max(1, " + reducer.minEpochs() + ") epochs");
      }
    }

    /** True when seeds roll out more than once. */
    public boolean repeated() {
      return count > 1;
    }

    /**
     * The score at which one epoch passes, for the pass-counting reducers and flakiness: the
     * per-seed minimum score, or 1 without one.
     */
    public static double passScore(SeedThresholds thresholds) {
      return thresholds.minScore() == null ? 1 : thresholds.minScore();
    }
  }

  /** Per-seed requirements; null means not checked. */
  public record SeedThresholds(
      Double minScore, Long maxTokens, Double maxCostUsd, Long maxLatencyMs,
      boolean allowUnpriced) {

    /** Thresholds under which a seed of unknown cost misses {@code maxCostUsd}. */
    public SeedThresholds(Double minScore, Long maxTokens, Double maxCostUsd, Long maxLatencyMs) {
      this(minScore, maxTokens, maxCostUsd, maxLatencyMs, false);
    }
  }

  /**
   * Whole-suite requirements; a null threshold is not checked. Build with {@link #of} and the
   * withers.
   *
   * @param minMeanScore {@code suite.meanScore}
   * @param minPassRate {@code suite.passRate}
   * @param maxCostUsd {@code suite.maxCostUsd}: total known cost
   * @param maxTokens {@code suite.maxTokens}
   * @param maxP95LatencyMs {@code suite.maxP95LatencyMs}: 95th percentile latency
   * @param maxMeanLatencyMs {@code suite.maxMeanLatencyMs}
   * @param maxCostPerSeedUsd {@code suite.maxCostPerSeedUsd}: known cost per priced seed
   * @param confidence {@code suite.confidence}: judge mean score and pass rate by the bounds of
   *     an interval at this level (e.g. 0.95), or null for the point comparison
   * @param clusterField {@code suite.clusterField}: the dataset field whose rows are scored as
   *     one cluster in the mean-score interval, or null
   * @param inconclusiveFails {@code suite.inconclusiveFails}: an inconclusive verdict fails the
   *     test instead of aborting it
   * @param allowUnpriced {@code cost.allowUnpriced}: cost thresholds judge the priced seeds only
   *     instead of failing when a seed's cost is unknown
   */
  public record SuiteThresholds(
      Double minMeanScore, Double minPassRate, Double maxCostUsd, Long maxTokens,
      Long maxP95LatencyMs, Long maxMeanLatencyMs, Double maxCostPerSeedUsd,
      Double confidence, String clusterField, boolean inconclusiveFails, boolean allowUnpriced) {

    public static final SuiteThresholds NONE = of(null, null, null, null);

    /** The classic four thresholds, judged by point comparison; the rest unset. */
    public static SuiteThresholds of(Double minMeanScore, Double minPassRate, Double maxCostUsd,
        Long maxTokens) {
      return new SuiteThresholds(minMeanScore, minPassRate, maxCostUsd, maxTokens, null, null,
          null, null, null, false, false);
    }

    public SuiteThresholds withLatency(Long maxP95LatencyMs, Long maxMeanLatencyMs) {
      return new SuiteThresholds(minMeanScore, minPassRate, maxCostUsd, maxTokens,
          maxP95LatencyMs, maxMeanLatencyMs, maxCostPerSeedUsd, confidence, clusterField,
          inconclusiveFails, allowUnpriced);
    }

    /** The cost per priced seed, and whether cost thresholds judge the priced seeds only. */
    public SuiteThresholds withCost(Double maxCostPerSeedUsd, boolean allowUnpriced) {
      return new SuiteThresholds(minMeanScore, minPassRate, maxCostUsd, maxTokens,
          maxP95LatencyMs, maxMeanLatencyMs, maxCostPerSeedUsd, confidence, clusterField,
          inconclusiveFails, allowUnpriced);
    }

    /** Confidence-bound judging of mean score and pass rate. */
    public SuiteThresholds withConfidence(Double confidence, String clusterField,
        boolean inconclusiveFails) {
      return new SuiteThresholds(minMeanScore, minPassRate, maxCostUsd, maxTokens,
          maxP95LatencyMs, maxMeanLatencyMs, maxCostPerSeedUsd, confidence, clusterField,
          inconclusiveFails, allowUnpriced);
    }

  }

  /**
   * {@code cache.*}: record and replay of rollouts (docs/cache.md). Not part of the config hash:
   * a replayed run and the run it replays have the same hash.
   *
   * <pre>{@code
   * new CacheSettings(CacheMode.STRICT, Path.of("evalunit-cache"), "4b825dc6");
   * }</pre>
   *
   * @param mode {@code cache.mode}
   * @param dir {@code cache.dir}, resolved against the working directory
   * @param agentVersion {@code cache.agentVersion}, or null when not given
   */
  public record CacheSettings(CacheMode mode, Path dir, String agentVersion) {

    /** No cache: every rollout is sent, nothing is recorded. */
    public static CacheSettings off(Path dir) {
      return new CacheSettings(CacheMode.OFF, dir, null);
    }
  }

  /** {@code cache.mode}: what the cache is read for and written with. */
  public enum CacheMode {
    /** Every rollout is sent; nothing is read or recorded (the default). */
    OFF("off"),
    /** Recorded seeds are replayed; the others are sent and not recorded. */
    READ("read"),
    /** Every rollout is sent; completed ones are recorded. */
    WRITE("write"),
    /** Recorded seeds are replayed; the others are sent and recorded. */
    READ_WRITE("read-write"),
    /** Recorded seeds are replayed; a seed without a recording is a seed error, never sent. */
    STRICT("strict");

    private final String value;

    CacheMode(String value) {
      this.value = value;
    }

    /** The mode a {@code cache.mode} value names (already checked against the registry). */
    public static CacheMode of(String value) {
      for (CacheMode mode : values()) {
        if (mode.value.equals(value)) {
          return mode;
        }
      }
      throw new IllegalArgumentException("unknown cache mode " + value);
    }

    /** The {@code cache.mode} value. */
    public String value() {
      return value;
    }

    public boolean reads() {
      return this == READ || this == READ_WRITE || this == STRICT;
    }

    public boolean writes() {
      return this == WRITE || this == READ_WRITE;
    }
  }

  /** The suite's output folder and whether each seed prints its result line. */
  public record OutputSettings(Path dir, boolean seedLines) {}

  /**
   * The baseline regression gate ({@code baseline.*}, docs/statistics.md).
   *
   * @param file the baseline file, resolved against the working directory
   * @param gated true when the suite has a gate test: {@code baseline.file} is set or the default
   *     file exists
   * @param toleratedDrop δ, the tolerated drop of the mean score
   * @param confidence the level of the interval of the mean change
   * @param seedDropMargin a paired seed whose score fell by more than this is listed
   * @param failOnSeedDrop a listed seed fails the gate
   * @param inconclusiveFails an inconclusive gate fails instead of aborting
   * @param write write this run's results as the new baseline when the suite ends
   */
  public record BaselineSettings(Path file, boolean gated, double toleratedDrop,
      double confidence, double seedDropMargin, boolean failOnSeedDrop,
      boolean inconclusiveFails, boolean write) {

    public static final double DEFAULT_TOLERATED_DROP = 0.02;
    public static final double DEFAULT_CONFIDENCE = 0.95;
    public static final double DEFAULT_SEED_DROP = 0.1;
    /** Where a suite's baseline is looked for when {@code baseline.file} is not set. */
    public static final String DEFAULT_FILE = "src/test/resources/evalunit/baselines/{suite}.jsonl";
  }

  /**
   * How the suite copes with a flaky task app and when it stops starting rollouts. Every part
   * is documented with its setting key in {@code docs/reliability.md}.
   *
   * @param retry how failed rollout calls are retried
   * @param suiteTimeout {@code timeout.suite}: after it no new rollout starts, or null for none
   * @param budget {@code budget.*}: the suite's spending limits
   * @param allowPartial {@code budget.allowPartial}: a suite cut short by a budget or its
   *     deadline is still judged on its completed seeds instead of failing
   * @param maxErrors {@code maxErrors}: errored seeds tolerated before no new rollout starts
   * @param failFast {@code failFast}: stop starting rollouts after the first error or miss
   */
  public record Reliability(
      Retry retry, Duration suiteTimeout, Budget budget, boolean allowPartial,
      ErrorLimit maxErrors, boolean failFast) {

    /** The defaults: 3 retries from 500 ms, no deadline, no budget, no error limit. */
    public static final Reliability DEFAULTS = new Reliability(Retry.DEFAULTS, null,
        Budget.NONE, false, ErrorLimit.NONE, false);

    /**
     * Retries of one rollout: exponential backoff with full jitter, or the server's
     * {@code Retry-After}.
     *
     * @param maxRetries {@code retry.maxRetries}: retries after the first attempt; 0 turns
     *     retries off
     * @param baseDelay {@code retry.baseDelay}: the backoff before the first retry, doubled for
     *     each further one (then jittered)
     * @param maxDelay {@code retry.maxDelay}: the longest backoff
     * @param maxRetryAfter {@code retry.maxRetryAfter}: the longest {@code Retry-After} obeyed
     */
    public record Retry(int maxRetries, Duration baseDelay, Duration maxDelay,
        Duration maxRetryAfter) {

      public static final Retry DEFAULTS = new Retry(3, Duration.ofMillis(500),
          Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /**
     * Spending limits; a null part is unlimited. Reached means spent &gt;= limit.
     *
     * @param usd the most rollouts may cost together, in US dollars
     * @param tokens the most tokens rollouts may use together
     * @param wallTime the longest time rollouts may keep starting
     */
    public record Budget(Double usd, Long tokens, Duration wallTime) {

      public static final Budget NONE = new Budget(null, null, null);

      public boolean limited() {
        return usd != null || tokens != null || wallTime != null;
      }
    }

    /**
     * Errored seeds tolerated: a count, or a fraction of the suite's selected seeds; both null
     * means unlimited. The suite stops starting rollouts once more seeds than this errored.
     */
    public record ErrorLimit(Integer count, Double fraction) {

      public static final ErrorLimit NONE = new ErrorLimit(null, null);

      /** How many errored seeds are tolerated out of {@code seeds}, or -1 for unlimited. */
      public int tolerated(int seeds) {
        if (count != null) {
          return count;
        }
        return fraction == null ? -1 : (int) Math.floor(fraction * seeds);
      }
    }
  }
}
