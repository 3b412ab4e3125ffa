package dev.evalunit.engine.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides which instances a suite runs: the seed list, or the rows of a JSONL dataset (narrowed
 * to the seeds' row indices when seeds are set too), then {@code limit}.
 */
final class SuiteSeeds {

  private SuiteSeeds() {}

  /**
   * @param seeds the {@code seeds} setting, or null
   * @param dataset the dataset rows, or null without a dataset
   * @param datasetName the dataset file, for messages
   * @param limit the {@code limit}, or null
   */
  static List<SeedSpec> select(Setting seeds, List<SeedSpec> dataset, String datasetName,
      Integer limit) {
    List<SeedSpec> selected;
    if (dataset == null) {
      selected = SeedList.asRange(seeds)
          .orElseGet(() -> SeedList.parse(seeds).stream().map(SeedSpec::of).toList());
    } else if (seeds == null) {
      selected = dataset;
    } else {
      Set<Long> indices = new LinkedHashSet<>(SeedList.parse(seeds));
      for (long index : indices) {
        if (index >= dataset.size()) {
          throw new ConfigException(seeds.origin() + ": seed " + index + " selects no row of "
              + datasetName + ", which has " + dataset.size() + " rows (seeds 0.."
              + (dataset.size() - 1) + ")");
        }
      }
      Map<Long, SeedSpec> byIndex = dataset.stream()
          .collect(Collectors.toMap(SeedSpec::seed, Function.identity()));
      selected = indices.stream().map(byIndex::get).toList();
    }
    return limit == null ? selected : limit(selected, limit);
  }

  /**
   * A deterministic subset of {@code limit} instances, in their original order: those whose keys
   * (instance id, else the seed number in decimal) have the smallest SHA-256 hashes. Not the
   * first N, which in a sorted dataset is a biased sample; not random, so every run and every
   * resume picks the same instances; and nested: a smaller limit is a subset of a larger one.
   */
  static List<SeedSpec> limit(List<SeedSpec> seeds, int limit) {
    if (limit >= seeds.size()) {
      return seeds;
    }
    Set<String> chosen = seeds.stream()
        .map(SeedSpec::key)
        .map(key -> Map.entry(rank(key), key))
        .sorted(Map.Entry.<Long, String>comparingByKey(Long::compareUnsigned)
            .thenComparing(Map.Entry.comparingByValue(Comparator.naturalOrder())))
        .limit(limit)
        .map(Map.Entry::getValue)
        .collect(Collectors.toSet());
    return seeds.stream().filter(seed -> chosen.contains(seed.key())).toList();
  }

  /** The first 8 bytes of SHA-256 of the key's UTF-8 bytes, big-endian. */
  static long rank(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8));
      long rank = 0;
      for (int i = 0; i < 8; i++) {
        rank = (rank << 8) | (digest[i] & 0xff);
      }
      return rank;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
