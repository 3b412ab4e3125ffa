package dev.evalunit.engine.baseline;

import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SuiteOutcome;
import dev.evalunit.engine.results.SuiteVerdict;
import dev.evalunit.engine.statistics.Decision;
import dev.evalunit.engine.statistics.Interval;
import dev.evalunit.engine.statistics.PairedComparison;
import dev.evalunit.engine.statistics.SampleSize;
import dev.evalunit.engine.statistics.SignFlipTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pairs the current run with a baseline by seed key and variant (each side's epochs averaged per
 * seed) and judges the pairs: FAILED when the upper bound of the mean difference is below -δ,
 * PASSED when its lower bound is at least -δ, INCONCLUSIVE otherwise
 * ({@link PairedComparison#of}: exact McNemar for 0/1 scores, paired t and sign-flip permutation
 * otherwise). Seeds found on one side only are listed, never dropped silently.
 *
 * <pre>{@code
 * GateResult gate = BaselineGate.judge(BaselineFile.read(file), currentResults,
 *     GateSettings.of(0.02).withSeedDrop(0.5, false));
 * }</pre>
 */
public final class BaselineGate {

  /** How many seeds a message lists before "..."; report.html lists them all. */
  static final int LISTED = 10;

  private BaselineGate() {}

  public static GateResult judge(BaselineFile baseline, List<SeedResult> current,
      GateSettings settings) {
    Map<SeedKey, Double> now = epochAveraged(current);
    List<PairedSeed> pairs = new ArrayList<>();
    List<SeedKey> onlyInCurrent = new ArrayList<>();
    now.forEach((key, score) -> {
      Double base = baseline.scores().get(key);
      if (base == null) {
        onlyInCurrent.add(key);
      } else {
        pairs.add(new PairedSeed(key, base, score));
      }
    });
    List<SeedKey> onlyInBaseline = new ArrayList<>();
    for (SeedKey key : baseline.scores().keySet()) {
      if (!now.containsKey(key)) {
        onlyInBaseline.add(key);
      }
    }
    List<PairedSeed> dropped = new ArrayList<>();
    if (settings.seedDropMargin() != null) {
      for (PairedSeed p : pairs) {
        if (p.delta() < -settings.seedDropMargin()) {
          dropped.add(p);
        }
      }
    }
    List<String> reasons = new ArrayList<>();
    if (pairs.isEmpty()) {
      reasons.add("no seed is scored in both the baseline " + baseline.file()
          + " and this run (" + onlyInBaseline.size() + " only in the baseline, "
          + onlyInCurrent.size() + " only in this run)");
      return new GateResult(Decision.INCONCLUSIVE, null, pairs, dropped, onlyInBaseline,
          onlyInCurrent, reasons, null);
    }
    double[] b = new double[pairs.size()];
    double[] c = new double[pairs.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = pairs.get(i).baseline();
      c[i] = pairs.get(i).current();
    }
    PairedComparison comparison = PairedComparison.of(b, c, settings.toleratedDrop(),
        settings.confidence(), SignFlipTest.DEFAULT_SEED);
    Interval d = comparison.difference();
    reasons.add(String.format(Locale.ROOT, "mean change %+.4f, %.0f%% interval [%.4f, %.4f] over "
        + "%d paired seeds (%s p = %.4g); tolerated drop %.4f", d.estimate(),
        100 * d.confidence(), d.lower(), d.upper(), pairs.size(), comparison.test(),
        comparison.pValue(), settings.toleratedDrop()));
    Decision decision = comparison.decision();
    SampleSize hint = null;
    if (decision != Decision.PASSED) {
      hint = hint(b, c, d, settings).orElse(null);
      String decide = hint == null ? "; more seeds or less noise would decide it"
          : String.format(Locale.ROOT, "; about %d paired seeds would decide it at %d%% power",
              hint.seeds(), Math.round(hint.power() * 100));
      reasons.set(0, reasons.get(0) + decide);
    }
    if (!dropped.isEmpty()) {
      reasons.add(dropped.size() + " seed(s) dropped by more than "
          + settings.seedDropMargin() + ": " + labels(dropped));
      if (settings.failOnSeedDrop()) {
        decision = Decision.FAILED;
      }
    }
    return new GateResult(decision, comparison, pairs, dropped, onlyInBaseline, onlyInCurrent,
        reasons, hint);
  }


  /**
   * The gate of one variant's outcome: NOT_JUDGED when the outcome is not the whole suite's (a
   * partial selection without recorded results), NO_BASELINE when {@code baseline} is null (the
   * file at {@code file} is missing), else {@link #judge} over the outcome's results with every
   * unpaired seed, a changed config and skipped lines stated as notices.
   *
   * @param baseline the whole baseline file (all variants), or null when it does not exist
   * @param configHash the config hash this run records the variant under
   */
  public static GateOutcome outcome(BaselineFile baseline, Path file, SuiteOutcome outcome,
      String configHash, GateSettings settings) {
    if (outcome.outcome() == SuiteVerdict.Outcome.ABORTED) {
      return GateOutcome.notJudged(file, String.join("; ", outcome.verdict().reasons()));
    }
    if (baseline == null) {
      return GateOutcome.noBaseline(file);
    }
    BaselineFile mine = baseline.ofVariant(outcome.variant().name());
    // Every epoch of every seed: judge() averages them per seed, as the baseline's are.
    List<SeedResult> epochs = outcome.seeds().stream().flatMap(s -> s.epochs().stream()).toList();
    GateResult result = judge(mine, epochs, settings);
    List<String> notices = new ArrayList<>();
    Set<String> hashes = mine.configHashes().getOrDefault(outcome.variant().name(), Set.of());
    if (!hashes.isEmpty() && !hashes.equals(Set.of(configHash))) {
      notices.add("the baseline was recorded under config " + String.join(", ", hashes)
          + ", this run under " + configHash + ": the settings that decide the results (model, "
          + "policy or env config) changed since the baseline");
    }
    if (!result.onlyInBaseline().isEmpty()) {
      notices.add(result.onlyInBaseline().size() + " seed(s) scored in the baseline have no "
          + "score in this run (unpaired): " + keys(result.onlyInBaseline()));
    }
    if (!result.onlyInCurrent().isEmpty()) {
      notices.add(result.onlyInCurrent().size() + " seed(s) scored in this run have no score in "
          + "the baseline (unpaired): " + keys(result.onlyInCurrent()));
    }
    Set<SeedKey> scoredNow = epochAveraged(epochs).keySet();
    Set<SeedKey> unscored = new java.util.LinkedHashSet<>();
    outcome.results().forEach(r -> unscored.add(new SeedKey(r.variant(), r.seedKey())));
    unscored.addAll(mine.unscored());
    unscored.removeIf(k -> scoredNow.contains(k) || mine.scores().containsKey(k));
    List<SeedKey> neither = List.copyOf(unscored);
    if (!neither.isEmpty()) {
      notices.add(neither.size() + " seed(s) have a score on neither side: " + keys(neither));
    }
    if (mine.skippedLines() > 0) {
      notices.add(mine.skippedLines() + " unreadable line(s) of " + file + " skipped");
    }
    GateOutcome.Status status = switch (result.decision()) {
      case PASSED -> GateOutcome.Status.PASSED;
      case FAILED -> GateOutcome.Status.FAILED;
      case INCONCLUSIVE -> GateOutcome.Status.INCONCLUSIVE;
    };
    return new GateOutcome(status, file, result, result.reasons(), notices);
  }

  private static String keys(List<SeedKey> keys) {
    List<String> labels = keys.stream().limit(LISTED).map(SeedKey::label).toList();
    return String.join(", ", labels) + (keys.size() > LISTED ? ", ... (" + keys.size()
        + " in all)" : "");
  }

  /**
   * Paired seeds that would decide "mean change >= -δ" at 80% power: {@link SampleSize#forMean}
   * with the standard deviation of the differences and the distance of their mean from -δ.
   */
  private static java.util.Optional<SampleSize> hint(double[] baseline, double[] current,
      Interval difference, GateSettings settings) {
    int n = baseline.length;
    if (n < 2) {
      return java.util.Optional.empty();
    }
    double mean = difference.estimate();
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double d = current[i] - baseline[i] - mean;
      squares += d * d;
    }
    return SampleSize.forMean(Math.sqrt(squares / (n - 1)),
        Math.abs(mean + settings.toleratedDrop()), settings.confidence(),
        SampleSize.DEFAULT_POWER);
  }
  /** Each seed's mean score over its completed epochs with a score, in first-seen order. */
  static Map<SeedKey, Double> epochAveraged(List<SeedResult> results) {
    Map<SeedKey, double[]> sums = new LinkedHashMap<>();
    for (SeedResult r : results) {
      if (r.completed() && r.metrics().score() != null) {
        double[] s = sums.computeIfAbsent(new SeedKey(r.variant(), r.seedKey()),
            k -> new double[2]);
        s[0] += r.metrics().score();
        s[1]++;
      }
    }
    Map<SeedKey, Double> means = new LinkedHashMap<>();
    sums.forEach((k, s) -> means.put(k, s[0] / s[1]));
    return means;
  }

  private static String labels(List<PairedSeed> seeds) {
    List<String> out = new ArrayList<>();
    seeds.stream().sorted(java.util.Comparator.comparingDouble(PairedSeed::delta)).limit(LISTED)
        .forEach(p -> out.add(String.format(Locale.ROOT, "%s %.4f -> %.4f", p.key().label(),
            p.baseline(), p.current())));
    return String.join(", ", out) + (seeds.size() > LISTED ? ", ... (" + seeds.size()
        + " in all, every one in report.html)" : "");
  }
}
