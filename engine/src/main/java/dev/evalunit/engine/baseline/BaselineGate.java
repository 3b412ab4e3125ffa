package dev.evalunit.engine.baseline;

import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.statistics.Decision;
import dev.evalunit.engine.statistics.Interval;
import dev.evalunit.engine.statistics.PairedComparison;
import dev.evalunit.engine.statistics.SignFlipTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
          onlyInCurrent, reasons);
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
    if (!dropped.isEmpty()) {
      reasons.add(dropped.size() + " seed(s) dropped by more than "
          + settings.seedDropMargin() + ": " + labels(dropped));
      if (settings.failOnSeedDrop()) {
        decision = Decision.FAILED;
      }
    }
    return new GateResult(decision, comparison, pairs, dropped, onlyInBaseline, onlyInCurrent,
        reasons);
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
    for (PairedSeed p : seeds) {
      out.add(String.format(Locale.ROOT, "%s %.4f -> %.4f", p.key().label(), p.baseline(),
          p.current()));
    }
    return String.join(", ", out);
  }
}
