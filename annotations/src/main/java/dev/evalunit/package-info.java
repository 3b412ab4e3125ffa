/**
 * The annotations that declare eval suites: {@link dev.evalunit.EvalSuite}, per-seed
 * {@link dev.evalunit.Threshold}s, whole-suite {@link dev.evalunit.SuiteThreshold}s, a suite's
 * {@link dev.evalunit.Budget} and a managed {@link dev.evalunit.TaskAppProcess}. The engine that
 * runs them is the {@code evalunit-engine} artifact. {@link dev.evalunit.LlmConfigs} runs a suite
 * as a matrix of named LLM configurations; {@link dev.evalunit.Dataset} takes its instances from a
 * JSONL file.
 */
package dev.evalunit;
