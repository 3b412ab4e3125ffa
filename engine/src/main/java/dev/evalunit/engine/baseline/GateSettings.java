package dev.evalunit.engine.baseline;

/**
 * How the baseline gate judges.
 *
 * @param toleratedDrop δ: the gate fails when the mean difference is surely below -δ
 * @param confidence the two-sided confidence level of the difference's interval, e.g. 0.95
 * @param seedDropMargin a seed whose score fell by more than this is listed; null lists none
 * @param failOnSeedDrop true: any listed seed fails the gate
 */
public record GateSettings(double toleratedDrop, double confidence, Double seedDropMargin,
    boolean failOnSeedDrop) {

  /** The suite's {@code baseline.*} settings. */
  public static GateSettings of(dev.evalunit.engine.config.SuiteConfig.BaselineSettings s) {
    return new GateSettings(s.toleratedDrop(), s.confidence(), s.seedDropMargin(),
        s.failOnSeedDrop());
  }

  /** δ at 95% confidence, no per-seed margin. */
  public static GateSettings of(double toleratedDrop) {
    return new GateSettings(toleratedDrop, 0.95, null, false);
  }

  public GateSettings withSeedDrop(double margin, boolean fail) {
    return new GateSettings(toleratedDrop, confidence, margin, fail);
  }

  public GateSettings withConfidence(double level) {
    return new GateSettings(toleratedDrop, level, seedDropMargin, failOnSeedDrop);
  }
}
