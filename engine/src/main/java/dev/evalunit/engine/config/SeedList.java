package dev.evalunit.engine.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses seed lists: {@code "0..19"}, {@code "0-19"}, {@code "1,5,9"}, or TOML int arrays. */
public final class SeedList {

  private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*(?:\\.\\.|-)\\s*(\\d+)");
  private static final Pattern SINGLE = Pattern.compile("\\d+");
  /**
   * The most seeds a suite may select: what the engine holds in about 1 GB of heap (about 500
   * bytes a seed at discovery, the rest while it runs; docs/benchmarks.md, scenario "seeds").
   * Also guards against a typo such as "0..99999999" allocating a hundred million tests.
   */
  public static final long MAX_SEEDS = 1_000_000L;

  private SeedList() {}

  /**
   * The seeds of a setting that is one range ({@code "0..999999"}) as a {@link SeedRange}, which
   * holds no seed of its own; empty for any other form.
   */
  static Optional<List<SeedSpec>> asRange(Setting setting) {
    if (setting.value() instanceof String s) {
      Matcher range = RANGE.matcher(s.trim());
      if (range.matches()) {
        long from = Long.parseLong(range.group(1));
        long to = Long.parseLong(range.group(2));
        if (to >= from && to - from + 1 <= MAX_SEEDS) {
          return Optional.of(new SeedRange(from, to));
        }
        parse(setting); // throws the error that names the setting
      }
    }
    return Optional.empty();
  }

  /** Reads a setting holding a string expression, a number or a list of numbers and strings. */
  public static List<Long> parse(Setting setting) {
    Set<Long> seeds = new LinkedHashSet<>();
    Object value = setting.value();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        addItem(seeds, item, setting);
      }
    } else {
      addItem(seeds, value, setting);
    }
    if (seeds.isEmpty()) {
      throw ConfigException.invalid(setting, "at least one seed");
    }
    if (seeds.size() > MAX_SEEDS) {
      throw ConfigException.invalid(setting, "at most " + MAX_SEEDS + " seeds per suite, what "
          + "the engine can hold (this selects " + seeds.size() + "): split the suite");
    }
    return Collections.unmodifiableList(new ArrayList<>(seeds));
  }

  /**
   * The seeds a setting lists more than once, each with how often, in the order first listed.
   * {@link #parse} keeps one of each: a seed names one test.
   */
  static Map<Long, Integer> repeated(Setting setting) {
    Map<Long, Integer> repeats = new LinkedHashMap<>();
    if (asRange(setting).isPresent()) {
      return repeats;
    }
    Set<Long> seen = new HashSet<>() {
      @Override
      public boolean add(Long seed) {
        boolean first = super.add(seed);
        if (!first) {
          repeats.merge(seed, 2, (count, one) -> count + 1);
        }
        return first;
      }
    };
    if (setting.value() instanceof List<?> list) {
      list.forEach(item -> addItem(seen, item, setting));
    } else {
      addItem(seen, setting.value(), setting);
    }
    return repeats;
  }

  /**
   * The notice for repeated seeds: synth-ai 0.4.4 runs every entry of {@code seeds} (and
   * reports them sorted by seed); evalunit runs each seed once.
   */
  static String repeatedNotice(String suiteName, Setting setting, Map<Long, Integer> repeats) {
    StringBuilder listed = new StringBuilder();
    int extra = 0;
    for (Map.Entry<Long, Integer> repeat : repeats.entrySet()) {
      listed.append(listed.length() == 0 ? "" : ", ").append("seed ").append(repeat.getKey())
          .append(' ').append(repeat.getValue()).append(" times");
      extra += repeat.getValue() - 1;
    }
    return suiteName + ": " + setting.origin() + " lists " + listed + "; evalunit runs each seed"
        + " once, as one test, in the order first listed (" + extra + " fewer rollout"
        + (extra == 1 ? "" : "s") + " than synth-ai 0.4.4, which runs every entry)";
  }

  private static void addItem(Set<Long> seeds, Object item, Setting setting) {
    if (item instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 0) {
      seeds.add(n.longValue());
    } else if (item instanceof String s) {
      for (String part : s.split(",")) {
        addExpression(seeds, part.trim(), setting);
      }
    } else {
      throw ConfigException.invalid(
          setting, "seeds as non-negative integers, a list, or a range like \"0..99\"");
    }
  }

  private static void addExpression(Set<Long> seeds, String part, Setting setting) {
    if (part.isEmpty()) {
      return;
    }
    Matcher range = RANGE.matcher(part);
    if (range.matches()) {
      long from = Long.parseLong(range.group(1));
      long to = Long.parseLong(range.group(2));
      if (to < from) {
        throw ConfigException.invalid(setting, "a range whose end is not below its start");
      }
      if (to - from + 1 + seeds.size() > MAX_SEEDS) {
        throw ConfigException.invalid(setting, "at most " + MAX_SEEDS + " seeds per suite, "
            + "what the engine can hold (\"" + part + "\" alone selects " + (to - from + 1)
            + "): split the suite, narrow the range to at most " + MAX_SEEDS
            + " seeds, such as \"" + from + ".." + (from + MAX_SEEDS - 1) + "\"");
      }
      for (long seed = from; seed <= to; seed++) {
        seeds.add(seed);
      }
    } else if (SINGLE.matcher(part).matches()) {
      seeds.add(Long.parseLong(part));
    } else {
      throw ConfigException.invalid(
          setting, "seeds like \"0..99\", \"0-99\" or \"1,5,9\" (bad part \"" + part + "\")");
    }
  }
}
