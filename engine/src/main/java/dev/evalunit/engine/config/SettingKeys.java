package dev.evalunit.engine.config;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The canonical setting keys, as constants for the code that reads them. Each must also be
 * registered in {@link SettingRegistry} (form, range, default, meaning), or setting it is an
 * "unknown key" error. Each is also a configuration parameter when prefixed with
 * {@code evalunit.} (e.g. {@code -Devalunit.seeds=0..9}), or with
 * {@code evalunit.suite.<class name>.} for one suite only (fully qualified or simple name).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SettingKeys {

  public static final String TASK_APP_URL = "taskApp.url";
  public static final String TASK_APP_API_KEY = "taskApp.apiKey";
  public static final String APP_ID = "appId";
  public static final String ENV_NAME = "env";
  /** Prefix of the entries of {@code env.config}. */
  public static final String ENV_CONFIG_PREFIX = "env.config.";
  public static final String POLICY_NAME = "policy.name";
  /** Prefix of the entries of {@code policy.config}; {@code model} and {@code provider} live here. */
  public static final String POLICY_CONFIG_PREFIX = "policy.config.";
  public static final String MODEL = POLICY_CONFIG_PREFIX + "model";
  public static final String PROVIDER = POLICY_CONFIG_PREFIX + "provider";
  public static final String SEEDS = "seeds";
  public static final String LIMIT = "limit";
  public static final String CONCURRENCY = "concurrency";
  /** How many times each seed rolls out ({@code @EvalSuite(epochs)}, TOML {@code epochs}). */
  public static final String EPOCHS = "epochs";
  /** How a seed's epochs reduce to its value: {@code mean}, {@code pass@3}, ... */
  public static final String EPOCHS_REDUCER = "epochs.reducer";
  public static final String RETURN_TRACE = "trace.return";
  public static final String TRACE_FORMAT = "trace.format";
  /** The rollout {@code mode}: {@code eval} (default) or {@code rl}; TOML {@code mode}. */
  public static final String MODE = "mode";
  /** The suite's hosted backend URL (TOML {@code backend_url}); see BackendOptions. */
  public static final String BACKEND_URL = "backend.url";
  public static final String SEED_MIN_SCORE = "threshold.score";
  public static final String SEED_MAX_TOKENS = "threshold.maxTokens";
  public static final String SEED_MAX_COST_USD = "threshold.maxCostUsd";
  public static final String SEED_MAX_LATENCY_MS = "threshold.maxLatencyMs";
  public static final String SUITE_MIN_MEAN_SCORE = "suite.meanScore";
  public static final String SUITE_MIN_PASS_RATE = "suite.passRate";
  public static final String SUITE_MAX_COST_USD = "suite.maxCostUsd";
  public static final String SUITE_MAX_TOKENS = "suite.maxTokens";
  public static final String SUITE_MAX_P95_LATENCY_MS = "suite.maxP95LatencyMs";
  public static final String SUITE_MAX_MEAN_LATENCY_MS = "suite.maxMeanLatencyMs";
  public static final String SUITE_MAX_COST_PER_SEED_USD = "suite.maxCostPerSeedUsd";
  /** Judge meanScore and passRate by the bounds of an interval at this level, e.g. 0.95. */
  public static final String SUITE_CONFIDENCE = "suite.confidence";
  /** The dataset field whose rows are one cluster in the mean-score interval. */
  public static final String SUITE_CLUSTER_FIELD = "suite.clusterField";
  /** An inconclusive verdict fails the verdict test instead of aborting it. */
  public static final String SUITE_INCONCLUSIVE_FAILS = "suite.inconclusiveFails";
  /** Cost thresholds judge the priced seeds only instead of failing on unknown costs. */
  public static final String COST_ALLOW_UNPRICED = "cost.allowUnpriced";
  /** A user price file (USD per million tokens per model) over the built-in price table. */
  public static final String COST_PRICE_FILE = "cost.priceFile";
  // The baseline regression gate (docs/statistics.md#baseline-regression-gate).
  /** The baseline file; default {@code src/test/resources/evalunit/baselines/{suite}.jsonl}. */
  public static final String BASELINE_FILE = "baseline.file";
  /** δ: the drop of the mean score the gate tolerates, e.g. 0.02. */
  public static final String BASELINE_TOLERATED_DROP = "baseline.toleratedDrop";
  /** The confidence level of the gate's interval of the mean change. */
  public static final String BASELINE_CONFIDENCE = "baseline.confidence";
  /** A seed whose score fell by more than this is listed as dropped. */
  public static final String BASELINE_SEED_DROP = "baseline.seedDrop";
  /** A seed listed as dropped fails the gate. */
  public static final String BASELINE_FAIL_ON_SEED_DROP = "baseline.failOnSeedDrop";
  /** An inconclusive gate fails instead of aborting. */
  public static final String BASELINE_INCONCLUSIVE_FAILS = "baseline.inconclusiveFails";
  /** Write this run's results as the new baseline file when the suite ends. */
  public static final String BASELINE_WRITE = "baseline.write";
  public static final String CONNECT_TIMEOUT = "timeout.connect";
  public static final String ROLLOUT_TIMEOUT = "timeout.rollout";
  /** When one attempt is cut as hung: {@code adaptive} (default), {@code off}, or a duration. */
  public static final String ATTEMPT_TIMEOUT = "timeout.attempt";
  /** The longest pause between two reads of a reply; none by default. */
  public static final String READ_IDLE_TIMEOUT = "timeout.readIdle";
  /** The largest reply body read: bytes, or with KiB, MiB or GiB; default 64MiB. */
  public static final String RESPONSE_MAX_BYTES = "response.maxBytes";
  public static final String OUTPUT_DIR = "output.dir";
  public static final String OUTPUT_SEED_LINES = "output.seedLines";
  // Record and replay (docs/cache.md).
  /** {@code off} (default), {@code read}, {@code write}, {@code read-write} or {@code strict}. */
  public static final String CACHE_MODE = "cache.mode";
  /** The cache folder, relative to the working directory; shared by every suite. */
  public static final String CACHE_DIR = "cache.dir";
  /** A user-given version of the agent (e.g. a git tree hash); part of every cache key. */
  public static final String CACHE_AGENT_VERSION = "cache.agentVersion";
  public static final String PROCESS_COMMAND = "taskApp.command";
  public static final String PROCESS_WORKING_DIR = "taskApp.workingDir";
  public static final String PROCESS_ENVIRONMENT = "taskApp.environment";
  public static final String PROCESS_STARTUP_TIMEOUT = "taskApp.startupTimeout";
  /** How many replicas of the task app {@code @TaskAppProcess} starts, each on its own port. */
  public static final String PROCESS_REPLICAS = "taskApp.replicas";
  /** The most rollouts in flight on one replica of a task-app pool. */
  public static final String REPLICA_CONCURRENCY = "taskApp.replicaConcurrency";
  // Reliability (see docs/reliability.md): retries, the suite deadline, budgets, error tolerance.
  public static final String RETRY_MAX_RETRIES = "retry.maxRetries";
  public static final String RETRY_BASE_DELAY = "retry.baseDelay";
  public static final String RETRY_MAX_DELAY = "retry.maxDelay";
  public static final String RETRY_MAX_RETRY_AFTER = "retry.maxRetryAfter";
  public static final String SUITE_TIMEOUT = "timeout.suite";
  public static final String BUDGET_USD = "budget.usd";
  public static final String BUDGET_TOKENS = "budget.tokens";
  public static final String BUDGET_WALL_TIME = "budget.wallTime";
  public static final String BUDGET_ALLOW_PARTIAL = "budget.allowPartial";
  public static final String MAX_ERRORS = "maxErrors";
  public static final String FAIL_FAST = "failFast";
  /**
   * Prefix of the run budget: {@code evalunit.run.budget.usd}, {@code .tokens}, {@code .wallTime}
   * span every suite of one engine execution; they are engine-wide, never per suite.
   */
  public static final String RUN_BUDGET_PREFIX = "run.budget.";
  /** The synth-ai eval TOML file ({@code @EvalSuite(config = ...)}). */
  public static final String CONFIG_FILE = "file";
  /** Which seed set of the config file to run: {@code seeds}, {@code validation_seeds}, {@code test_pool}. */
  public static final String SEED_SET = "seedSet";
  /** The OpenHands-style LLM config file of a matrix ({@code @LlmConfigs(file = ...)}). */
  public static final String LLM_FILE = "llm.file";
  /** The LLM config names to run as variants, comma-separated ({@code @LlmConfigs(names = ...)}). */
  public static final String LLM_CONFIGS = "llm.configs";
  /** Whether LLM config secrets such as {@code api_key} are sent in {@code policy.config}. */
  public static final String LLM_SEND_SECRETS = "llm.sendSecrets";
  /** A JSONL dataset whose rows are the suite's instances ({@code @Dataset(file = ...)}). */
  public static final String DATASET_FILE = "dataset.file";
  /** The dataset field holding each row's instance id; default {@code instance_id}. */
  public static final String DATASET_ID_FIELD = "dataset.idField";
  /** The iteration limit an in-process agent gets ({@code @Rollout(maxIterations = ...)}). */
  public static final String AGENT_MAX_ITERATIONS = "agent.maxIterations";
  /** The {@code eval_note} of an in-process suite's metadata.json ({@code @Rollout(evalNote)}). */
  public static final String AGENT_EVAL_NOTE = "agent.evalNote";

  // Engine-wide switches: only the global form evalunit.<key>; see SettingRegistry.
  public static final String CONFIG_PRINT = "config.print";
  public static final String RESUME = "resume";
  /** Run one shard {@code K/N} of each suite, or {@code merge} the shards' results. */
  public static final String SHARD = "shard";
  /** What to ask a task app the engine did not start before the first rollout. */
  public static final String TASK_APP_PROBE = "taskApp.probe";
  public static final String PROGRESS_INTERVAL = "progress.interval";
  public static final String BACKEND_ENABLED = "backend.enabled";
  public static final String BACKEND_POLL_INTERVAL = "backend.pollInterval";
  public static final String BACKEND_MAX_POLL_INTERVAL = "backend.maxPollInterval";
  public static final String BACKEND_TIMEOUT = "backend.timeout";
  public static final String RUN_BUDGET_USD = RUN_BUDGET_PREFIX + "usd";
  public static final String RUN_BUDGET_TOKENS = RUN_BUDGET_PREFIX + "tokens";
  public static final String RUN_BUDGET_WALL_TIME = RUN_BUDGET_PREFIX + "wallTime";

  private SettingKeys() {}
}
