/**
 * Intervals, exact tests, sample sizes and epoch reducers behind evalunit's verdicts and its
 * baseline gate. Every quantile and tail probability comes from Apache Commons Statistics; no
 * type of that library appears in this package's API.
 *
 * <p>What flows through: seed-level values ({@code double[]}) and counts in, small immutable
 * records out ({@link dev.evalunit.engine.statistics.Interval},
 * {@link dev.evalunit.engine.statistics.ThresholdCheck},
 * {@link dev.evalunit.engine.statistics.PairedComparison},
 * {@link dev.evalunit.engine.statistics.SampleSize},
 * {@link dev.evalunit.engine.statistics.Flakiness}). Decisions are made in one place,
 * {@link dev.evalunit.engine.statistics.Decision#atLeast}, which the engine and the calibration
 * command both call.
 */
package dev.evalunit.engine.statistics;
