package dev.evalunit.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.results.SeedResult.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code results.jsonl}: one line per finished rollout (a seed run {@code epochs = N} times has
 * one per epoch, with its {@code epoch}), appended and flushed the moment the rollout finishes,
 * from whichever worker thread finished it. It is the resume source, so a line is
 * either whole on disk or (if the process is killed mid-write) a truncated last line that
 * readers skip.
 */
public final class ResultsJsonl implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Writer writer;
  private final String configHash;

  private ResultsJsonl(Path file, Writer writer, String configHash) {
    this.file = file;
    this.writer = writer;
    this.configHash = configHash;
  }

  public static ResultsJsonl open(Path file, String configHash) {
    try {
      Files.createDirectories(file.getParent());
      boolean needsNewline = endsMidLine(file);
      Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (needsNewline) {
        // A killed run may have left half a line; start ours on a fresh one.
        writer.write('\n');
        writer.flush();
      }
      return new ResultsJsonl(file, writer, configHash);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  public void append(SeedResult result) {
    try {
      // Serialise outside the lock: 64 workers finishing at once would otherwise queue behind
      // each other's JSON encoding, not just behind the write.
      String line = JsonLine.of(row(result, configHash), JSON.getFactory());
      synchronized (this) {
        writer.write(line);
        writer.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** The JSON object of one line. */
  public static Map<String, Object> row(SeedResult r, String configHash) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("seed", r.seed());
    if (r.instanceId() != null) {
      row.put("instance_id", r.instanceId());
    }
    row.put("epoch", r.epoch());
    row.put("run_id", r.runId());
    row.put("variant", r.variant());
    row.put("status", r.status().name().toLowerCase(Locale.ROOT));
    row.put("score", r.metrics().score());
    row.put("reward_mean", r.metrics().rewardMean());
    row.put("outcome_score", r.metrics().outcomeScore());
    row.put("events_score", r.metrics().eventsScore());
    row.put("latency_ms", r.latencyMs());
    row.put("verifier_score", r.metrics().verifierScore());
    row.put("tokens", r.metrics().tokens());
    row.put("cost_usd", r.metrics().costUsd());
    if (r.metrics().costSource() != null) {
      row.put("cost_source", r.metrics().costSource().jsonName());
    }
    row.put("error", r.error() == null ? null : error(r.error()));
    row.put("trace", r.tracePath());
    row.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
    row.put("ended_at", r.endedAt() == null ? null : r.endedAt().toString());
    row.put("attempts", r.attempts());
    row.put("config_hash", configHash);
    row.put("reused", r.reused());
    row.put("cached", r.cached());
    if (r.replica() != null) {
      row.put("replica", r.replica());
    }
    return row;
  }

  /** {@code {"type": ..., "message": ...}} in that order on every run (Map.of has no order). */
  private static Map<String, Object> error(ErrorInfo error) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("type", error.type());
    object.put("message", error.message());
    return object;
  }

  /**
   * The result one line recorded, the inverse of {@link #row}.
   *
   * @throws IllegalArgumentException if the line lacks the seed or has an unknown status
   */
  public static SeedResult parse(JsonNode row) {
    if (!row.isObject() || !row.path("seed").canConvertToLong()) {
      throw new IllegalArgumentException("not a result row (no integer \"seed\")");
    }
    Status status;
    try {
      status = Status.valueOf(row.path("status").asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown status \"" + row.path("status").asText()
          + "\"", e);
    }
    JsonNode error = row.path("error");
    RolloutMetrics metrics = new RolloutMetrics(number(row, "score"), number(row, "reward_mean"),
        number(row, "outcome_score"), number(row, "events_score"),
        number(row, "verifier_score"),
        row.path("tokens").canConvertToLong() ? row.path("tokens").asLong() : null,
        number(row, "cost_usd"),
        "priced".equals(text(row, "cost_source")) ? RolloutMetrics.CostSource.PRICED
            : RolloutMetrics.CostSource.REPORTED);
    return SeedResult.of(status, text(row, "variant"), row.path("seed").asLong(),
            text(row, "instance_id"), metrics,
            error.isObject() ? new ErrorInfo(text(error, "type"), text(error, "message")) : null)
        .withRunId(text(row, "run_id"))
        .withLatencyMs(number(row, "latency_ms"))
        .withAttempts(row.path("attempts").asInt(1))
        .withTracePath(text(row, "trace"))
        .withTimes(instant(row, "started_at"), instant(row, "ended_at"))
        .withReused(row.path("reused").asBoolean(false))
        .withCached(row.path("cached").asBoolean(false))
        .withEpoch(epoch(row))
        .withReplica(text(row, "replica"));
  }

  /** The epoch a line records; 0 for a line without one (written before epochs existed). */
  private static int epoch(JsonNode row) {
    JsonNode epoch = row.get("epoch");
    if (epoch == null || epoch.isNull()) {
      return 0;
    }
    if (!epoch.canConvertToInt() || !epoch.isIntegralNumber() || epoch.asInt() < 0) {
      throw new IllegalArgumentException("\"epoch\" must be a whole number >= 0, got " + epoch);
    }
    return epoch.asInt();
  }

  /**
   * One line of a {@code results.jsonl} read back.
   *
   * @param result the recorded result (its epoch included)
   * @param configHash the config hash it was recorded under, or null
   */
  public record Row(SeedResult result, String configHash) {}

  /**
   * Reads every result row of {@code file} in file order, the one row reader of resume, partial
   * selections and the baseline gate. Blank lines are ignored; lines that are not result rows (a
   * run killed mid-write, edits by hand) are skipped and counted.
   *
   * <pre>{@code
   * int skipped = ResultsJsonl.readRows(dir.resolve("results.jsonl"), row -> seen.add(row.result()));
   * }</pre>
   *
   * @return how many non-blank lines were skipped as unreadable
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  public static int readRows(Path file, Consumer<Row> each) {
    int skipped = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        Row row;
        try {
          JsonNode json = JSON.readTree(line);
          row = new Row(parse(json), configHash(json));
        } catch (IOException | RuntimeException unreadable) {
          skipped++;
          continue;
        }
        each.accept(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return skipped;
  }

  /** The config hash a line was recorded under, or null. */
  public static String configHash(JsonNode row) {
    return text(row, "config_hash");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Double number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? value.doubleValue() : null;
  }

  private static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    return value == null ? null : Instant.parse(value);
  }

  private static boolean endsMidLine(Path file) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return false;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      raf.seek(raf.length() - 1);
      return raf.read() != '\n';
    }
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }
}
