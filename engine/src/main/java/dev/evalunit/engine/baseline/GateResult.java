package dev.evalunit.engine.baseline;

import dev.evalunit.engine.statistics.Decision;
import dev.evalunit.engine.statistics.PairedComparison;
import dev.evalunit.engine.statistics.SampleSize;
import java.util.List;
import java.util.Optional;

/**
 * The baseline gate's judgement.
 *
 * @param decision PASSED, FAILED or INCONCLUSIVE (INCONCLUSIVE also when no seed paired)
 * @param comparison the paired comparison, null when no seed paired
 * @param pairs every paired seed with both scores, in the current run's order
 * @param droppedSeeds paired seeds whose score fell by more than the per-seed margin
 * @param onlyInBaseline scored in the baseline, without a score now
 * @param onlyInCurrent scored now, without a score in the baseline
 * @param reasons one line per reason for the decision
 * @param hint how many paired seeds, at the observed spread of the differences, would decide
 *     the gate at 80% power (for FAILED and INCONCLUSIVE), or null
 */
public record GateResult(Decision decision, PairedComparison comparison, List<PairedSeed> pairs,
    List<PairedSeed> droppedSeeds, List<SeedKey> onlyInBaseline, List<SeedKey> onlyInCurrent,
    List<String> reasons, SampleSize hint) {

  public GateResult {
    pairs = List.copyOf(pairs);
    droppedSeeds = List.copyOf(droppedSeeds);
    onlyInBaseline = List.copyOf(onlyInBaseline);
    onlyInCurrent = List.copyOf(onlyInCurrent);
    reasons = List.copyOf(reasons);
  }

  public Optional<PairedComparison> comparisonIfPaired() {
    return Optional.ofNullable(comparison);
  }
}
