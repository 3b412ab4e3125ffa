package dev.evalunit.engine.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.report.ResultsJsonl;
import dev.evalunit.engine.results.SeedResult;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A baseline read from (or written as) result rows in the {@code results.jsonl} format. A seed's
 * baseline score is the mean over its epochs (rows without an {@code epoch} field are epoch 0) of
 * the latest completed row of each epoch; a seed whose rows have no completed score is listed
 * as unscored, never dropped silently.
 *
 * <pre>{@code
 * BaselineFile baseline = BaselineFile.read(Path.of("src/test/resources/evalunit/baselines/MySuite.jsonl"));
 * baseline.scores()     // {SeedKey[variant=null, seed=0]=0.8, ...}
 * }</pre>
 *
 * @param file where it was read from
 * @param scores each scored seed's epoch-averaged score, in file order
 * @param unscored seeds with rows but no completed score (errored, not run, no score)
 * @param skippedLines lines that were not result rows (a truncated line, edits by hand)
 */
public record BaselineFile(Path file, Map<SeedKey, Double> scores, List<SeedKey> unscored,
    int skippedLines) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public BaselineFile {
    scores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    unscored = List.copyOf(unscored);
  }

  /**
   * Reads a baseline.
   *
   * @throws IllegalArgumentException when the file does not exist, naming it
   */
  public static BaselineFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("baseline file " + file + " does not exist; write one "
          + "from a run first (the baseline write setting), or point the gate at a previous run's "
          + "results.jsonl");
    }
    // seed -> epoch -> latest row's score (null when that row has none or did not complete)
    Map<SeedKey, Map<Integer, Double>> latest = new LinkedHashMap<>();
    int skipped = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode row = JSON.readTree(line);
          SeedResult r = ResultsJsonl.parse(row);
          Double score = r.completed() ? r.metrics().score() : null;
          latest.computeIfAbsent(new SeedKey(r.variant(), r.seedKey()), k -> new LinkedHashMap<>())
              .put(row.path("epoch").asInt(0), score);
        } catch (IOException | RuntimeException unreadable) {
          skipped++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read baseline file " + file, e);
    }
    Map<SeedKey, Double> scores = new LinkedHashMap<>();
    List<SeedKey> unscored = new ArrayList<>();
    latest.forEach((key, epochs) -> {
      double sum = 0;
      int n = 0;
      for (Double s : epochs.values()) {
        if (s != null) {
          sum += s;
          n++;
        }
      }
      if (n == 0) {
        unscored.add(key);
      } else {
        scores.put(key, sum / n);
      }
    });
    return new BaselineFile(file, scores, unscored, skipped);
  }

  /**
   * Writes {@code results} as a new baseline in the results.jsonl format: to a temporary file
   * beside it, then moved into place, so a failed write never leaves half a baseline.
   */
  public static void write(Path file, List<SeedResult> results, String configHash) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          for (SeedResult r : results) {
            out.write(JSON.writeValueAsString(ResultsJsonl.row(r, configHash)));
            out.write('\n');
          }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write baseline file " + file, e);
    }
  }
}
