package dev.evalunit.bench.calibration;

import dev.evalunit.engine.statistics.Decision;
import dev.evalunit.engine.statistics.EpochReducer;
import dev.evalunit.engine.statistics.PairedComparison;
import dev.evalunit.engine.statistics.ProportionIntervals;
import dev.evalunit.engine.statistics.SignFlipTest;
import dev.evalunit.engine.statistics.ThresholdCheck;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * The calibration command: simulates suites and counts how often the engine's own decision code
 * ({@link ThresholdCheck}, {@link PairedComparison}, {@link EpochReducer}) says PASSED, FAILED and
 * INCONCLUSIVE, against the targets of issue 15. Prints every figure; exits 1 when a target is
 * missed.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am -Dmaven.test.skip=true -Pcalibration verify
 * ./mvnw -B -q -pl bench -am -Dmaven.test.skip=true -Pcalibration verify -Dcalibration.suites=10000
 * </pre>
 */
public final class Calibration {

  private static final double CONFIDENCE = 0.95;
  private static final double TOLERATED_DROP = 0.02;
  /** Seed qualities at the threshold: Beta(7, 3), mean exactly 0.7. */
  private static final double QUALITY_A = 7;
  private static final double QUALITY_B = 3;
  private static final double THRESHOLD = QUALITY_A / (QUALITY_A + QUALITY_B);

  private final int suites;
  private final List<String> missed = new ArrayList<>();

  private Calibration(int suites) {
    this.suites = suites;
  }

  public static void main(String[] args) {
    int suites = Integer.getInteger("calibration.suites", 2000);
    if (suites < 1) {
      System.err.println("calibration.suites must be at least 1, e.g. 2000; got " + suites);
      System.exit(2);
    }
    long start = System.nanoTime();
    Calibration c = new Calibration(suites);
    System.out.printf(Locale.ROOT, "evalunit calibration: %d simulated suites per row, %.0f%% "
        + "confidence, tolerated drop %.2f%n", suites, CONFIDENCE * 100, TOLERATED_DROP);
    System.out.printf(Locale.ROOT, "Monte Carlo standard error of a rate near 2.5%%: %.2f%%%n%n",
        100 * Math.sqrt(0.025 * 0.975 / suites));
    c.atTheThreshold();
    c.passRateExactly();
    c.clearlyBelow();
    c.baselineGate();
    System.out.printf(Locale.ROOT, "%ntook %.1f s%n", (System.nanoTime() - start) / 1e9);
    if (c.missed.isEmpty()) {
      System.out.println("every target met");
    } else {
      System.out.println("targets MISSED: " + String.join("; ", c.missed));
      System.exit(1);
    }
  }

  /** True mean exactly at the threshold: FAILED <= 3% and PASSED <= 3%. */
  private void atTheThreshold() {
    header("True mean exactly at the threshold (seed quality ~ Beta(7,3), mean 0.7; threshold"
        + " 0.7); target: PASSED <= 3% and FAILED <= 3%");
    EpochReducer mean = EpochReducer.DEFAULT;
    for (boolean binary : new boolean[] {false, true}) {
      for (int seeds : new int[] {50, 200}) {
        for (int epochs : new int[] {1, 3}) {
          String name = String.format(Locale.ROOT, "%s mean score, %d seeds, %d epoch%s",
              binary ? "binary" : "continuous", seeds, epochs, epochs == 1 ? "" : "s");
          Counts counts = new Counts();
          SimulatedScores sim = new SimulatedScores(name.hashCode());
          for (int s = 0; s < suites; s++) {
            double[] seedValues = new double[seeds];
            for (int i = 0; i < seeds; i++) {
              seedValues[i] = mean.reduce(epochScores(sim, binary, quality(sim), epochs), 1);
            }
            counts.add(ThresholdCheck.meanScore(seedValues, THRESHOLD, CONFIDENCE).decision());
          }
          report(name, counts, counts.rate(Decision.PASSED) <= 0.03
              && counts.rate(Decision.FAILED) <= 0.03);
        }
      }
    }
    // Pass rate: with 3 epochs a seed passes when its mean epoch score is at least 0.5 (2 of 3);
    // its true pass probability is E[3q^2 - 2q^3] over Beta(7,3) (moments of the Beta).
    double a = QUALITY_A;
    double b = QUALITY_B;
    double m2 = a * (a + 1) / ((a + b) * (a + b + 1));
    double m3 = a * (a + 1) * (a + 2) / ((a + b) * (a + b + 1) * (a + b + 2));
    for (int seeds : new int[] {50, 200}) {
      for (int epochs : new int[] {1, 3}) {
        double minScore = epochs == 1 ? 1 : 0.5;
        double truePassRate = epochs == 1 ? THRESHOLD : 3 * m2 - 2 * m3;
        String name = String.format(Locale.ROOT,
            "binary pass rate, %d seeds, %d epoch%s, threshold %.4f", seeds, epochs,
            epochs == 1 ? "" : "s", truePassRate);
        Counts counts = new Counts();
        SimulatedScores sim = new SimulatedScores(name.hashCode());
        for (int s = 0; s < suites; s++) {
          int passed = 0;
          for (int i = 0; i < seeds; i++) {
            if (mean.reduce(epochScores(sim, true, quality(sim), epochs), 1) >= minScore) {
              passed++;
            }
          }
          counts.add(ThresholdCheck.passRate(passed, seeds, truePassRate, CONFIDENCE).decision());
        }
        report(name, counts, counts.rate(Decision.PASSED) <= 0.03
            && counts.rate(Decision.FAILED) <= 0.03);
      }
    }
  }

  /**
   * Binary scores need no simulation: for n seeds and a true rate p the chance of each decision
   * is a sum of binomial probabilities over the x passed seeds that lead to it. Scans every
   * threshold p = 0.05, 0.055, ..., 0.95 with the threshold at the true rate and prints the worst
   * wrong-decision rates, for the interval the engine judges with and for the Wilson interval.
   */
  private void passRateExactly() {
    header("Binary scores, exact (binomial sums, no simulation): worst rate over true rate ="
        + " threshold in 0.05..0.95; target: PASSED <= 3% and FAILED <= 3%");
    for (int seeds : new int[] {50, 200}) {
      for (boolean engine : new boolean[] {true, false}) {
        double worstPassed = 0;
        double worstFailed = 0;
        double atPassed = 0;
        double atFailed = 0;
        for (int step = 0; step <= 180; step++) {
          double p = 0.05 + step * 0.005;
          BinomialDistribution passes = BinomialDistribution.of(seeds, p);
          double passed = 0;
          double failed = 0;
          for (int x = 0; x <= seeds; x++) {
            Decision d = engine ? ThresholdCheck.passRate(x, seeds, p, CONFIDENCE).decision()
                : Decision.atLeast(ProportionIntervals.wilson(x, seeds, CONFIDENCE), p);
            if (d == Decision.PASSED) {
              passed += passes.probability(x);
            } else if (d == Decision.FAILED) {
              failed += passes.probability(x);
            }
          }
          if (passed > worstPassed) {
            worstPassed = passed;
            atPassed = p;
          }
          if (failed > worstFailed) {
            worstFailed = failed;
            atFailed = p;
          }
        }
        String name = String.format(Locale.ROOT, "%s, %d seeds; worst at p = %.3f / %.3f",
            engine ? "engine (Clopper-Pearson)" : "Wilson (comparison)", seeds, atPassed,
            atFailed);
        boolean met = worstPassed <= 0.03 && worstFailed <= 0.03;
        System.out.printf(Locale.ROOT, "  %-72s %7.2f%% %7.2f%% %8s  %s%n", name,
            100 * worstPassed, 100 * worstFailed, "", engine ? (met ? "met" : "MISSED")
                : "not used by the engine");
        if (engine && !met) {
          missed.add(name);
        }
      }
    }
  }

  /** Binary scores with true pass probability 0.8, threshold 0.9, 200 seeds: FAILED >= 90%. */
  private void clearlyBelow() {
    header("Binary scores, true pass probability 0.8 (seed quality ~ Beta(8,2)), threshold 0.9,"
        + " 200 seeds; target: FAILED >= 90%");
    for (boolean passRate : new boolean[] {true, false}) {
      String name = passRate ? "pass rate >= 0.9" : "mean score >= 0.9";
      Counts counts = new Counts();
      SimulatedScores sim = new SimulatedScores(name.hashCode());
      for (int s = 0; s < suites; s++) {
        double[] values = new double[200];
        int passed = 0;
        for (int i = 0; i < values.length; i++) {
          values[i] = sim.epochScore(true, sim.beta(8, 2));
          passed += values[i] == 1 ? 1 : 0;
        }
        counts.add(passRate ? ThresholdCheck.passRate(passed, 200, 0.9, CONFIDENCE).decision()
            : ThresholdCheck.meanScore(values, 0.9, CONFIDENCE).decision());
      }
      report(name, counts, counts.rate(Decision.FAILED) >= 0.90);
    }
  }

  /** The baseline gate: no change reports a regression <= 5%; a drop of 0.1 is caught >= 90%. */
  private void baselineGate() {
    header("Baseline gate, tolerated drop 0.02; seed quality q ~ U(0.2, 0.95) shared by both"
        + " runs; a regression is a FAILED gate");
    for (boolean binary : new boolean[] {false, true}) {
      for (int seeds : new int[] {50, 200}) {
        String name = String.format(Locale.ROOT, "no change, %s, %d seeds",
            binary ? "binary (McNemar)" : "continuous (paired t)", seeds);
        report(name, gate(name, binary, seeds, 0, false),
            c -> c.rate(Decision.FAILED) <= 0.05, "target: FAILED <= 5%");
      }
    }
    report("true drop 0.1, continuous (paired t), 200 seeds",
        gate("drop continuous", false, 200, 0.1, false),
        c -> c.rate(Decision.FAILED) >= 0.90, "target: FAILED >= 90%");
    report("true drop 0.1, binary (McNemar), 200 seeds, outcomes coupled per seed",
        gate("drop coupled", true, 200, 0.1, true),
        c -> c.rate(Decision.FAILED) >= 0.90, "target: FAILED >= 90%");
    // Independent binary outcomes: about 35% of pairs are discordant by chance, so the mean
    // difference has SD ~0.6 and no test resolves 0.08 with 200 pairs at 90% power. Reported
    // for the record, with the seed count that does reach it.
    for (int seeds : new int[] {200, 800}) {
      report("true drop 0.1, binary (McNemar), " + seeds + " seeds, outcomes independent",
          gate("drop independent " + seeds, true, seeds, 0.1, false),
          c -> true, "no target (see docs/statistics.md)");
    }
  }

  /**
   * Simulates {@code suites} baseline/current pairs of runs and gates each. The current run's
   * seed quality is q - drop. With {@code coupled}, one uniform draw per seed decides both runs'
   * binary outcomes (a seed fails in the current run whenever it failed in the baseline).
   */
  private Counts gate(String name, boolean binary, int seeds, double drop, boolean coupled) {
    Counts counts = new Counts();
    SimulatedScores sim = new SimulatedScores(name.hashCode());
    for (int s = 0; s < suites; s++) {
      double[] baseline = new double[seeds];
      double[] current = new double[seeds];
      for (int i = 0; i < seeds; i++) {
        double q = sim.uniform(0.2, 0.95);
        if (coupled) {
          double u = sim.uniform(0, 1);
          baseline[i] = u < q ? 1 : 0;
          current[i] = u < q - drop ? 1 : 0;
        } else {
          baseline[i] = sim.epochScore(binary, q);
          current[i] = sim.epochScore(binary, q - drop);
        }
      }
      counts.add(PairedComparison.of(baseline, current, TOLERATED_DROP, CONFIDENCE,
          SignFlipTest.DEFAULT_SEED).decision());
    }
    return counts;
  }

  private static double quality(SimulatedScores sim) {
    return sim.beta(QUALITY_A, QUALITY_B);
  }

  private static double[] epochScores(SimulatedScores sim, boolean binary, double q, int epochs) {
    double[] scores = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      scores[e] = sim.epochScore(binary, q);
    }
    return scores;
  }

  private void header(String text) {
    System.out.println(text);
    System.out.printf(Locale.ROOT, "  %-72s %8s %8s %8s  %s%n", "suite", "PASSED", "FAILED",
        "INCONCL", "target");
  }

  private void report(String name, Counts counts, boolean met) {
    report(name, counts, c -> met, met ? "met" : "MISSED");
  }

  private void report(String name, Counts counts, java.util.function.Predicate<Counts> target,
      String label) {
    boolean met = target.test(counts);
    String verdict = label.startsWith("target") ? label + (met ? " - met" : " - MISSED") : label;
    System.out.printf(Locale.ROOT, "  %-72s %7.2f%% %7.2f%% %7.2f%%  %s%n", name,
        100 * counts.rate(Decision.PASSED), 100 * counts.rate(Decision.FAILED),
        100 * counts.rate(Decision.INCONCLUSIVE), verdict);
    if (!met) {
      missed.add(name);
    }
  }

  /** Decisions counted over the simulated suites. */
  private static final class Counts {
    private final Map<Decision, Integer> byDecision = new EnumMap<>(Decision.class);
    private int total;

    void add(Decision d) {
      byDecision.merge(d, 1, Integer::sum);
      total++;
    }

    double rate(Decision d) {
      return total == 0 ? 0 : byDecision.getOrDefault(d, 0) / (double) total;
    }
  }
}
