package dev.evalunit.engine.config;

import dev.evalunit.engine.config.SuiteConfig.CacheMode;
import dev.evalunit.engine.config.SuiteConfig.CacheSettings;
import dev.evalunit.engine.config.SuiteConfig.BaselineSettings;
import dev.evalunit.engine.config.SuiteConfig.OutputSettings;
import dev.evalunit.engine.config.SuiteConfig.ProcessSettings;
import dev.evalunit.engine.config.SuiteConfig.Reliability;
import dev.evalunit.engine.config.SuiteConfig.RolloutTemplate;
import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import dev.evalunit.engine.config.SuiteConfig.TaskAppSettings;
import dev.evalunit.engine.config.SuiteConfig.Timeouts;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.pricing.PriceTable;
import java.nio.file.Files;
import dev.evalunit.engine.statistics.EpochReducer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * Resolves one suite's {@link SuiteConfig}: defaults &lt; annotations &lt; the config file &lt;
 * configuration parameters (properties file &lt; system properties) &lt; the environment's
 * secrets. Reads local files only; never touches the network. One resolver serves one discovery:
 * it reads each file once and resolves each suite once.
 */
public final class SuiteConfigResolver {

  /** The environment variable that supplies the task app key when no setting does. */
  public static final String ENVIRONMENT_API_KEY = "ENVIRONMENT_API_KEY";
  /** The hosted backend's key: never configured, but never to be printed either. */
  static final String SYNTH_API_KEY = "SYNTH_API_KEY";

  /** The LLM config file read when only names are given, as OpenHands does. */
  static final String DEFAULT_LLM_FILE = "config.toml";

  private static final Pattern BYTE_SIZE =
      Pattern.compile("(\\d{1,12})\\s*(KiB|MiB|GiB|k|m|g|B)?", Pattern.CASE_INSENSITIVE);

  private final ConfigurationParameters parameters;
  private final Map<String, String> environment;
  private final Path baseDir;
  private final ConfigFiles files;
  /** Where discovery-time notices and warnings are printed for the person running the build. */
  private final Consumer<String> console;
  /** The evalunit.* parameters of this discovery, checked once against the registry. */
  private PropertyKeys keys;
  /** Per discovery: a SuiteConfig or the ConfigException of each suite class asked for. */
  private final Map<Class<?>, Object> resolved = new HashMap<>();
  /** Per discovery: config files whose unused keys were already reported. */
  private final Set<String> noticedFiles = new HashSet<>();

  /**
   * @param parameters the launcher's configuration parameters
   * @param environment the process environment (injected so tests are hermetic)
   * @param baseDir the directory relative config paths are resolved against
   */
  public SuiteConfigResolver(
      ConfigurationParameters parameters, Map<String, String> environment, Path baseDir) {
    this(parameters, environment, baseDir, line -> { });
  }

  /**
   * @param console prints lines the person running the build must see at discovery (ignored
   *     config-file keys, per-suite keys naming an absent suite); the engine passes its native
   *     stderr ({@code report.Console}), which Surefire shows from a forked JVM
   */
  public SuiteConfigResolver(ConfigurationParameters parameters, Map<String, String> environment,
      Path baseDir, Consumer<String> console) {
    this.parameters = parameters;
    this.environment = Map.copyOf(environment);
    this.baseDir = baseDir;
    this.files = new ConfigFiles(baseDir);
    this.console = console;
  }

  private PropertyKeys keys() {
    if (keys == null) {
      keys = PropertyKeys.of(parameters);
    }
    return keys;
  }

  /**
   * Prints a warning for each per-suite key ({@code evalunit.suite.<Class>.<key>}) that names no
   * suite of this run, with the closest suite that is; call once, after discovery.
   *
   * @param suitesInRun the suite classes discovery found
   */
  public void warnAboutAbsentSuites(Collection<Class<?>> suitesInRun) {
    for (String warning : keys().absentSuiteWarnings(suitesInRun)) {
      console.accept("[evalunit] WARNING " + warning);
    }
  }

  /** Resolves the suite's config; see {@link #resolve(Class, Consumer)}. */
  public SuiteConfig resolve(Class<?> suiteClass) {
    return resolve(suiteClass, notice -> { });
  }

  /**
   * Resolves the suite's config, once per resolver (discovery may ask again for the same class).
   *
   * @param notices receives warnings that do not stop the suite, such as the keys of a config
   *     file that evalunit ignores (once per file)
   * @throws ConfigException naming the file and key, annotation or property at fault
   */
  public SuiteConfig resolve(Class<?> suiteClass, Consumer<String> notices) {
    Object earlier = resolved.get(suiteClass);
    if (earlier instanceof SuiteConfig config) {
      return config;
    }
    if (earlier instanceof ConfigException e) {
      throw e;
    }
    try {
      SuiteConfig config = resolveOnce(suiteClass, notices);
      resolved.put(suiteClass, config);
      return config;
    } catch (ConfigException e) {
      resolved.put(suiteClass, e);
      throw e;
    }
  }

  private SuiteConfig resolveOnce(Class<?> suiteClass, Consumer<String> notices) {
    List<String> keyErrors = keys().errors();
    if (!keyErrors.isEmpty()) {
      throw new ConfigException(String.join("; ", keyErrors));
    }
    Placeholders placeholders = new Placeholders(environment);
    List<SettingsLayer> layers = new ArrayList<>();
    SettingsLayer annotations = AnnotationSettings.read(suiteClass);
    layers.add(annotations);
    SettingsLayer properties = PropertySettings.read(parameters, keys(), suiteClass);
    Map<String, Setting> local = SettingsLayer.merge(List.of(annotations, properties));
    String configFile = location(local.get(SettingKeys.CONFIG_FILE), placeholders);
    if (configFile != null) {
      Setting seedSet = local.get(SettingKeys.SEED_SET);
      SynthEvalToml.Mapped mapped = EvalConfigFile.read(configFile, seedSet, files,
          suiteClass.getClassLoader());
      layers.add(mapped.settings());
      if (!mapped.unusedKeys().isEmpty() && noticedFiles.add(configFile)) {
        String notice = EvalConfigFile.unusedKeysNotice(configFile, mapped);
        // The discovery issue reaches IDEs and launchers that log it; Maven's console only
        // shows what the forked JVM prints itself.
        console.accept("[evalunit] NOTICE " + suiteClass.getName() + ": " + notice);
        notices.accept(notice);
      }
    }
    layers.add(properties);
    Map<String, Setting> merged = expandPlaceholders(SettingsLayer.merge(layers), placeholders);
    SuiteConfig config = build(suiteClass, merged, configFile, properties.asMap().keySet(),
        placeholders);
    Setting seeds = merged.get(SettingKeys.SEEDS);
    Map<Long, Integer> repeated = seeds == null || config.seedsFromTaskInfo() != null ? Map.of()
        : SeedList.repeated(seeds);
    if (!repeated.isEmpty()) {
      notices.accept(SeedList.repeatedNotice(suiteClass.getName(), seeds, repeated));
    }
    return config;
  }

  private static String location(Setting setting, Placeholders placeholders) {
    if (setting == null || String.valueOf(setting.value()).isBlank()) {
      return null;
    }
    return placeholders.expand(String.valueOf(setting.value()).trim(), setting.origin());
  }

  private static Map<String, Setting> expandPlaceholders(Map<String, Setting> merged,
      Placeholders placeholders) {
    Map<String, Setting> expanded = new LinkedHashMap<>();
    merged.forEach((key, setting) -> expanded.put(key, new Setting(
        placeholders.expandAll(setting.value(), setting.origin()), setting.origin())));
    return expanded;
  }

  private SuiteConfig build(Class<?> suiteClass, Map<String, Setting> s, String configFile,
      Set<String> propertyKeys, Placeholders placeholders) {
    String suiteName = suiteClass.getName();
    String fileHint = configFile == null ? "" : configFile + " sets none; ";
    Settings settings = new Settings(s);
    settings.checkAll();
    ProcessSettings process = processSettings(settings, suiteClass);
    String url = settings.string(SettingKeys.TASK_APP_URL);
    java.util.Optional<java.lang.reflect.Method> rolloutMethod = RolloutMethod.find(suiteClass);
    if (rolloutMethod.isPresent() && (url != null || process != null)) {
      throw new ConfigException(suiteName + ": declares both a @Rollout method ("
          + rolloutMethod.get().getName() + ") and a task app ("
          + (url != null ? s.get(SettingKeys.TASK_APP_URL).origin() : "@TaskAppProcess")
          + "); its rollouts go to one of them: remove the task app or the @Rollout method");
    }
    if (url == null && process == null && rolloutMethod.isEmpty()) {
      throw new ConfigException(suiteName + ": no task app URL. " + fileHint
          + "set @EvalSuite(taskApp = ...), [eval] url or task_app_url in the config file, "
          + "-Devalunit.taskApp.url=..., or declare @TaskAppProcess");
    }
    // A suite's own key wins; ENVIRONMENT_API_KEY only fills in, as in synth-ai's runner.py
    // (config.task_app_api_key or os.getenv("ENVIRONMENT_API_KEY")).
    String key = settings.string(SettingKeys.TASK_APP_API_KEY);
    boolean keyFromEnvironment = key == null && environment.get(ENVIRONMENT_API_KEY) != null
        && !environment.get(ENVIRONMENT_API_KEY).isEmpty();
    if (keyFromEnvironment) {
      key = environment.get(ENVIRONMENT_API_KEY);
    }
    String envName = settings.string(SettingKeys.ENV_NAME);
    if (envName == null && rolloutMethod.isPresent()) {
      envName = suiteClass.getSimpleName(); // names the suite in reports; nothing is sent
    }
    if (envName == null) {
      throw new ConfigException(suiteName + ": no environment name. " + fileHint
          + "set @EvalSuite(env = ...), [eval] env_name in the config file, "
          + "or -Devalunit.env=...");
    }
    ClassLoader loader = suiteClass.getClassLoader();
    String datasetFile = settings.string(SettingKeys.DATASET_FILE);
    List<SeedSpec> dataset = null;
    if (datasetFile != null) {
      String idField = settings.string(SettingKeys.DATASET_ID_FIELD);
      dataset = DatasetFile.rows(datasetFile, files.lines(datasetFile, loader),
          idField == null ? DatasetFile.DEFAULT_ID_FIELD : idField);
    }
    Setting seedsSetting = s.get(SettingKeys.SEEDS);
    if (seedsSetting == null && dataset == null) {
      throw new ConfigException(suiteName + ": no seeds. " + fileHint
          + "set @EvalSuite(seeds = \"0..19\"), [eval] seeds in the config file, "
          + "@Dataset(file = ...), @EvalSuite(seeds = \"task_info:test\") to ask the task app, "
          + "or -Devalunit.seeds=...");
    }
    Integer limit = settings.positiveInt(SettingKeys.LIMIT);
    SeedsFromTaskInfo seedsFromTaskInfo = SeedsFromTaskInfo.of(seedsSetting, limit).orElse(null);
    if (seedsFromTaskInfo != null && rolloutMethod.isPresent()) {
      throw new ConfigException(seedsSetting.origin() + ": seeds = \""
          + seedsFromTaskInfo.describe() + "\" asks a task app for the seeds, but "
          + suiteName + " runs its @Rollout method in process: list the seeds (\"0..19\") or "
          + "use @Dataset(file = ...)");
    }
    if (seedsFromTaskInfo != null && dataset != null) {
      throw new ConfigException(seedsSetting.origin() + ": seeds = \""
          + seedsFromTaskInfo.describe() + "\" asks the task app for the seeds, but the dataset "
          + datasetFile + " names them too: keep one of the two");
    }
    List<SeedSpec> seeds = seedsFromTaskInfo != null ? List.of()
        : SuiteSeeds.select(seedsSetting, dataset, datasetFile, limit);
    Integer concurrency = settings.positiveInt(SettingKeys.CONCURRENCY);
    String traceFormat = settings.string(SettingKeys.TRACE_FORMAT);
    RolloutTemplate rollout = new RolloutTemplate(
        settings.string(SettingKeys.APP_ID),
        envName,
        envConfig(settings.prefixed(SettingKeys.ENV_CONFIG_PREFIX), seedsFromTaskInfo,
            s.get(SettingKeys.ENV_CONFIG_PREFIX + SPLIT)),
        settings.string(SettingKeys.POLICY_NAME),
        settings.prefixed(SettingKeys.POLICY_CONFIG_PREFIX),
        Boolean.TRUE.equals(settings.bool(SettingKeys.RETURN_TRACE)),
        traceFormat == null ? "compact" : traceFormat,
        mode(settings, s));
    List<String> secrets = new ArrayList<>(SecretRedactor.secretValues(rawValues(s)));
    secrets.add(environment.get(ENVIRONMENT_API_KEY));
    secrets.add(environment.get(SYNTH_API_KEY));
    secrets.addAll(SecretRedactor.urlCredentials(url));
    List<Variant> variants = variants(settings, rollout, propertyKeys, placeholders, loader,
        secrets);
    SuiteConfig.AgentRollout agent = rolloutMethod.map(method -> agentRollout(suiteClass,
        method, settings, rollout, variants, placeholders, loader, datasetFile)).orElse(null);
    Integer replicaConcurrency = settings.positiveInt(SettingKeys.REPLICA_CONCURRENCY);
    TaskAppSettings taskApp = new TaskAppSettings(url, key == null ? null : new Secret(key),
        process, replicaConcurrency == null ? 0 : replicaConcurrency);
    if (process != null) {
      process.environment().forEach((name, value) -> {
        if (SecretKeys.isSecret(name)) {
          secrets.add(value);
        }
      });
    }
    SecretRedactor redactor = SecretRedactor.of(secrets);
    Duration connect = settings.duration(SettingKeys.CONNECT_TIMEOUT);
    Duration call = settings.duration(SettingKeys.ROLLOUT_TIMEOUT);
    Duration readIdle = settings.duration(SettingKeys.READ_IDLE_TIMEOUT);
    Long maxBytes = settings.byteSize(SettingKeys.RESPONSE_MAX_BYTES);
    String dir = settings.string(SettingKeys.OUTPUT_DIR);
    Boolean seedLines = settings.bool(SettingKeys.OUTPUT_SEED_LINES);
    return new SuiteConfig(
        suiteName,
        taskApp,
        rollout,
        variants,
        seeds,
        concurrency == null ? 1 : concurrency,
        new Timeouts(
            connect == null ? Duration.ofSeconds(10) : connect,
            call == null ? Duration.ofMinutes(10) : call,
            readIdle == null ? Duration.ZERO : readIdle,
            maxBytes == null ? Timeouts.DEFAULT_MAX_RESPONSE_BYTES : maxBytes,
            settings.attemptTimeout(SettingKeys.ATTEMPT_TIMEOUT)),
        new SeedThresholds(
            settings.number(SettingKeys.SEED_MIN_SCORE),
            settings.nonNegativeLong(SettingKeys.SEED_MAX_TOKENS),
            settings.number(SettingKeys.SEED_MAX_COST_USD),
            settings.nonNegativeLong(SettingKeys.SEED_MAX_LATENCY_MS),
            Boolean.TRUE.equals(settings.bool(SettingKeys.COST_ALLOW_UNPRICED))),
        suiteThresholds(settings, seeds),
        new OutputSettings(
            shardFolder(dir == null
                ? baseDir.resolve("target").resolve("evalunit").resolve(suiteName)
                : baseDir.resolve(dir.replace("{suite}", suiteName))),
            seedLines == null || seedLines),
        SuiteConfig.configHash(rollout, variants),
        EffectiveConfig.of(s, variants, keyFromEnvironment ? ENVIRONMENT_API_KEY : null, redactor),
        reliability(settings),
        redactor,
        settings.string(SettingKeys.BACKEND_URL),
        prices(settings.string(SettingKeys.COST_PRICE_FILE), loader),
        seedsFromTaskInfo,
        cache(settings),
        baseline(settings, suiteName),
        epochs(settings, s),
        agent);
  }

  /** The env.config key a task app reads its split from (synth-ai task apps: {@code split}). */
  private static final String SPLIT = "split";

  /**
   * The suite's {@code env.config}; with {@code seeds = "task_info:<split>"} it also carries
   * {@code split}, so the seeds run in the split they were named from. A different split set
   * there is an error: the seeds would index another split's rows.
   */
  private static Map<String, Object> envConfig(Map<String, Object> configured,
      SeedsFromTaskInfo seeds, Setting splitSetting) {
    if (seeds == null || seeds.split() == null) {
      return configured;
    }
    Object split = configured.get(SPLIT);
    if (split != null && !seeds.split().equals(String.valueOf(split))) {
      throw new ConfigException(splitSetting.origin() + ": env.config.split = \"" + split
          + "\" but seeds = \"" + seeds.describe() + "\" names the seeds of split \""
          + seeds.split() + "\": set both to the same split (or leave env.config.split unset)");
    }
    Map<String, Object> withSplit = new LinkedHashMap<>(configured);
    withSplit.put(SPLIT, seeds.split());
    return withSplit;
  }

  /** {@code cache.*}; the folder is relative to the working directory. */
  private CacheSettings cache(Settings settings) {
    String mode = settings.string(SettingKeys.CACHE_MODE);
    String dir = settings.string(SettingKeys.CACHE_DIR);
    String version = settings.string(SettingKeys.CACHE_AGENT_VERSION);
    return new CacheSettings(mode == null ? CacheMode.OFF : CacheMode.of(mode.trim()),
        baseDir.resolve(dir == null ? "evalunit-cache" : dir.trim()),
        version == null ? null : version.trim());
  }

  /**
   * The baseline gate's settings; the gate is on when {@code baseline.file} is set (a missing
   * file then aborts the gate, naming the path) or the default file exists.
   */
  private BaselineSettings baseline(Settings settings, String suiteName) {
    String file = settings.string(SettingKeys.BASELINE_FILE);
    Path path = baseDir.resolve((file == null ? BaselineSettings.DEFAULT_FILE : file)
        .replace("{suite}", suiteName)).toAbsolutePath().normalize();
    Double drop = settings.number(SettingKeys.BASELINE_TOLERATED_DROP);
    Double confidence = settings.number(SettingKeys.BASELINE_CONFIDENCE);
    Double seedDrop = settings.number(SettingKeys.BASELINE_SEED_DROP);
    return new BaselineSettings(path, file != null || Files.isRegularFile(path),
        drop == null ? BaselineSettings.DEFAULT_TOLERATED_DROP : drop,
        confidence == null ? BaselineSettings.DEFAULT_CONFIDENCE : confidence,
        seedDrop == null ? BaselineSettings.DEFAULT_SEED_DROP : seedDrop,
        Boolean.TRUE.equals(settings.bool(SettingKeys.BASELINE_FAIL_ON_SEED_DROP)),
        Boolean.TRUE.equals(settings.bool(SettingKeys.BASELINE_INCONCLUSIVE_FAILS)),
        Boolean.TRUE.equals(settings.bool(SettingKeys.BASELINE_WRITE)));
  }

  /**
   * {@code epochs} and {@code epochs.reducer}; a reducer that needs more epochs than the suite
   * runs (pass@5 over 3 epochs) is rejected naming both settings.
   */
  private static SuiteConfig.Epochs epochs(Settings settings, Map<String, Setting> s) {
    Integer count = settings.positiveInt(SettingKeys.EPOCHS);
    EpochReducer reducer = settings.reducer(SettingKeys.EPOCHS_REDUCER);
    int n = count == null ? 1 : count;
    EpochReducer r = reducer == null ? EpochReducer.DEFAULT : reducer;
    if (r.minEpochs() > n) {
      Setting epochs = s.get(SettingKeys.EPOCHS);
      String k = r.name().replaceAll("[^0-9]", "");
      throw new ConfigException(s.get(SettingKeys.EPOCHS_REDUCER).origin() + ": expected a "
          + "reducer whose k is at most the number of epochs, got \"" + r.name() + "\" with "
          + "epochs = " + n + (epochs == null ? " (the default)" : " (from " + epochs.origin()
          + ")") + "; set epochs = " + k + " or more, or use "
          + r.name().replace(k, Integer.toString(n)));
    }
    return new SuiteConfig.Epochs(n, r);
  }

  /**
   * The output folder of this run: the suite's, or its {@code shard-K-of-N} sub-folder when the
   * run is one shard. A merge writes to the suite's folder and reads the shard folders below it.
   */
  private Path shardFolder(Path suiteDir) {
    Shard shard = shard();
    return shard.isPart() ? suiteDir.resolve(shard.folderName()) : suiteDir;
  }

  /** What part of each suite this run executes ({@code evalunit.shard}); see {@link Shard}. */
  public Shard shard() {
    return Shard.of(parameters);
  }

  /** The in-process rollout of a suite with a {@code @Rollout} method. */
  private SuiteConfig.AgentRollout agentRollout(Class<?> suiteClass,
      java.lang.reflect.Method method, Settings settings, RolloutTemplate rollout,
      List<Variant> variants, Placeholders placeholders, ClassLoader loader, String dataset) {
    dev.evalunit.Rollout annotation = method.getAnnotation(dev.evalunit.Rollout.class);
    Integer maxIterations = settings.positiveInt(SettingKeys.AGENT_MAX_ITERATIONS);
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    String file = settings.string(SettingKeys.LLM_FILE);
    boolean matrix = file != null || settings.names(SettingKeys.LLM_CONFIGS) != null;
    LlmConfigFile llm = matrix ? LlmConfigFile.of(files.toml(file == null ? DEFAULT_LLM_FILE
        : file, loader), file == null ? DEFAULT_LLM_FILE : file) : null;
    for (Variant variant : variants) {
      Map<String, Object> section = new LinkedHashMap<>(rollout.policyConfig());
      if (llm != null) {
        String name = SuiteConfig.AgentRollout.llmName(variant);
        llm.section(name).forEach((k, v) -> section.put(k,
            placeholders.expandAll(v, llm.location() + " [llm." + name + "]." + k)));
      }
      sections.put(variant.key(), section);
    }
    String agentClass = annotation.agentClass().isBlank() ? suiteClass.getSimpleName()
        : annotation.agentClass();
    Class<?> user = annotation.simulatedUser() == dev.evalunit.agent.SimulatedUser.class ? null
        : annotation.simulatedUser();
    return new SuiteConfig.AgentRollout(suiteClass, method,
        maxIterations == null ? dev.evalunit.Rollout.DEFAULT_MAX_ITERATIONS : maxIterations,
        agentClass, settings.string(SettingKeys.AGENT_EVAL_NOTE),
        List.of(annotation.retryOn()), user, sections, dataset);
  }

  /** The built-in prices with the user's price file (cost.priceFile) on top. */
  private PriceTable prices(String priceFile, ClassLoader loader) {
    return priceFile == null ? PriceTable.builtIn()
        : PriceTable.builtIn().with(PriceFile.read(files.toml(priceFile, loader), priceFile));
  }

  /** runner.py sends {@code config.mode or "eval"}; its RolloutMode knows "eval" and "rl". */
  private static String mode(Settings settings, Map<String, Setting> s) {
    String mode = settings.string(SettingKeys.MODE);
    if (mode == null) {
      return RolloutTemplate.DEFAULT_MODE;
    }
    String trimmed = mode.trim();
    if (!trimmed.equals("eval") && !trimmed.equals("rl")) {
      throw ConfigException.invalid(s.get(SettingKeys.MODE), "\"eval\" (the default) or \"rl\"");
    }
    return trimmed;
  }

  private static Reliability reliability(Settings settings) {
    Reliability.Retry defaults = Reliability.Retry.DEFAULTS;
    Long retries = settings.nonNegativeLong(SettingKeys.RETRY_MAX_RETRIES);
    Duration baseDelay = settings.duration(SettingKeys.RETRY_BASE_DELAY);
    Duration maxDelay = settings.duration(SettingKeys.RETRY_MAX_DELAY);
    Duration maxRetryAfter = settings.duration(SettingKeys.RETRY_MAX_RETRY_AFTER);
    Duration suiteTimeout = settings.duration(SettingKeys.SUITE_TIMEOUT);
    Boolean allowPartial = settings.bool(SettingKeys.BUDGET_ALLOW_PARTIAL);
    Boolean failFast = settings.bool(SettingKeys.FAIL_FAST);
    return new Reliability(
        new Reliability.Retry(
            retries == null ? defaults.maxRetries() : retries.intValue(),
            baseDelay == null ? defaults.baseDelay() : baseDelay,
            maxDelay == null ? defaults.maxDelay() : maxDelay,
            maxRetryAfter == null ? defaults.maxRetryAfter() : maxRetryAfter),
        suiteTimeout,
        budget(settings, SettingKeys.BUDGET_USD, SettingKeys.BUDGET_TOKENS,
            SettingKeys.BUDGET_WALL_TIME),
        Boolean.TRUE.equals(allowPartial),
        settings.errorLimit(SettingKeys.MAX_ERRORS),
        Boolean.TRUE.equals(failFast));
  }

  private static Reliability.Budget budget(Settings settings, String usd, String tokens,
      String wallTime) {
    return new Reliability.Budget(settings.number(usd), settings.nonNegativeLong(tokens),
        settings.duration(wallTime));
  }

  /**
   * The run budget, spanning every suite of one engine execution: the configuration parameters
   * {@code evalunit.run.budget.usd}, {@code .tokens} and {@code .wallTime}.
   *
   * @throws ConfigException naming the parameter when a value is not usable
   */
  public Reliability.Budget runBudget() {
    Map<String, Setting> raw = new LinkedHashMap<>();
    for (String part : List.of("usd", "tokens", "wallTime")) {
      String key = SettingKeys.RUN_BUDGET_PREFIX + part;
      PropertySettings.engineSetting(parameters, key).ifPresent(v ->
          raw.put(key, new Setting(v, "configuration parameter " + PropertySettings.PREFIX + key)));
    }
    return budget(new Settings(raw), SettingKeys.RUN_BUDGET_PREFIX + "usd",
        SettingKeys.RUN_BUDGET_PREFIX + "tokens", SettingKeys.RUN_BUDGET_PREFIX + "wallTime");
  }

  private static Map<String, Object> rawValues(Map<String, Setting> settings) {
    Map<String, Object> values = new LinkedHashMap<>();
    settings.forEach((key, setting) -> values.put(key, setting.value()));
    return values;
  }

  /**
   * The matrix: one variant per selected LLM config, or the single default variant when the
   * suite names no LLM config file and no configs.
   */
  private List<Variant> variants(Settings settings, RolloutTemplate rollout,
      Set<String> propertyKeys, Placeholders placeholders, ClassLoader loader,
      List<String> secrets) {
    String file = settings.string(SettingKeys.LLM_FILE);
    List<String> names = settings.names(SettingKeys.LLM_CONFIGS);
    if (file == null && names == null) {
      return List.of(Variant.DEFAULT);
    }
    if (file == null) {
      file = DEFAULT_LLM_FILE;
    }
    Set<String> pinned = new HashSet<>();
    for (String key : propertyKeys) {
      if (key.startsWith(SettingKeys.POLICY_CONFIG_PREFIX)) {
        pinned.add(key.substring(SettingKeys.POLICY_CONFIG_PREFIX.length()));
      }
    }
    LlmConfigFile llm = LlmConfigFile.of(files.toml(file, loader), file);
    List<Variant> variants = LlmVariants.of(llm, names == null ? List.of() : names,
        Boolean.TRUE.equals(settings.bool(SettingKeys.LLM_SEND_SECRETS)),
        rollout.policyConfig(), pinned, placeholders);
    // Secrets of the chosen sections are redacted even when they are not sent.
    for (Variant variant : variants) {
      for (String value : SecretRedactor.secretValues(llm.section(variant.name()))) {
        try {
          secrets.add(placeholders.expand(value, file));
        } catch (ConfigException unresolvable) {
          secrets.add(value); // not sent, so nothing more to hide than the text itself
        }
      }
    }
    return variants;
  }

  private ProcessSettings processSettings(Settings settings, Class<?> suiteClass) {
    List<String> command = settings.stringList(SettingKeys.PROCESS_COMMAND);
    if (command == null || command.isEmpty()) {
      return null;
    }
    if (command.stream().anyMatch(arg -> arg.contains(TaskAppClassPath.PLACEHOLDER))) {
      String classPath = TaskAppClassPath.of(suiteClass);
      command = command.stream()
          .map(arg -> arg.replace(TaskAppClassPath.PLACEHOLDER, classPath)).toList();
    }
    Map<String, String> env = new LinkedHashMap<>();
    List<String> pairs = settings.stringList(SettingKeys.PROCESS_ENVIRONMENT);
    for (String pair : pairs == null ? List.<String>of() : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        // The entry may hold a secret: name its place, not its text.
        throw new ConfigException(settings.raw.get(SettingKeys.PROCESS_ENVIRONMENT).origin()
            + ": expected entries of the form NAME=value, entry " + (env.size() + 1)
            + " has no NAME=");
      }
      env.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    String dir = settings.string(SettingKeys.PROCESS_WORKING_DIR);
    Duration startup = settings.duration(SettingKeys.PROCESS_STARTUP_TIMEOUT);
    Integer replicas = settings.positiveInt(SettingKeys.PROCESS_REPLICAS);
    return new ProcessSettings(command, dir == null ? baseDir : baseDir.resolve(dir), env,
        startup == null ? Duration.ofSeconds(60) : startup, replicas == null ? 1 : replicas);
  }

  /** Typed reads over the merged settings; each failure names the setting's origin. */
  static final class Settings {
    private final Map<String, Setting> raw;

    Settings(Map<String, Setting> raw) {
      this.raw = raw;
    }

    /** The value checked against its registered form and range, or null when unset. */
    private <T> T typed(String key, Class<T> type) {
      Setting s = raw.get(key);
      return s == null ? null : type.cast(SettingRegistry.parse(key, s));
    }

    /** Checks every set value against its registered form and range, read or not. */
    void checkAll() {
      raw.forEach((key, setting) -> {
        if (SettingRegistry.find(key).isPresent()) {
          SettingRegistry.parse(key, setting);
        }
      });
    }

    String string(String key) {
      Object value = typed(key, Object.class);
      return value == null ? null : value.toString();
    }

    List<String> stringList(String key) {
      Setting s = raw.get(key);
      if (s == null) {
        return null;
      }
      if (s.value() instanceof List<?> list) {
        return list.stream().map(String::valueOf).toList();
      }
      if (s.value() instanceof String str) {
        return List.of(str.trim().split("\\s+"));
      }
      throw ConfigException.invalid(key, s, "a list of strings");
    }

    /** Names given as a list or as one comma- or space-separated string; null if unset. */
    List<String> names(String key) {
      Setting s = raw.get(key);
      if (s == null) {
        return null;
      }
      List<String> items;
      if (s.value() instanceof List<?> list) {
        items = list.stream().map(String::valueOf).toList();
      } else if (s.value() instanceof String str) {
        items = List.of(str.split("[,\\s]+"));
      } else {
        throw ConfigException.invalid(key, s, "names separated by commas");
      }
      List<String> names = items.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
      return names.isEmpty() ? null : names;
    }

    Boolean bool(String key) {
      return typed(key, Boolean.class);
    }

    EpochReducer reducer(String key) {
      return typed(key, EpochReducer.class);
    }

    Integer positiveInt(String key) {
      Long value = typed(key, Long.class);
      return value == null ? null : value.intValue();
    }

    Long nonNegativeLong(String key) {
      return typed(key, Long.class);
    }

    /** A size in bytes: {@code 67108864}, {@code 64MiB}, {@code 512KiB}, {@code 1GiB}; 1 KiB..16 GiB. */
    Long byteSize(String key) {
      Setting s = raw.get(key);
      if (s == null) {
        return null;
      }
      Matcher m = BYTE_SIZE.matcher(s.value().toString().trim());
      if (m.matches()) {
        long unit = switch (m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT)) {
          case "kib", "k" -> 1L << 10;
          case "mib", "m" -> 1L << 20;
          case "gib", "g" -> 1L << 30;
          default -> 1;
        };
        long amount = Long.parseLong(m.group(1));
        if (amount <= (16L << 30) / unit && amount * unit >= 1024) {
          return amount * unit;
        }
      }
      throw ConfigException.invalid(key, s,
          "a size from 1KiB to 16GiB such as 67108864, 512KiB, 64MiB or 1GiB");
    }

    /** {@code adaptive} (also when unset), {@code off}, or a positive duration. */
    SuiteConfig.AttemptTimeout attemptTimeout(String key) {
      Setting s = raw.get(key);
      if (s == null) {
        return SuiteConfig.AttemptTimeout.ADAPTIVE;
      }
      String text = s.value().toString().trim();
      if (text.equalsIgnoreCase("adaptive")) {
        return SuiteConfig.AttemptTimeout.ADAPTIVE;
      }
      if (text.equalsIgnoreCase("off")) {
        return SuiteConfig.AttemptTimeout.OFF;
      }
      try {
        Object cut = SettingForm.duration(Duration.ofMillis(1)).parse(key, s);
        if (cut instanceof Duration d) {
          return SuiteConfig.AttemptTimeout.fixed(d);
        }
      } catch (ConfigException e) {
        // reported below with every form the key takes
      }
      throw ConfigException.invalid(key, s,
          "adaptive, off, or a positive duration such as 90s or 1500ms");
    }

    /** A number in the key's registered range. */
    Double number(String key) {
      return typed(key, Double.class);
    }

    Duration duration(String key) {
      return typed(key, Duration.class);
    }

    /** {@code 5} (a count), {@code 0.2} or {@code 20%} (a fraction of the seeds). */
    Reliability.ErrorLimit errorLimit(String key) {
      Setting s = raw.get(key);
      if (s == null) {
        return Reliability.ErrorLimit.NONE;
      }
      String text = s.value().toString().trim();
      try {
        // Integers are counts; anything with a decimal point or a percent sign is a fraction.
        if (text.matches("\\d{1,9}")) {
          return new Reliability.ErrorLimit(Integer.valueOf(text), null);
        }
        double fraction = text.endsWith("%")
            ? Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100
            : Double.parseDouble(text);
        if (fraction >= 0 && fraction <= 1) {
          return new Reliability.ErrorLimit(null, fraction);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw ConfigException.invalid(s,
          "a count of errored seeds such as 5, or a fraction of the seeds such as 0.2 or 20%");
    }

    Map<String, Object> prefixed(String prefix) {
      Map<String, Object> out = new LinkedHashMap<>();
      raw.forEach((k, v) -> {
        if (k.startsWith(prefix)) {
          out.put(k.substring(prefix.length()), v.value());
        }
      });
      return out;
    }
  }

  /** The suite thresholds; a confidence level and a cluster field are checked against the seeds. */
  private static SuiteThresholds suiteThresholds(Settings settings, List<SeedSpec> seeds) {
    Double confidence = settings.number(SettingKeys.SUITE_CONFIDENCE);
    if (confidence != null && !(confidence >= 0.5 && confidence < 1)) {
      throw ConfigException.invalid(SettingKeys.SUITE_CONFIDENCE,
          settings.raw.get(SettingKeys.SUITE_CONFIDENCE),
          "a level from 0.5 up to but not including 1, e.g. 0.95");
    }
    String cluster = settings.string(SettingKeys.SUITE_CLUSTER_FIELD);
    if (cluster != null) {
      for (SeedSpec seed : seeds) {
        if (seed.row().get(cluster) == null) {
          throw ConfigException.invalid(SettingKeys.SUITE_CLUSTER_FIELD,
              settings.raw.get(SettingKeys.SUITE_CLUSTER_FIELD),
              "a field every dataset row has; " + seed.displayName() + " has none named \""
                  + cluster + "\"" + (seed.row().isEmpty() ? " (the suite has no dataset)"
                      : " (its fields: " + String.join(", ", seed.row().keySet()) + ")"));
        }
      }
    }
    Boolean inconclusiveFails = settings.bool(SettingKeys.SUITE_INCONCLUSIVE_FAILS);
    Boolean allowUnpriced = settings.bool(SettingKeys.COST_ALLOW_UNPRICED);
    return SuiteThresholds.of(
            settings.number(SettingKeys.SUITE_MIN_MEAN_SCORE),
            settings.number(SettingKeys.SUITE_MIN_PASS_RATE),
            settings.number(SettingKeys.SUITE_MAX_COST_USD),
            settings.nonNegativeLong(SettingKeys.SUITE_MAX_TOKENS))
        .withLatency(settings.nonNegativeLong(SettingKeys.SUITE_MAX_P95_LATENCY_MS),
            settings.nonNegativeLong(SettingKeys.SUITE_MAX_MEAN_LATENCY_MS))
        .withCost(settings.number(SettingKeys.SUITE_MAX_COST_PER_SEED_USD),
            allowUnpriced != null && allowUnpriced)
        .withConfidence(confidence, cluster, inconclusiveFails != null && inconclusiveFails);
  }
}
