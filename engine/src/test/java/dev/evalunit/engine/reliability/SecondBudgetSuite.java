package dev.evalunit.engine.reliability;

import dev.evalunit.EvalSuite;

/** Spends from the same run budget as {@link FaultSuite} in the run-budget test. */
@EvalSuite(taskApp = "http://127.0.0.1:9", env = "budget", seeds = "100..104", concurrency = 1)
public class SecondBudgetSuite {}
