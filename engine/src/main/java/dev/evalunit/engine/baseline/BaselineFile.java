package dev.evalunit.engine.baseline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.report.ResultsJsonl;
import dev.evalunit.engine.results.SeedResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
 * @param configHashes the config hashes the rows were recorded under, per variant key (null
 *     without a matrix), in file order; an empty set when the rows carry none
 */
public record BaselineFile(Path file, Map<SeedKey, Double> scores, List<SeedKey> unscored,
    int skippedLines, Map<String, Set<String>> configHashes) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public BaselineFile {
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    unscored = List.copyOf(unscored);
    Map<String, Set<String>> hashes = new LinkedHashMap<>();
    configHashes.forEach((k, v) -> hashes.put(k, Collections.unmodifiableSet(
        new LinkedHashSet<>(v))));
    configHashes = Collections.unmodifiableMap(hashes);
  }

  /**
   * Reads a baseline.
   *
   * @throws IllegalArgumentException when the file does not exist, naming it
   */
  public static BaselineFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("baseline file " + file + " does not exist; write one "
          + "from a run first (-Devalunit.baseline.write=true), or point evalunit.baseline.file "
          + "at a previous run's results.jsonl");
    }
    // seed -> epoch -> latest row's score (null when that row has none or did not complete)
    Map<SeedKey, Map<Integer, Double>> latest = new LinkedHashMap<>();
    Map<String, Set<String>> hashes = new LinkedHashMap<>();
    int skipped;
    try {
      skipped = ResultsJsonl.readRows(file, row -> {
        SeedResult r = row.result();
        Double score = r.completed() ? r.metrics().score() : null;
        latest.computeIfAbsent(new SeedKey(r.variant(), r.seedKey()), k -> new LinkedHashMap<>())
            .put(r.epoch(), score);
        Set<String> seen = hashes.computeIfAbsent(r.variant(), k -> new LinkedHashSet<>());
        if (row.configHash() != null) {
          seen.add(row.configHash());
        }
      });
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot read baseline file " + file, e.getCause());
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
    return new BaselineFile(file, scores, unscored, skipped, hashes);
  }


  /** The rows of one variant only (its name, null without a matrix), as a baseline of its own. */
  public BaselineFile ofVariant(String variant) {
    Map<SeedKey, Double> mine = new LinkedHashMap<>();
    scores.forEach((k, v) -> {
      if (java.util.Objects.equals(k.variant(), variant)) {
        mine.put(k, v);
      }
    });
    List<SeedKey> mineUnscored = unscored.stream()
        .filter(k -> java.util.Objects.equals(k.variant(), variant)).toList();
    Set<String> hashes = configHashes.get(variant);
    return new BaselineFile(file, mine, mineUnscored, skippedLines,
        hashes == null ? Map.of() : Collections.singletonMap(variant, hashes));
  }
  /**
   * Writes {@code results} as a new baseline in the results.jsonl format, every row under
   * {@code configHash}. See {@link #write(Path, List, Function)}.
   */
  public static void write(Path file, List<SeedResult> results, String configHash) {
    write(file, results, r -> configHash);
  }

  /**
   * Writes {@code results} as a new baseline in the results.jsonl format, each row under the
   * config hash of its variant: to a temporary file beside it, then moved into place, so a failed
   * write never leaves half a baseline.
   */
  public static void write(Path file, List<SeedResult> results,
      Function<SeedResult, String> configHash) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          for (SeedResult r : results) {
            out.write(JSON.writeValueAsString(ResultsJsonl.row(r, configHash.apply(r))));
            out.write('\n');
          }
        }
        try {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write baseline file " + file, e);
    }
  }
}
