/**
 * The baseline regression gate: a previous run's results (a {@code results.jsonl}, or a
 * committed {@code src/test/resources/evalunit/baselines/<suite>.jsonl}) paired seed by seed with
 * the current run and judged by {@link dev.evalunit.engine.statistics.PairedComparison}.
 * What flows through: result rows in ({@link dev.evalunit.engine.baseline.BaselineFile}), one
 * {@link dev.evalunit.engine.baseline.GateResult} out
 * ({@link dev.evalunit.engine.baseline.BaselineGate}).
 */
package dev.evalunit.engine.baseline;
