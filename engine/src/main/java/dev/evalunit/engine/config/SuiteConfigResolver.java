package dev.evalunit.engine.config;

import dev.evalunit.engine.config.SuiteConfig.OutputSettings;
import dev.evalunit.engine.config.SuiteConfig.ProcessSettings;
import dev.evalunit.engine.config.SuiteConfig.Reliability;
import dev.evalunit.engine.config.SuiteConfig.RolloutTemplate;
import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.config.SuiteConfig.SuiteThresholds;
import dev.evalunit.engine.config.SuiteConfig.TaskAppSettings;
import dev.evalunit.engine.config.SuiteConfig.Timeouts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * Resolves one suite's {@link SuiteConfig}: defaults &lt; annotations &lt; the config file &lt;
 * configuration parameters (properties file &lt; system properties) &lt; the environment's
 * secrets. Reads local files only; never touches the network.
 */
public final class SuiteConfigResolver {

  /** The environment variable that supplies the task app key when no setting does. */
  public static final String ENVIRONMENT_API_KEY = "ENVIRONMENT_API_KEY";

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private final ConfigurationParameters parameters;
  private final Map<String, String> environment;
  private final Path baseDir;

  /**
   * @param parameters the launcher's configuration parameters
   * @param environment the process environment (injected so tests are hermetic)
   * @param baseDir the directory relative config paths are resolved against
   */
  public SuiteConfigResolver(
      ConfigurationParameters parameters, Map<String, String> environment, Path baseDir) {
    this.parameters = parameters;
    this.environment = Map.copyOf(environment);
    this.baseDir = baseDir;
  }

  public SuiteConfig resolve(Class<?> suiteClass) {
    List<SettingsLayer> layers = new ArrayList<>();
    layers.add(AnnotationSettings.read(suiteClass));
    SettingsLayer properties = PropertySettings.read(parameters, suiteClass);
    String configFile = properties.has("file")
        ? properties.asMap().get("file").value().toString()
        : AnnotationSettings.configFile(suiteClass);
    if (configFile != null) {
      layers.add(EvalConfigFile.read(configFile, baseDir, suiteClass.getClassLoader()));
    }
    layers.add(properties);
    Map<String, Setting> merged = expandPlaceholders(SettingsLayer.merge(layers));
    return build(suiteClass.getName(), merged);
  }

  private Map<String, Setting> expandPlaceholders(Map<String, Setting> merged) {
    Placeholders placeholders = new Placeholders(environment);
    Map<String, Setting> expanded = new LinkedHashMap<>();
    merged.forEach((key, setting) -> expanded.put(key,
        new Setting(expand(placeholders, setting.value(), setting.origin()), setting.origin())));
    return expanded;
  }

  /** Strings, and the strings in lists (@TaskAppProcess command and environment). */
  private static Object expand(Placeholders placeholders, Object value, String origin) {
    if (value instanceof String s) {
      return placeholders.expand(s, origin);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(item -> expand(placeholders, item, origin)).toList();
    }
    return value;
  }

  private SuiteConfig build(String suiteName, Map<String, Setting> s) {
    Settings settings = new Settings(s);
    ProcessSettings process = processSettings(settings);
    String url = settings.string(SettingKeys.TASK_APP_URL);
    if (url == null && process == null) {
      throw new ConfigException(suiteName + ": no task app URL. Set @EvalSuite(taskApp = ...), "
          + "[eval] task_app_url in the config file, -Devalunit.taskApp.url=..., "
          + "or declare @TaskAppProcess");
    }
    if (url != null && !url.matches("(?i)https?://.+")) {
      throw ConfigException.invalid(s.get(SettingKeys.TASK_APP_URL), "an http(s):// URL");
    }
    String key = settings.string(SettingKeys.TASK_APP_API_KEY);
    if (key == null) {
      key = environment.get(ENVIRONMENT_API_KEY);
    }
    String envName = settings.string(SettingKeys.ENV_NAME);
    if (envName == null) {
      throw new ConfigException(suiteName + ": no environment name. Set @EvalSuite(env = ...), "
          + "[eval] env_name in the config file, or -Devalunit.env=...");
    }
    Setting seedsSetting = s.get(SettingKeys.SEEDS);
    if (seedsSetting == null) {
      throw new ConfigException(suiteName + ": no seeds. Set @EvalSuite(seeds = \"0..19\"), "
          + "[eval] seeds in the config file, or -Devalunit.seeds=...");
    }
    List<SeedSpec> seeds = SeedList.parse(seedsSetting).stream().map(SeedSpec::of).toList();
    Integer limit = settings.positiveInt(SettingKeys.LIMIT);
    if (limit != null && limit < seeds.size()) {
      seeds = seeds.subList(0, limit);
    }
    Integer concurrency = settings.positiveInt(SettingKeys.CONCURRENCY);
    String traceFormat = settings.string(SettingKeys.TRACE_FORMAT);
    if (traceFormat != null && !List.of("compact", "full", "structured").contains(traceFormat)) {
      throw ConfigException.invalid(s.get(SettingKeys.TRACE_FORMAT),
          "one of \"compact\", \"full\", \"structured\"");
    }
    RolloutTemplate rollout = new RolloutTemplate(
        settings.string(SettingKeys.APP_ID),
        envName,
        settings.prefixed(SettingKeys.ENV_CONFIG_PREFIX),
        settings.string(SettingKeys.POLICY_NAME),
        settings.prefixed(SettingKeys.POLICY_CONFIG_PREFIX),
        Boolean.TRUE.equals(settings.bool(SettingKeys.RETURN_TRACE)),
        traceFormat == null ? "compact" : traceFormat);
    Duration connect = settings.duration(SettingKeys.CONNECT_TIMEOUT);
    Duration call = settings.duration(SettingKeys.ROLLOUT_TIMEOUT);
    String dir = settings.string(SettingKeys.OUTPUT_DIR);
    Boolean seedLines = settings.bool(SettingKeys.OUTPUT_SEED_LINES);
    return new SuiteConfig(
        suiteName,
        new TaskAppSettings(url, key == null ? null : new Secret(key), process),
        rollout,
        List.of(SuiteConfig.Variant.DEFAULT),
        seeds,
        concurrency == null ? 1 : concurrency,
        new Timeouts(
            connect == null ? Duration.ofSeconds(10) : connect,
            call == null ? Duration.ofMinutes(10) : call),
        new SeedThresholds(
            settings.fraction(SettingKeys.SEED_MIN_SCORE, false),
            settings.nonNegativeLong(SettingKeys.SEED_MAX_TOKENS),
            settings.fraction(SettingKeys.SEED_MAX_COST_USD, true),
            settings.nonNegativeLong(SettingKeys.SEED_MAX_LATENCY_MS)),
        new SuiteThresholds(
            settings.fraction(SettingKeys.SUITE_MIN_MEAN_SCORE, false),
            settings.fraction(SettingKeys.SUITE_MIN_PASS_RATE, false),
            settings.fraction(SettingKeys.SUITE_MAX_COST_USD, true),
            settings.nonNegativeLong(SettingKeys.SUITE_MAX_TOKENS)),
        new OutputSettings(
            dir == null
                ? baseDir.resolve("target").resolve("evalunit").resolve(suiteName)
                : baseDir.resolve(dir.replace("{suite}", suiteName)),
            seedLines == null || seedLines),
        configHash(rollout),
        masked(s),
        reliability(settings));
  }

  private static Reliability reliability(Settings settings) {
    Reliability.Retry defaults = Reliability.Retry.DEFAULTS;
    Long retries = settings.nonNegativeLong(SettingKeys.RETRY_MAX_RETRIES);
    if (retries != null && retries > 100) {
      throw ConfigException.invalid(settings.raw.get(SettingKeys.RETRY_MAX_RETRIES),
          "an integer from 0 to 100");
    }
    Duration baseDelay = settings.duration(SettingKeys.RETRY_BASE_DELAY);
    Duration maxDelay = settings.duration(SettingKeys.RETRY_MAX_DELAY);
    Duration maxRetryAfter = settings.duration(SettingKeys.RETRY_MAX_RETRY_AFTER);
    Duration suiteTimeout = settings.duration(SettingKeys.SUITE_TIMEOUT);
    if (suiteTimeout != null && suiteTimeout.isZero()) {
      throw ConfigException.invalid(settings.raw.get(SettingKeys.SUITE_TIMEOUT),
          "a positive duration such as 30s or 2h");
    }
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
    return new Reliability.Budget(settings.fraction(usd, true), settings.nonNegativeLong(tokens),
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

  private ProcessSettings processSettings(Settings settings) {
    List<String> command = settings.stringList(SettingKeys.PROCESS_COMMAND);
    if (command == null || command.isEmpty()) {
      return null;
    }
    Map<String, String> env = new LinkedHashMap<>();
    List<String> pairs = settings.stringList(SettingKeys.PROCESS_ENVIRONMENT);
    for (String pair : pairs == null ? List.<String>of() : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw ConfigException.invalid(settings.raw.get(SettingKeys.PROCESS_ENVIRONMENT),
            "entries of the form NAME=value");
      }
      env.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    String dir = settings.string(SettingKeys.PROCESS_WORKING_DIR);
    Duration startup = settings.duration(SettingKeys.PROCESS_STARTUP_TIMEOUT);
    return new ProcessSettings(command, dir == null ? baseDir : baseDir.resolve(dir), env,
        startup == null ? Duration.ofSeconds(60) : startup);
  }

  /** Hash of what decides a rollout's result, so resumed rows are only reused when it matches. */
  private static String configHash(RolloutTemplate rollout) {
    Map<String, Object> canonical = new TreeMap<>();
    canonical.put("env", rollout.envName());
    canonical.put("envConfig", new TreeMap<>(rollout.envConfig()));
    canonical.put("policyName", String.valueOf(rollout.policyName()));
    canonical.put("policyConfig", new TreeMap<>(rollout.policyConfig()));
    canonical.put("traceFormat", rollout.traceFormat());
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> masked(Map<String, Setting> settings) {
    Map<String, String> out = new TreeMap<>();
    settings.forEach((k, v) -> out.put(k, SecretKeys.isSecret(k) ? Secret.MASK
        : String.valueOf(v.value())));
    return out;
  }

  /** Typed reads over the merged settings; each failure names the setting's origin. */
  private static final class Settings {
    private final Map<String, Setting> raw;

    Settings(Map<String, Setting> raw) {
      this.raw = raw;
    }

    String string(String key) {
      Setting s = raw.get(key);
      if (s == null) {
        return null;
      }
      if (s.value() instanceof String str) {
        return str.isBlank() ? null : str;
      }
      if (s.value() instanceof Number || s.value() instanceof Boolean) {
        return s.value().toString();
      }
      throw ConfigException.invalid(s, "a string");
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
      throw ConfigException.invalid(s, "a list of strings");
    }

    Boolean bool(String key) {
      Setting s = raw.get(key);
      if (s == null) {
        return null;
      }
      if (s.value() instanceof Boolean b) {
        return b;
      }
      if (s.value() instanceof String str) {
        String t = str.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
          return Boolean.valueOf(t);
        }
      }
      throw ConfigException.invalid(s, "true or false");
    }

    Integer positiveInt(String key) {
      Long value = nonNegativeLong(key);
      if (value == null) {
        return null;
      }
      if (value < 1 || value > 100_000) {
        throw ConfigException.invalid(raw.get(key), "an integer from 1 to 100000");
      }
      return value.intValue();
    }

    Long nonNegativeLong(String key) {
      Setting s = raw.get(key);
      if (s == null) {
        return null;
      }
      Object v = s.value();
      if (v instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 0) {
        return n.longValue();
      }
      if (v instanceof String str && str.trim().matches("\\d{1,18}")) {
        return Long.parseLong(str.trim());
      }
      throw ConfigException.invalid(s, "a non-negative integer");
    }

    /** A non-negative number; a score-like one ({@code unbounded == false}) must lie in 0..1. */
    Double fraction(String key, boolean unbounded) {
      Setting s = raw.get(key);
      if (s == null) {
        return null;
      }
      Double d = null;
      if (s.value() instanceof Number n) {
        d = n.doubleValue();
      } else if (s.value() instanceof String str) {
        try {
          d = Double.parseDouble(str.trim());
        } catch (NumberFormatException e) {
          d = null;
        }
      }
      if (d == null || d.isNaN() || d < 0 || (!unbounded && d > 1)) {
        throw ConfigException.invalid(s, unbounded ? "a non-negative number" : "a number 0..1");
      }
      return d;
    }

    Duration duration(String key) {
      Setting s = raw.get(key);
      if (s == null) {
        return null;
      }
      String text = s.value().toString().trim().toLowerCase(Locale.ROOT);
      Matcher m = DURATION.matcher(text);
      if (!m.matches()) {
        throw ConfigException.invalid(s, "a duration such as 500ms, 30s, 10m or 1h");
      }
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      long millis = (long) (amount * switch (unit) {
        case "ms" -> 1;
        case "m" -> 60_000;
        case "h" -> 3_600_000;
        default -> 1_000;
      });
      return Duration.ofMillis(millis);
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
}
