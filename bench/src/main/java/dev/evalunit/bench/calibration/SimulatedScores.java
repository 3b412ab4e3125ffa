package dev.evalunit.bench.calibration;

import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * The simulation model's random scores (docs/statistics.md, "Simulation model"). Every seed has a
 * latent quality q (its difficulty, shared by every epoch and by a baseline and a current run);
 * an epoch's score is drawn around q: Bernoulli(q) for binary scores, Beta(κq, κ(1-q)) for
 * continuous ones, both with mean exactly q.
 */
final class SimulatedScores {

  /** Concentration of a continuous epoch score around its seed's quality. */
  static final double KAPPA = 20;

  private final SplittableRandom random;
  private final UniformRandomProvider rng;

  SimulatedScores(long seed) {
    this.random = new SplittableRandom(seed);
    this.rng = random::nextLong;
  }

  /** One epoch's score for a seed of quality q. */
  double epochScore(boolean binary, double q) {
    if (binary) {
      return random.nextDouble() < q ? 1 : 0;
    }
    return beta(KAPPA * q, KAPPA * (1 - q));
  }

  /** A Beta(a, b) draw (Commons Statistics' sampler). */
  double beta(double a, double b) {
    ContinuousDistribution.Sampler sampler = BetaDistribution.of(a, b).createSampler(rng);
    return sampler.sample();
  }

  double uniform(double low, double high) {
    return low + (high - low) * random.nextDouble();
  }
}
