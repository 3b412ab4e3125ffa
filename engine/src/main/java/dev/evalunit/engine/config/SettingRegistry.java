package dev.evalunit.engine.config;

import static dev.evalunit.engine.config.SettingDefinition.engine;
import static dev.evalunit.engine.config.SettingDefinition.suite;

import dev.evalunit.engine.config.SettingDefinition.Scope;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * Every {@code evalunit.*} key, once: its form and range, default and meaning. It drives the
 * checks at discovery (unknown keys, values that cannot work), {@code config.print} and the
 * settings table of docs/configuration.md, which a test compares with it. A key that is not
 * here is an error wherever it is set. How to add one: {@link SettingKeys}, then an entry below.
 *
 * <pre>{@code
 * SettingRegistry.find("timeout.rollout").orElseThrow().form().parse(key, setting);
 * }</pre>
 */
public final class SettingRegistry {

  private static final Duration POSITIVE = Duration.ofMillis(1);
  private static final SettingForm SCORE = SettingForm.number(0, 1, false);
  private static final SettingForm MONEY = SettingForm.number(0, Double.POSITIVE_INFINITY, false);
  private static final SettingForm COUNT = SettingForm.integer(0, Long.MAX_VALUE);
  /** The most epochs a suite may ask for: beyond this, more seeds tell more than more repeats. */
  static final int MAX_EPOCHS = 1000;

  /** In docs order: grouped by area, the engine-wide switches last. */
  private static final List<SettingDefinition> ALL = List.of(
      // Where the suite comes from
      suite(SettingKeys.CONFIG_FILE, SettingForm.text(), "none",
          "the suite's synth-ai eval TOML file: a path relative to the working directory (or "
              + "absolute), else a class-path resource").alsoFrom("`@EvalSuite(config)`"),
      suite(SettingKeys.SEED_SET, SettingForm.oneOf("seeds", "validation_seeds", "test_pool"),
          "`seeds`", "which seed set of the TOML file to run"),
      suite(SettingKeys.TASK_APP_URL, SettingForm.urls(),
          "none: required unless `@TaskAppProcess` starts the app", "task app base URL; several "
              + "(`http://a:8103,http://b:8103`) form a replica pool (see "
              + "[replica pools](scale.md#task-app-replica-pools))")
          .alsoFrom("`@EvalSuite(taskApp)`; TOML `url`, `task_app_url`, `[task_app] url`"),
      suite(SettingKeys.TASK_APP_API_KEY, SettingForm.text(), "`ENVIRONMENT_API_KEY`",
          "the environment key (secret); a suite's own key wins over `ENVIRONMENT_API_KEY`")
          .alsoFrom("TOML `task_app_api_key`"),
      suite(SettingKeys.APP_ID, SettingForm.text(), "env name", "run-id prefix")
          .alsoFrom("TOML `app_id`, `task_app_id`"),
      suite(SettingKeys.ENV_NAME, SettingForm.text(), "none: required",
          "`env.env_name` of every rollout").alsoFrom("`@EvalSuite(env)`; TOML `env_name`"),
      suite(SettingKeys.ENV_CONFIG_PREFIX, SettingForm.described("any value (sent as JSON)"),
          "empty", "entries of `env.config`").alsoFrom("TOML `[eval.env_config]`, `[env]`"),
      suite(SettingKeys.POLICY_NAME, SettingForm.text(), "null", "`policy.policy_name`")
          .alsoFrom("TOML `policy_name`"),
      suite(SettingKeys.POLICY_CONFIG_PREFIX, SettingForm.described("any value (sent as JSON)"),
          "empty", "entries of `policy.config` (`model`, `provider`, `inference_url`, "
              + "`temperature`, ...)")
          .alsoFrom("`@EvalSuite(model)` for `model`; TOML `[eval.policy_config]` and the other "
              + "policy tables"),
      suite(SettingKeys.SEEDS, SettingForm.described("`\"0..19\"`, `\"0-19\"`, "
              + "`\"1,5,9\"`, a mix, a TOML int array; or `\"task_info\"`, "
              + "`\"task_info:<split>\"`"),
          "none: required unless a dataset is set", "the seeds to run; `task_info` asks the task "
              + "app (`GET /task_info`) as the suite starts and runs each seed it names as a "
              + "dynamic test, `task_info:test` those of split `test` (also sent as "
              + "`env.config.split`; see [dynamic seeds](scale.md#seeds-known-at-run-time))")
          .alsoFrom("`@EvalSuite(seeds)`; TOML `seeds`"),
      suite(SettingKeys.LIMIT, SettingForm.integer(1, 100_000), "all",
          "run a stable subset of at most this many instances"),
      suite(SettingKeys.DATASET_FILE, SettingForm.text(), "none",
          "JSONL dataset whose rows are the instances").alsoFrom("`@Dataset(file)`"),
      suite(SettingKeys.DATASET_ID_FIELD, SettingForm.text(), "`instance_id`",
          "the row field holding the instance id").alsoFrom("`@Dataset(idField)`"),
      suite(SettingKeys.AGENT_MAX_ITERATIONS, SettingForm.integer(1, 1_000_000), "30",
          "iteration limit an in-process agent is given (`AgentContext.maxIterations()`, "
              + "OpenHands `max_iterations`)").alsoFrom("`@Rollout(maxIterations)`"),
      suite(SettingKeys.AGENT_EVAL_NOTE, SettingForm.text(), "none",
          "`eval_note` of an in-process suite's metadata.json and output.jsonl")
          .alsoFrom("`@Rollout(evalNote)`"),
      suite(SettingKeys.LLM_FILE, SettingForm.text(), "`config.toml`",
          "OpenHands-style LLM config file of a matrix").alsoFrom("`@LlmConfigs(file)`"),
      suite(SettingKeys.LLM_CONFIGS, SettingForm.described("names separated by commas"),
          "every `[llm.NAME]`", "LLM config names to run as variants")
          .alsoFrom("`@LlmConfigs(names)`"),
      suite(SettingKeys.LLM_SEND_SECRETS, SettingForm.flag(), "`false`",
          "send the LLM configs' `api_key` (and other secret keys) in `policy.config`")
          .alsoFrom("`@LlmConfigs(sendSecrets)`"),
      suite(SettingKeys.CONCURRENCY, SettingForm.integer(1, 100_000), "1",
          "most rollouts under way at once")
          .alsoFrom("`@EvalSuite(concurrency)`; TOML `concurrency`, `max_concurrent`, "
              + "`num_workers`"),
      suite(SettingKeys.EPOCHS, SettingForm.integer(1, MAX_EPOCHS), "`1`",
          "how many times each seed rolls out, each epoch with its own run id and "
              + "`results.jsonl` row; the seed stays one test, judged on its epochs' reduced "
              + "value (see [statistics](statistics.md#when-to-use-epochs))")
          .alsoFrom("`@EvalSuite(epochs)`; TOML `epochs`"),
      suite(SettingKeys.EPOCHS_REDUCER, SettingForm.epochReducer(), "`mean`",
          "how a seed's epoch scores reduce to its value: `mean`, `median`, `max`, `min`, "
              + "`mode`, `pass@k` (unbiased estimator), `pass^k` (all of k pass), `at-least-k`; "
              + "k at most `epochs`; an epoch passes at `threshold.score` (1 without it)")
          .alsoFrom("`@EvalSuite(reducer)`; TOML `epoch_reducer`"),
      suite(SettingKeys.MODE, SettingForm.oneOf("eval", "rl")
          .describedAs("\"eval\" (the default) or \"rl\""), "`eval`",
          "the request's `mode` (and a backend job's)").alsoFrom("TOML `mode`"),
      suite(SettingKeys.RETURN_TRACE, SettingForm.flag(), "`false`",
          "ask for the trace (`record.return_trace`) and write it to `traces/`")
          .alsoFrom("TOML `return_trace`"),
      suite(SettingKeys.TRACE_FORMAT, SettingForm.oneOf("compact", "full", "structured"),
          "`compact`", "the trace format asked for").alsoFrom("TOML `trace_format`"),
      // Per-seed and suite thresholds
      suite(SettingKeys.SEED_MIN_SCORE, SCORE, "not checked",
          "least score per seed; a seed without a score misses it")
          .alsoFrom("`@Threshold(score)`"),
      suite(SettingKeys.SEED_MAX_TOKENS, COUNT, "not checked", "most tokens per seed")
          .alsoFrom("`@Threshold(maxTokens)`"),
      suite(SettingKeys.SEED_MAX_COST_USD, MONEY, "not checked", "most cost per seed, USD")
          .alsoFrom("`@Threshold(maxCostUsd)`"),
      suite(SettingKeys.SEED_MAX_LATENCY_MS, COUNT, "not checked",
          "most latency per seed, milliseconds").alsoFrom("`@Threshold(maxLatencyMs)`"),
      suite(SettingKeys.SUITE_MIN_MEAN_SCORE, SCORE, "not checked", "least mean score")
          .alsoFrom("`@SuiteThreshold(meanScore)`"),
      suite(SettingKeys.SUITE_MIN_PASS_RATE, SCORE, "not checked",
          "least share of passing seeds").alsoFrom("`@SuiteThreshold(passRate)`"),
      suite(SettingKeys.SUITE_MAX_COST_USD, MONEY, "not checked", "most total cost, USD")
          .alsoFrom("`@SuiteThreshold(maxCostUsd)`"),
      suite(SettingKeys.SUITE_MAX_TOKENS, COUNT, "not checked", "most total tokens")
          .alsoFrom("`@SuiteThreshold(maxTokens)`"),
      suite(SettingKeys.SUITE_MAX_P95_LATENCY_MS, COUNT, "not checked",
          "most 95th-percentile latency (nearest rank) over the seeds that ran, ms")
          .alsoFrom("`@SuiteThreshold(maxP95LatencyMs)`"),
      suite(SettingKeys.SUITE_MAX_MEAN_LATENCY_MS, COUNT, "not checked",
          "most mean latency over the seeds that ran, ms")
          .alsoFrom("`@SuiteThreshold(maxMeanLatencyMs)`"),
      suite(SettingKeys.SUITE_MAX_COST_PER_SEED_USD, MONEY, "not checked",
          "most known cost per priced seed, USD")
          .alsoFrom("`@SuiteThreshold(maxCostPerSeedUsd)`"),
      suite(SettingKeys.SUITE_CONFIDENCE, SettingForm.numberBelow(0.5, 1)
          .describedAs("a level from 0.5 up to but not including 1, e.g. 0.95"),
          "point comparison, 95% interval shown",
          "judge `meanScore` and `passRate` by an interval at this level: passed when its lower "
              + "bound meets the threshold, failed when its upper bound misses it, inconclusive "
              + "otherwise (see [statistics](statistics.md#confidence-bound-verdicts))")
          .alsoFrom("`@SuiteThreshold(confidence)`"),
      suite(SettingKeys.SUITE_CLUSTER_FIELD, SettingForm.text(), "none",
          "dataset field whose rows form one cluster in the mean-score interval; every row "
              + "must have it").alsoFrom("`@SuiteThreshold(clusterField)`"),
      suite(SettingKeys.SUITE_INCONCLUSIVE_FAILS, SettingForm.flag(), "`false`",
          "an inconclusive verdict fails the verdict test instead of aborting it")
          .alsoFrom("`@SuiteThreshold(inconclusiveFails)`"),
      suite(SettingKeys.COST_ALLOW_UNPRICED, SettingForm.flag(), "`false`",
          "cost thresholds and USD budgets judge the priced seeds only, instead of failing "
              + "when a seed's cost is unknown"),
      suite(SettingKeys.COST_PRICE_FILE, SettingForm.text(), "the built-in table",
          "a price file (USD per million prompt, completion and cached tokens per model) over "
              + "the built-in one, used when a task app reports tokens but no cost (see "
              + "[Pricing](#pricing-cost-from-tokens))"),
      // The baseline regression gate (docs/statistics.md#baseline-regression-gate)
      suite(SettingKeys.BASELINE_FILE, SettingForm.text(),
          "`src/test/resources/evalunit/baselines/{suite}.jsonl`",
          "the baseline the gate compares with: a previous run's `results.jsonl` or a committed "
              + "file, relative to the working directory; `{suite}` is the class name. The suite "
              + "gets a `baseline gate` test when this is set or the default file exists"),
      suite(SettingKeys.BASELINE_TOLERATED_DROP, SettingForm.number(0, 1, false), "`0.02`",
          "δ: the gate fails when the interval of the mean change (current minus baseline, "
              + "paired by seed) lies below -δ, passes when its lower bound is at least -δ, and "
              + "is inconclusive otherwise"),
      suite(SettingKeys.BASELINE_CONFIDENCE, SettingForm.numberBelow(0.5, 1)
          .describedAs("a level from 0.5 up to but not including 1, e.g. 0.95"), "`0.95`",
          "the confidence level of that interval"),
      suite(SettingKeys.BASELINE_SEED_DROP, SettingForm.number(0, Double.POSITIVE_INFINITY,
          false), "`0.1`", "a paired seed whose score fell by more than this is listed as "
              + "dropped"),
      suite(SettingKeys.BASELINE_FAIL_ON_SEED_DROP, SettingForm.flag(), "`false`",
          "any seed listed as dropped fails the gate"),
      suite(SettingKeys.BASELINE_INCONCLUSIVE_FAILS, SettingForm.flag(), "`false`",
          "an inconclusive gate fails its test instead of aborting it"),
      suite(SettingKeys.BASELINE_WRITE, SettingForm.flag(), "`false`",
          "when the suite ends, write its results (every seed of the whole suite) to "
              + "`baseline.file` as the new baseline, after the gate judged the old one"),
      // Timeouts and outputs
      suite(SettingKeys.CONNECT_TIMEOUT, SettingForm.duration(POSITIVE), "`10s`",
          "connect timeout (a bare number is seconds)"),
      suite(SettingKeys.ROLLOUT_TIMEOUT, SettingForm.duration(POSITIVE), "`10m`",
          "longest one seed's rollout may take, every attempt and pause included; also a "
              + "backend job's `timeout`").alsoFrom("TOML `timeout` (seconds)"),
      suite(SettingKeys.ATTEMPT_TIMEOUT, SettingForm.described(
              "`adaptive`, `off`, or a duration such as `90s`"), "`adaptive`",
          "hang detection: cut one attempt that runs this long and retry it as a transport "
              + "error, only when a retry still fits in `timeout.rollout`; `adaptive` cuts at "
              + "10 times the 99th percentile of the suite's recent calls, at least 1s; `off` "
              + "never cuts (a cut attempt may still be billed by the task app)"),
      suite(SettingKeys.READ_IDLE_TIMEOUT, SettingForm.duration(POSITIVE),
          "none (`timeout.rollout` still bounds the call)",
          "longest pause between two reads of a reply; a reply that stalls longer fails as a "
              + "transport error (retried)"),
      suite(SettingKeys.RESPONSE_MAX_BYTES, SettingForm.described("a size from 1KiB to 16GiB "
              + "such as 67108864, 512KiB, 64MiB or 1GiB"), "`64MiB`",
          "largest reply body read; a larger reply ends the seed as a protocol error naming "
              + "the limit"),
      suite(SettingKeys.SUITE_TIMEOUT, SettingForm.duration(POSITIVE), "none",
          "the suite deadline: after it no rollout starts"),
      suite(SettingKeys.OUTPUT_DIR, SettingForm.text(), "`target/evalunit/{suite}`",
          "output folder, relative to the working directory; `{suite}` is the class name"),
      suite(SettingKeys.OUTPUT_SEED_LINES, SettingForm.flag(), "`true`",
          "print one result line per seed"),
      // Record and replay (docs/cache.md)
      suite(SettingKeys.CACHE_MODE,
          SettingForm.oneOf("off", "read", "write", "read-write", "strict"), "`off`",
          "record and replay rollouts (see [cache](cache.md)): `read` replays recorded seeds "
              + "and runs the rest, `write` runs every seed and records it, `read-write` "
              + "replays and records what was missing, `strict` replays only: a seed without a "
              + "recording is a seed error and no rollout is sent"),
      suite(SettingKeys.CACHE_DIR, SettingForm.text(), "`evalunit-cache`",
          "the cache folder, relative to the working directory (or absolute); safe to share "
              + "between shards and to commit"),
      suite(SettingKeys.CACHE_AGENT_VERSION, SettingForm.text(), "none",
          "the agent's version, part of every cache key, e.g. the git tree hash of its "
              + "sources (`git rev-parse HEAD:src/agent`): a new version records anew"),
      // A task app the engine starts itself
      suite(SettingKeys.PROCESS_COMMAND, SettingForm.described("a command and its arguments"),
          "none", "a task app the engine starts itself").alsoFrom("`@TaskAppProcess(command)`"),
      suite(SettingKeys.PROCESS_WORKING_DIR, SettingForm.text(), "the working directory",
          "the started task app's working directory")
          .alsoFrom("`@TaskAppProcess(workingDir)`"),
      suite(SettingKeys.PROCESS_ENVIRONMENT, SettingForm.described("`NAME=value` entries"),
          "none", "extra environment of the started task app")
          .alsoFrom("`@TaskAppProcess(environment)`"),
      suite(SettingKeys.PROCESS_STARTUP_TIMEOUT, SettingForm.duration(POSITIVE), "`60s`",
          "how long the started task app may take to answer `GET /health`")
          .alsoFrom("`@TaskAppProcess(startupTimeoutSeconds)`"),
      suite(SettingKeys.PROCESS_REPLICAS, SettingForm.integer(1, 64), "`1`",
          "how many replicas the started task app runs, each its own process on its own port; "
              + "rollouts spread over them as over a replica pool")
          .alsoFrom("`@TaskAppProcess(replicas)`"),
      suite(SettingKeys.REPLICA_CONCURRENCY, SettingForm.integer(1, 100_000),
          "no limit but `concurrency`", "most rollouts in flight on one replica of a pool"),
      // Reliability (docs/reliability.md)
      suite(SettingKeys.RETRY_MAX_RETRIES, SettingForm.integer(0, 100), "`3`",
          "retries after the first attempt; `0` turns retries off"),
      suite(SettingKeys.RETRY_BASE_DELAY, SettingForm.duration(Duration.ZERO), "`500ms`",
          "backoff before the first retry; doubled for each further retry"),
      suite(SettingKeys.RETRY_MAX_DELAY, SettingForm.duration(Duration.ZERO), "`30s`",
          "the longest backoff"),
      suite(SettingKeys.RETRY_MAX_RETRY_AFTER, SettingForm.duration(Duration.ZERO), "`60s`",
          "the longest `Retry-After` the engine obeys"),
      suite(SettingKeys.BUDGET_USD, MONEY, "none",
          "the most the suite's rollouts may cost together, USD").alsoFrom("`@Budget(usd)`"),
      suite(SettingKeys.BUDGET_TOKENS, COUNT, "none",
          "the most tokens the suite's rollouts may use together").alsoFrom("`@Budget(tokens)`"),
      suite(SettingKeys.BUDGET_WALL_TIME, SettingForm.duration(POSITIVE), "none",
          "how long the suite may keep starting rollouts").alsoFrom("`@Budget(wallTime)`"),
      suite(SettingKeys.BUDGET_ALLOW_PARTIAL, SettingForm.flag(), "`false`",
          "judge a suite cut short by a budget or `timeout.suite` on its completed seeds")
          .alsoFrom("`@Budget(allowPartial)`"),
      suite(SettingKeys.MAX_ERRORS, SettingForm.described("a count such as `5`, or a fraction "
              + "of the seeds such as `0.2` or `20%`"), "none",
          "stop starting rollouts once this many seeds errored"),
      suite(SettingKeys.FAIL_FAST, SettingForm.flag(), "`false`",
          "stop starting rollouts at the first failed or errored seed"),
      // Engine-wide switches
      engine(SettingKeys.CONFIG_PRINT, SettingForm.flag(), "`false`",
          "print each suite's effective config when it starts"),
      engine(SettingKeys.RESUME, SettingForm.flag(), "`false`",
          "reuse completed seeds from `results.jsonl`"),
      engine(SettingKeys.SHARD, SettingForm.shard(), "`whole`",
          "run one shard of each suite: the seeds whose stable hash of variant and seed key "
              + "falls in shard K of N, written to `shard-K-of-N/` below the output folder, the "
              + "verdict left to the merge; `merge` runs no rollout and judges the shards' "
              + "`results.jsonl` as one suite (see [CI](ci.md))"),
      engine(SettingKeys.TASK_APP_PROBE, SettingForm.oneOf("liveness", "health", "none"),
          "`liveness`", "before the first rollout: `GET /` (any answer), `GET /health` with "
              + "the key (200), or no check; a task app that is down fails the suite once"),
      engine(SettingKeys.PROGRESS_INTERVAL, SettingForm.duration(Duration.ZERO), "`5s`",
          "progress line interval, `0` = off"),
      engine(SettingKeys.BACKEND_ENABLED, SettingForm.flag(), "`true`",
          "backend mode when a backend URL and `SYNTH_API_KEY` are set"),
      engine(SettingKeys.BACKEND_URL, SettingForm.url(),
          "the suite file's `backend_url`, else `SYNTH_BASE_URL`, else `BACKEND_OVERRIDE`",
          "the hosted backend's URL (see [backend mode](reports.md#backend-mode)); a suite's "
              + "TOML `backend_url` is read under this key too"),
      engine(SettingKeys.BACKEND_POLL_INTERVAL, SettingForm.duration(POSITIVE), "`2s`",
          "first pause between job status polls; it grows by half each poll"),
      engine(SettingKeys.BACKEND_MAX_POLL_INTERVAL, SettingForm.duration(POSITIVE), "`30s`",
          "longest pause between job status polls"),
      engine(SettingKeys.BACKEND_TIMEOUT, SettingForm.duration(POSITIVE), "`2h`",
          "how long to wait for a backend job before cancelling it"),
      engine(SettingKeys.RUN_BUDGET_USD, MONEY, "none",
          "the most all suites of the run may cost together, USD"),
      engine(SettingKeys.RUN_BUDGET_TOKENS, COUNT, "none",
          "the most tokens all suites of the run may use"),
      engine(SettingKeys.RUN_BUDGET_WALL_TIME, SettingForm.duration(POSITIVE), "none",
          "how long after the run started rollouts may still start"));

  private static final Map<String, SettingDefinition> BY_KEY = index();

  private SettingRegistry() {}

  private static Map<String, SettingDefinition> index() {
    Map<String, SettingDefinition> byKey = new LinkedHashMap<>();
    for (SettingDefinition definition : ALL) {
      if (byKey.put(definition.key(), definition) != null) {
        throw new IllegalStateException("setting registered twice: " + definition.key());
      }
    }
    return Map.copyOf(byKey);
  }

  /** Every registered setting, in docs order. */
  public static List<SettingDefinition> all() {
    return ALL;
  }

  /** The definition covering a canonical key: itself, else the family it belongs to. */
  public static Optional<SettingDefinition> find(String canonicalKey) {
    SettingDefinition exact = BY_KEY.get(canonicalKey);
    if (exact != null) {
      return Optional.of(exact);
    }
    return ALL.stream().filter(d -> d.isFamily() && d.covers(canonicalKey)).findFirst();
  }

  /** Whether {@code canonicalKey} is a suite setting (and so has a per-suite form). */
  public static boolean isSuiteKey(String canonicalKey) {
    return find(canonicalKey).filter(d -> d.scope() == Scope.SUITE).isPresent();
  }

  /**
   * An engine switch ({@code evalunit.<key>}) from the configuration parameters, typed by its
   * registered form; empty when unset or blank. The one place engine switches are read, so they
   * parse as discovery checked them.
   *
   * <pre>{@code
   * boolean resume = SettingRegistry.engineSwitch(parameters, SettingKeys.RESUME)
   *     .map(Boolean.class::cast).orElse(false);
   * }</pre>
   *
   * @throws ConfigException naming the parameter, the expected form and the value
   */
  public static Optional<Object> engineSwitch(ConfigurationParameters parameters, String key) {
    String name = PropertySettings.PREFIX + key;
    return parameters.get(name).map(value -> parse(key, new Setting(value,
        PropertyKeys.origin(name))));
  }

  /**
   * The typed value of a setting, checked against its registered form and range.
   *
   * @throws ConfigException naming the origin, the expected form and the value
   * @throws IllegalArgumentException for a key nobody registered (a bug, not bad input)
   */
  public static Object parse(String canonicalKey, Setting setting) {
    return find(canonicalKey)
        .orElseThrow(() -> new IllegalArgumentException("unregistered setting " + canonicalKey))
        .form().parse(canonicalKey, setting);
  }
}
