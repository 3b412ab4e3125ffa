package dev.evalunit.engine.config;

import dev.evalunit.engine.config.SuiteConfig.Variant;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * Which part of each suite this run executes ({@code evalunit.shard}): the whole suite (the
 * default), one shard {@code K/N} of it, or the merge of the shards' recorded results.
 *
 * <p>A seed belongs to shard {@code K} when a stable 64-bit hash of its variant key and seed key
 * (the dataset instance id, or the seed number) is {@code K - 1} modulo {@code N}. The hash of
 * one seed never depends on the others, so adding seeds never moves a seed to another shard.
 *
 * <pre>{@code
 * Shard shard = Shard.parse("2/8");
 * shard.includes(Variant.DEFAULT, seed);   // true for about one seed in 8
 * shard.folderName();                      // "shard-2-of-8"
 * }</pre>
 *
 * @param mode whole suite, one shard, or merge
 * @param index the shard's number from 1 (0 unless {@link Mode#PART})
 * @param total how many shards (0 unless {@link Mode#PART})
 */
public record Shard(Mode mode, int index, int total) {

  /** What a run does with the suite. */
  public enum Mode {
    /** Every seed runs; the run judges the suite. */
    WHOLE,
    /** Only this shard's seeds run; the verdict is left to the merge. */
    PART,
    /** No seed runs: the shards' recorded results are judged as one suite. */
    MERGE
  }

  /** The configuration parameter. */
  public static final String KEY = PropertySettings.PREFIX + SettingKeys.SHARD;

  /** The default: every seed, judged here. */
  public static final Shard WHOLE = new Shard(Mode.WHOLE, 0, 0);
  /** The merge of the shards' results. */
  public static final Shard MERGE = new Shard(Mode.MERGE, 0, 0);

  /** The most shards: far more CI jobs than anyone runs, small enough for folder names. */
  public static final int MAX_TOTAL = 10_000;

  /** What the docs and error messages call the expected form. */
  public static final String EXPECTED = "K/N with K from 1 to N and N from 1 to " + MAX_TOTAL
      + " (e.g. 2/8), merge, or whole (the default)";

  private static final Pattern PART = Pattern.compile("\\s*(-?\\d{1,9})\\s*/\\s*(-?\\d{1,9})\\s*");
  private static final Pattern FOLDER = Pattern.compile("shard-(\\d{1,9})-of-(\\d{1,9})");

  public Shard {
    if (mode == Mode.PART && (total < 1 || total > MAX_TOTAL || index < 1 || index > total)) {
      throw new IllegalArgumentException("no shard " + index + "/" + total);
    }
  }

  /** Shard {@code index} of {@code total}. */
  public static Shard part(int index, int total) {
    return new Shard(Mode.PART, index, total);
  }

  /**
   * {@code K/N} or {@code merge}; blank is the whole suite.
   *
   * @throws IllegalArgumentException naming the value, the expected form and the nearest
   *     valid value
   */
  public static Shard parse(String value) {
    String text = value == null ? "" : value.trim();
    if (text.isEmpty() || text.equalsIgnoreCase("whole")) {
      return WHOLE;
    }
    if (text.equalsIgnoreCase("merge")) {
      return MERGE;
    }
    Matcher m = PART.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected " + EXPECTED + ", got \"" + value + "\"");
    }
    long index = Long.parseLong(m.group(1));
    long total = Long.parseLong(m.group(2));
    if (total < 1 || total > MAX_TOTAL || index < 1 || index > total) {
      long n = Math.max(1, Math.min(MAX_TOTAL, total));
      long k = Math.max(1, Math.min(n, index));
      throw new IllegalArgumentException("expected " + EXPECTED + ", got \"" + value
          + "\"; the nearest valid value is " + k + "/" + n);
    }
    return part((int) index, (int) total);
  }

  /** The setting of this run; the whole suite when it is not set or not valid (see the form). */
  public static Shard of(ConfigurationParameters parameters) {
    try {
      return parse(parameters.get(KEY).orElse(null));
    } catch (IllegalArgumentException invalid) {
      // The registry's check has already failed every suite with this message.
      return WHOLE;
    }
  }

  /** The shard a folder named {@code shard-K-of-N} holds, if the name is one. */
  public static Optional<Shard> ofFolder(String name) {
    Matcher m = FOLDER.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(part(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    } catch (IllegalArgumentException notAShard) {
      return Optional.empty();
    }
  }

  public boolean isPart() {
    return mode == Mode.PART;
  }

  public boolean isMerge() {
    return mode == Mode.MERGE;
  }

  /** True when this run executes {@code seed} of {@code variant}: always, unless a part. */
  public boolean includes(Variant variant, SeedSpec seed) {
    return mode != Mode.PART || of(variant.key(), seed.key(), total) == index;
  }

  /** Shard {@code 1..total} that the seed with these keys belongs to. */
  public static int of(String variantKey, String seedKey, int total) {
    return (int) Long.remainderUnsigned(hash(variantKey + "\u0000" + seedKey), total) + 1;
  }

  /** FNV-1a over the UTF-8 bytes, then the MurmurHash3 finalizer, so the low bits spread. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** {@code shard-2-of-8}: the folder a part writes below the suite's output folder. */
  public String folderName() {
    if (!isPart()) {
      throw new IllegalStateException("only a part has a folder: " + this);
    }
    return "shard-" + index + "-of-" + total;
  }

  /** {@code shard 2/8}, {@code merge} or {@code whole}. */
  public String label() {
    return switch (mode) {
      case PART -> "shard " + index + "/" + total;
      case MERGE -> "merge";
      case WHOLE -> "whole";
    };
  }

  /** The setting's value: {@code 2/8}, {@code merge} or {@code whole}. */
  public String value() {
    return isPart() ? index + "/" + total : mode.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return label();
  }
}
