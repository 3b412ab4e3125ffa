package dev.evalunit.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.Shard;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.SeedResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The recorded results of a suite's shards ({@code evalunit.shard=merge}): every
 * {@code shard-K-of-N} folder below the suite's output folder, checked before anything is
 * judged. The merge fails, naming the shard, when a shard's folder is missing, when its
 * {@code metadata.json} is missing (its run did not finish) or states another config hash than
 * the merge's, or when it has no result for a seed it owns. Each seed's result is the latest its
 * own shard recorded under the merge's config hash, marked reused.
 *
 * <pre>{@code
 * ShardMerge merged = ShardMerge.read(config);     // target/evalunit/<suite>/shard-*-of-4
 * merged.result(variant, seed, 0)                  // Optional[SeedResult(..., reused=true)]
 * }</pre>
 */
public final class ShardMerge {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One shard folder the merge read.
   *
   * @param shard which shard it holds
   * @param dir its folder
   * @param configHash the config hash its {@code metadata.json} states
   * @param seeds how many results the merge took from it
   */
  public record Part(Shard shard, Path dir, String configHash, int seeds) {}

  private final SuiteConfig config;
  private final List<Part> parts;
  /** Variant key, then shard number from 1: what that shard recorded (index 0 unused). */
  private final Map<String, List<Recorded>> recorded;

  /** One shard's {@code results.jsonl} of one variant, and the folder it lies in. */
  private record Recorded(Path variantDir, ResumeIndex index) {}

  private ShardMerge(SuiteConfig config, List<Part> parts, Map<String, List<Recorded>> recorded) {
    this.config = config;
    this.parts = List.copyOf(parts);
    this.recorded = recorded;
  }

  /**
   * Reads and checks every shard folder of the suite.
   *
   * @throws ShardMergeException naming the suite, the shard and what is wrong with it
   */
  public static ShardMerge read(SuiteConfig config) {
    Path dir = config.output().dir();
    String suite = config.suiteName();
    Map<Integer, Map<Integer, Path>> byTotal = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
        for (Path child : children) {
          Optional<Shard> shard = Shard.ofFolder(child.getFileName().toString());
          if (shard.isPresent() && Files.isDirectory(child)) {
            byTotal.computeIfAbsent(shard.get().total(), n -> new TreeMap<>())
                .put(shard.get().index(), child);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      }
    }
    if (byTotal.isEmpty()) {
      throw new ShardMergeException("merge of " + suite + ": no shard folder (shard-K-of-N) in "
          + dir + "; run each shard with -D" + Shard.KEY + "=K/N first and put its folder "
          + "there (in CI: download every shard's artifact into this folder)");
    }
    if (byTotal.size() > 1) {
      throw new ShardMergeException("merge of " + suite + ": " + dir + " holds the shards of "
          + byTotal.size() + " different splits (" + byTotal.keySet().stream()
              .map(n -> "of " + n).collect(Collectors.joining(", "))
          + " shards); remove the folders of the splits that are not this run's");
    }
    int total = byTotal.keySet().iterator().next();
    Map<Integer, Path> folders = byTotal.get(total);
    List<String> absent = new ArrayList<>();
    for (int k = 1; k <= total; k++) {
      if (!folders.containsKey(k)) {
        absent.add(Shard.part(k, total).folderName());
      }
    }
    if (!absent.isEmpty()) {
      throw new ShardMergeException("merge of " + suite + ": shard" + (absent.size() == 1 ? " "
          : "s ") + absent.stream().map(name -> Shard.ofFolder(name).orElseThrow().value())
              .collect(Collectors.joining(", ")) + " missing: no folder " + String.join(", ",
              absent) + " in " + dir + " (found " + folders.keySet().stream()
              .map(k -> k + "/" + total).collect(Collectors.joining(", "))
          + "); did its job run, and was its folder downloaded here?");
    }
    Map<String, List<Recorded>> recorded = new HashMap<>();
    List<Part> parts = new ArrayList<>();
    for (Map.Entry<Integer, Path> folder : folders.entrySet()) {
      Shard shard = Shard.part(folder.getKey(), total);
      String hash = recordedHash(suite, shard, folder.getValue(), config.configHash());
      int taken = 0;
      List<String> missing = new ArrayList<>();
      for (Variant variant : config.variants()) {
        Path variantDir = config.hasVariants() ? folder.getValue().resolve(variant.key())
            : folder.getValue();
        ResumeIndex index = ResumeIndex.read(variantDir.resolve("results.jsonl"),
            config.configHash(variant));
        List<Recorded> shards = recorded.computeIfAbsent(variant.key(), k -> new ArrayList<>(
            java.util.Collections.nCopies(total + 1, (Recorded) null)));
        shards.set(shard.index(), new Recorded(variantDir, index));
        for (SeedSpec seed : config.seeds()) {
          if (!shard.includes(variant, seed)) {
            continue;
          }
          // Every seed has an epoch 0; later epochs are checked as the merge takes them.
          if (index.latest(seed.key(), 0).isEmpty()) {
            missing.add(config.hasVariants() ? variant.key() + "/" + seed.key() : seed.key());
          } else {
            taken++;
          }
        }
      }
      if (!missing.isEmpty()) {
        throw new ShardMergeException("merge of " + suite + ": " + shard.label() + " ("
            + folder.getValue() + ") has no result for " + missing.size() + " of the "
            + (taken + missing.size()) + " seeds it owns (" + sample(missing) + "): it ran other "
            + "seeds or was cut short; run every shard and the merge with the same seeds");
      }
      parts.add(new Part(shard, folder.getValue(), hash, taken));
    }
    return new ShardMerge(config, parts, recorded);
  }

  /** The config hash of a shard's {@code metadata.json}, checked against the merge's. */
  private static String recordedHash(String suite, Shard shard, Path folder, String expected) {
    Path file = folder.resolve("metadata.json");
    if (!Files.isRegularFile(file)) {
      throw new ShardMergeException("merge of " + suite + ": " + shard.label() + " has no "
          + "metadata.json in " + folder + ": its run did not finish, or its folder was not "
          + "copied whole");
    }
    JsonNode metadata;
    try {
      metadata = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ShardMergeException("merge of " + suite + ": " + shard.label() + ": cannot read "
          + file + " (" + e.getMessage() + ")");
    }
    String hash = metadata.path("config_hash").asText(null);
    if (!expected.equals(hash)) {
      throw new ShardMergeException("merge of " + suite + ": " + shard.label() + " ran under "
          + "config hash " + hash + " (" + file + ") but this merge's config hash is " + expected
          + ": every shard and the merge must run with the same settings (env, its config, "
          + "policy, model and the other policy config, trace format)");
    }
    String recordedShard = metadata.path("shard").asText(null);
    if (recordedShard != null && !recordedShard.equals(shard.value())) {
      throw new ShardMergeException("merge of " + suite + ": folder " + folder + " holds shard "
          + recordedShard + " (its metadata.json says so), not " + shard.value()
          + "; put each shard's folder under its own name");
    }
    return hash;
  }

  private static String sample(List<String> keys) {
    String shown = String.join(", ", keys.subList(0, Math.min(5, keys.size())));
    return keys.size() > 5 ? shown + ", ..." : shown;
  }

  /**
   * The result the merge takes for this epoch of the seed (0 without epochs): the latest its own
   * shard recorded under the merge's config hash, marked reused.
   */
  public Optional<SeedResult> result(Variant variant, SeedSpec seed, int epoch) {
    Recorded shard = owner(variant, seed);
    return shard == null ? Optional.empty() : shard.index().latest(seed.key(), epoch);
  }

  /** The shard that owns {@code seed} of {@code variant}, as a part. */
  public Shard shardOf(Variant variant, SeedSpec seed) {
    return Shard.part(Shard.of(variant.key(), seed.key(), total()), total());
  }

  private int total() {
    return parts.get(0).shard().total();
  }

  private Recorded owner(Variant variant, SeedSpec seed) {
    List<Recorded> shards = recorded.get(variant.key());
    return shards == null ? null : shards.get(shardOf(variant, seed).index());
  }

  /** The shards read, in shard order. */
  public List<Part> parts() {
    return parts;
  }

  /**
   * Copies the trace of a merged result of {@code seed} from its shard's folder into
   * {@code variantDir}, so the merged reports' trace links resolve; nothing when the row names no
   * trace or the shard did not keep it (the report links what the row names, as in a whole run).
   */
  public void copyTrace(Variant variant, SeedSpec seed, SeedResult result, Path variantDir) {
    Recorded shard = owner(variant, seed);
    if (result.tracePath() == null || shard == null) {
      return;
    }
    Path source = shard.variantDir().resolve(result.tracePath());
    Path target = variantDir.resolve(result.tracePath());
    if (!Files.isRegularFile(source)) {
      return;
    }
    try {
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy trace " + source + " to " + target, e);
    }
  }

  /** What {@code metadata.json} of the merge says about the shards it read. */
  public List<Map<String, Object>> describe() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Part part : parts) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("shard", part.shard().value());
      entry.put("folder", config.output().dir().relativize(part.dir()).toString());
      entry.put("config_hash", part.configHash());
      entry.put("seeds", part.seeds());
      out.add(entry);
    }
    return out;
  }
}
