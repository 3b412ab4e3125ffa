package dev.evalunit.engine.reliability;

import dev.evalunit.EvalSuite;

/** Runs after {@link FaultSuite} in the run-budget test, spending from the same run budget. */
@EvalSuite(taskApp = "http://127.0.0.1:9", env = "budget", seeds = "100..104", concurrency = 1)
public class SecondBudgetSuite {}
