package dev.evalunit.engine.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.config.SecretRedactor;
import dev.evalunit.engine.config.SuiteConfig.CacheSettings;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.RolloutMetrics.CostSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * One folder of recordings, {@code <sha-256 of the key>.json} each: pretty-printed JSON with
 * sorted keys and {@code \n} line ends (stable, diff-friendly, commit it), holding the key it
 * was recorded under and the result. A file is written whole to a temporary file and renamed
 * over the target, so readers never see half a file and concurrent writers of one key (shards
 * sharing the folder) leave one valid recording. A file that is not a valid recording of its
 * key is an error naming it, never a silent miss.
 *
 * <pre>{@code
 * RolloutCache cache = new RolloutCache(config.cache(), config.redactor());
 * CacheKey key = cache.key(body, "gpt-4o", 0);
 * Optional<Recording> hit = cache.find(key);
 * cache.record(key, new Recording(metrics, trace, 412.5, 1));
 * }</pre>
 */
public final class RolloutCache {

  /** The format of a recording file, {@code "evalunit_cache": 1}. */
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CacheSettings settings;
  private final SecretRedactor redactor;

  /**
   * @param redactor the suite's secret values, kept out of keys and recordings
   */
  public RolloutCache(CacheSettings settings, SecretRedactor redactor) {
    this.settings = settings;
    this.redactor = redactor;
  }

  /** The key of one rollout whose request is {@code request} (see {@link CacheKey#of}). */
  public CacheKey key(JsonNode request, String variant, int epoch) {
    return CacheKey.of(request, variant, epoch, settings.agentVersion(), redactor);
  }

  public CacheSettings settings() {
    return settings;
  }

  /** Where the recording of {@code key} is (or would be) kept. */
  public Path file(CacheKey key) {
    return settings.dir().resolve(key.fileName());
  }

  /**
   * The recording of {@code key}, or empty when there is none.
   *
   * @throws CacheException naming the file when it cannot be read, is not a recording, or
   *     records another key
   */
  public Optional<Recording> find(CacheKey key) {
    Path file = file(key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CacheException("cannot read cache file " + file + ": " + e, e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw corrupt(file, "not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw corrupt(file, "not readable as JSON (" + e.getMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw corrupt(file, "not a JSON object", null);
    }
    if (root.path("evalunit_cache").asInt(-1) != FORMAT) {
      throw corrupt(file, "expected \"evalunit_cache\": " + FORMAT + ", got "
          + root.path("evalunit_cache"), null);
    }
    // As text: a number read back may be another node type (an int for a long) of equal JSON.
    JsonNode recordedKey = root.get("key");
    if (recordedKey == null || !key.material().toString().equals(recordedKey.toString())) {
      throw corrupt(file, "its \"key\" is not the key its name is the hash of (edited, or "
          + "copied under another name)", null);
    }
    JsonNode result = root.path("result");
    if (!result.isObject() || !result.path("metrics").isObject()) {
      throw corrupt(file, "expected a \"result\" object with \"metrics\"", null);
    }
    try {
      return Optional.of(recording(result));
    } catch (IllegalArgumentException e) {
      throw corrupt(file, e.getMessage(), e);
    }
  }

  /**
   * Records a completed rollout under {@code key}, replacing any recording of it.
   *
   * @throws CacheException naming the file when it cannot be written
   */
  public void record(CacheKey key, Recording recording) {
    Path file = file(key);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("evalunit_cache", FORMAT);
    root.set("key", key.material());
    root.set("result", json(recording));
    Path temp = null;
    try {
      Files.createDirectories(settings.dir());
      String text = JSON.writer(new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n")))
          .writeValueAsString(root) + "\n";
      temp = settings.dir().resolve("." + key.hash() + "." + UUID.randomUUID() + ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the write already failed; that is what is reported
        }
      }
      throw new CacheException("cannot write cache file " + file + ": " + e, e);
    }
  }

  private static CacheException corrupt(Path file, String what, Throwable cause) {
    return new CacheException("cache file " + file + " is not a valid recording: " + what
        + "; restore it from version control, or delete it and record again with "
        + "cache.mode=read-write", cause);
  }

  private ObjectNode json(Recording r) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("attempts", r.attempts());
    result.put("latency_ms", r.latencyMs());
    ObjectNode metrics = result.putObject("metrics");
    RolloutMetrics m = r.metrics();
    if (m.costSource() != null) {
      metrics.put("cost_source", m.costSource().jsonName());
    }
    metrics.put("cost_usd", m.costUsd());
    metrics.put("events_score", m.eventsScore());
    metrics.put("outcome_score", m.outcomeScore());
    metrics.put("reward_mean", m.rewardMean());
    metrics.put("score", m.score());
    metrics.put("tokens", m.tokens());
    metrics.put("verifier_score", m.verifierScore());
    if (r.trace() != null) {
      result.set("trace", redactor.redact(r.trace().deepCopy()));
    }
    return result;
  }

  private static Recording recording(JsonNode result) {
    JsonNode m = result.path("metrics");
    String source = m.path("cost_source").asText("reported");
    if (!source.equals("reported") && !source.equals("priced")) {
      throw new IllegalArgumentException("\"cost_source\" must be \"reported\" or \"priced\", "
          + "got \"" + source + "\"");
    }
    RolloutMetrics metrics = new RolloutMetrics(number(m, "score"), number(m, "reward_mean"),
        number(m, "outcome_score"), number(m, "events_score"), number(m, "verifier_score"),
        whole(m, "tokens"), number(m, "cost_usd"),
        source.equals("priced") ? CostSource.PRICED : CostSource.REPORTED);
    JsonNode trace = result.get("trace");
    Long attempts = whole(result, "attempts");
    return new Recording(metrics, trace == null || trace.isNull() ? null : trace,
        number(result, "latency_ms"), attempts == null ? 1 : attempts.intValue());
  }

  private static Double number(JsonNode object, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a number or null, got " + v);
    }
    return v.doubleValue();
  }

  private static Long whole(JsonNode object, String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a whole number or null, "
          + "got " + v);
    }
    return v.longValue();
  }
}
