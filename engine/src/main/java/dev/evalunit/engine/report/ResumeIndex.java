package dev.evalunit.engine.report;

import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.Status;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an earlier run recorded in a {@code results.jsonl}, for {@code -Devalunit.resume=true}:
 * a rollout (a seed, or one epoch of it) is reusable when its <em>last</em> line says
 * {@code completed} under the same config hash; each epoch of a seed resumes on its own (a line
 * without an {@code epoch} is epoch 0). A rollout whose last line errored, was not run, or was
 * recorded under other settings runs again. Lines that are not whole JSON objects (a run killed mid-write) are skipped.
 *
 * <pre>{@code
 * ResumeIndex index = ResumeIndex.read(dir.resolve("results.jsonl"), "3fa2c1d09b7e4a55");
 * index.reusable("17")      // epoch 0: Optional[SeedResult(..., reused=true)]
 * index.reusable("17", 2)   // epoch 2 of seed 17
 * }</pre>
 */
public final class ResumeIndex {

  private final Map<Rollout, SeedResult> reusable;
  private final Map<Rollout, SeedResult> latest;
  private final int skippedLines;

  private ResumeIndex(Map<Rollout, SeedResult> reusable, Map<Rollout, SeedResult> latest,
      int skippedLines) {
    this.reusable = Map.copyOf(reusable);
    this.latest = Map.copyOf(latest);
    this.skippedLines = skippedLines;
  }

  /** An index that reuses nothing (resume off, or no earlier file). */
  public static ResumeIndex empty() {
    return new ResumeIndex(Map.of(), Map.of(), 0);
  }

  /**
   * Reads {@code file}; a missing file gives an empty index.
   *
   * @param configHash the hash the current run records under
   */
  public static ResumeIndex read(Path file, String configHash) {
    if (!Files.isRegularFile(file)) {
      return empty();
    }
    Map<Rollout, SeedResult> last = new HashMap<>();
    Map<Rollout, Boolean> sameConfig = new HashMap<>();
    Map<Rollout, SeedResult> latest = new HashMap<>();
    int skipped;
    try {
      skipped = ResultsJsonl.readRows(file, row -> {
        SeedResult result = row.result();
        Rollout key = key(result.seedKey(), result.epoch());
        last.put(key, result);
        boolean same = configHash.equals(row.configHash());
        sameConfig.put(key, same);
        if (same) {
          latest.put(key, asReused(result));
        }
      });
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot read " + file + " to resume from it", e.getCause());
    }
    Map<Rollout, SeedResult> reusable = new HashMap<>();
    last.forEach((key, result) -> {
      if (result.status() == Status.COMPLETED && sameConfig.get(key)) {
        reusable.put(key, asReused(result));
      }
    });
    return new ResumeIndex(reusable, latest, skipped);
  }

  /**
   * The latest result recorded for the seed with this key under the same config hash, whatever
   * its status, marked reused: what a partial selection judges an unselected seed by.
   */
  public Optional<SeedResult> latest(String seedKey) {
    return latest(seedKey, 0);
  }

  /** As {@link #latest(String)}, for one epoch of the seed. */
  public Optional<SeedResult> latest(String seedKey, int epoch) {
    return Optional.ofNullable(latest.get(key(seedKey, epoch)));
  }

  /** The recorded result of the seed with this key (epoch 0), marked reused, if reusable. */
  public Optional<SeedResult> reusable(String seedKey) {
    return reusable(seedKey, 0);
  }

  /** The recorded result of one epoch of the seed with this key, marked reused, if reusable. */
  public Optional<SeedResult> reusable(String seedKey, int epoch) {
    return Optional.ofNullable(reusable.get(key(seedKey, epoch)));
  }

  /** One epoch of a seed: what a line records, and what resumes on its own. */
  private record Rollout(String seedKey, int epoch) {}

  private static Rollout key(String seedKey, int epoch) {
    return new Rollout(seedKey, epoch);
  }

  public int size() {
    return reusable.size();
  }

  /** Lines that could not be read (a truncated last line, or edits by hand). */
  public int skippedLines() {
    return skippedLines;
  }

  private static SeedResult asReused(SeedResult r) {
    return r.asReused();
  }
}
