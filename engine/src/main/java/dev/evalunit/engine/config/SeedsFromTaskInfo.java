package dev.evalunit.engine.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A suite whose seeds the task app names at run time: {@code seeds = "task_info"} (every seed of
 * the taskset {@code GET /task_info} describes) or {@code seeds = "task_info:test"} (the seeds of
 * split {@code test}). Discovery knows no seed of such a suite; it asks {@code /task_info} when it
 * starts, and registers one dynamic test per seed.
 *
 * <pre>{@code
 * @EvalSuite(taskApp = "http://localhost:8103", env = "banking77", seeds = "task_info:test")
 * }</pre>
 *
 * @param split the split whose seeds run, or null for the whole taskset
 * @param limit the {@code limit} setting (a stable subset of at most this many), or null
 */
public record SeedsFromTaskInfo(String split, Integer limit) {

  /** The value of {@code seeds} that asks the task app. */
  public static final String SOURCE = "task_info";

  private static final Pattern FORM = Pattern.compile("task_info(?::([A-Za-z0-9_.\\-]+))?");

  /** The dynamic form of a {@code seeds} setting, or empty when the setting lists seeds. */
  static Optional<SeedsFromTaskInfo> of(Setting seeds, Integer limit) {
    if (seeds == null || !(seeds.value() instanceof String text)) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    if (!trimmed.startsWith(SOURCE)) {
      return Optional.empty();
    }
    Matcher form = FORM.matcher(trimmed);
    if (!form.matches()) {
      throw ConfigException.invalid(seeds, "\"task_info\" or \"task_info:<split>\" such as "
          + "\"task_info:test\" (a split name of letters, digits, '_', '-' or '.')");
    }
    return Optional.of(new SeedsFromTaskInfo(form.group(1), limit));
  }

  /** How the setting reads, e.g. {@code task_info:test}. */
  public String describe() {
    return split == null ? SOURCE : SOURCE + ":" + split;
  }

  /**
   * The seeds to run out of those the task app named: each once, in its order, then
   * {@code limit}'s stable subset.
   *
   * @throws ConfigException when the task app named none, or more than a suite can hold
   */
  public List<SeedSpec> select(List<Long> named, String source) {
    LinkedHashSet<Long> unique = new LinkedHashSet<>(named);
    if (unique.isEmpty()) {
      throw new ConfigException(source + " names no seed for seeds = \"" + describe() + "\"");
    }
    if (unique.size() > SeedList.MAX_SEEDS) {
      throw new ConfigException(source + " names " + unique.size() + " seeds for seeds = \""
          + describe() + "\", more than the " + SeedList.MAX_SEEDS + " a suite can hold: set "
          + "limit or split the taskset");
    }
    List<SeedSpec> seeds = new ArrayList<>(unique.size());
    unique.forEach(seed -> seeds.add(SeedSpec.of(seed)));
    return limit == null ? seeds : SuiteSeeds.limit(seeds, limit);
  }
}
