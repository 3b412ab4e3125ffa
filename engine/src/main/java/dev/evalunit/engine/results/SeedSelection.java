package dev.evalunit.engine.results;

import java.util.List;

/**
 * The results a suite outcome is judged over: this run's, completed (when the run selected only
 * some seeds) with the latest recorded result of each unselected seed.
 *
 * @param results one per seed of the suite that has a result (one per epoch with epochs), in
 *     seed order
 * @param reuse how many results came from earlier runs, and the sentence that says so
 * @param missing keys of unselected seeds with no recorded result: the suite cannot be judged
 * @param reason why the suite is not judged when seeds are missing, or null for the general
 *     sentence (this run selected some seeds, the others have no recorded result)
 */
public record SeedSelection(List<SeedResult> results, SuiteOutcome.Reuse reuse,
    List<String> missing, String reason) {

  public SeedSelection {
    results = List.copyOf(results);
    missing = List.copyOf(missing);
  }

  public SeedSelection(List<SeedResult> results, SuiteOutcome.Reuse reuse, List<String> missing) {
    this(results, reuse, missing, null);
  }

  /** Every seed was selected: nothing reused, nothing missing. */
  public static SeedSelection whole(List<SeedResult> results) {
    return new SeedSelection(results, SuiteOutcome.Reuse.NONE, List.of());
  }

  /**
   * One shard's results: the other seeds are another shard's, and {@code reason} says that the
   * merge judges the suite, so a shard never states the suite's verdict.
   */
  public static SeedSelection shard(List<SeedResult> results, List<String> others,
      String reason) {
    return new SeedSelection(results, SuiteOutcome.Reuse.NONE, others, reason);
  }

  /**
   * True when every seed of the suite has a result to judge here: none missing, and no reason
   * (such as being one shard) not to judge the suite.
   */
  public boolean complete() {
    return missing.isEmpty() && reason == null;
  }
}
