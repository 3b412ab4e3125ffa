package dev.evalunit.engine.baseline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The baseline gate of one suite (or matrix variant), judged once and read by everything that
 * states it: the gate test, the console, {@code report.json}, {@code summary.md}, the GitHub step
 * summary and {@code report.html}.
 *
 * <pre>{@code
 * GateOutcome gate = BaselineGate.outcome(baselineOrNull, file, suiteOutcome, configHash, settings);
 * gate.status()      // PASSED, FAILED, INCONCLUSIVE, NO_BASELINE or NOT_JUDGED
 * gate.reasons()     // ["mean change -0.1000, 95% interval [-0.14, -0.06] over 200 paired ...", ...]
 * }</pre>
 *
 * @param status the gate's outcome
 * @param file the baseline file it read (or looked for)
 * @param result the paired judgement, null for NO_BASELINE and NOT_JUDGED
 * @param reasons why: the interval and δ, the dropped seeds, or why nothing was judged
 * @param notices what a reader must know besides (the config changed since the baseline, seeds
 *     without a pair, unreadable lines)
 */
public record GateOutcome(Status status, Path file, GateResult result, List<String> reasons,
    List<String> notices) {

  /** The gate's outcomes; {@link #label()} is how reports name them. */
  public enum Status {
    PASSED, FAILED, INCONCLUSIVE, NO_BASELINE, NOT_JUDGED;

    /** {@code passed}, {@code failed}, {@code inconclusive}, {@code no baseline}, ... */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  public GateOutcome {
    Objects.requireNonNull(status, "status");
    reasons = List.copyOf(reasons);
    notices = List.copyOf(notices);
  }

  /** The baseline file is missing: nothing to compare with. */
  public static GateOutcome noBaseline(Path file) {
    return new GateOutcome(Status.NO_BASELINE, file, null, List.of("no baseline file at " + file
        + "; write one with -Devalunit.baseline.write=true (then commit it), or point "
        + "evalunit.baseline.file at a previous run's results.jsonl"), List.of());
  }

  /** The current run cannot be judged as a whole (a partial selection without history). */
  public static GateOutcome notJudged(Path file, String reason) {
    return new GateOutcome(Status.NOT_JUDGED, file, null, List.of(reason), List.of());
  }

  public Optional<GateResult> judged() {
    return Optional.ofNullable(result);
  }

  /** The reasons then the notices, one sentence each, joined with "; ". */
  public String text() {
    List<String> all = new ArrayList<>(reasons);
    all.addAll(notices);
    return String.join("; ", all);
  }
}
