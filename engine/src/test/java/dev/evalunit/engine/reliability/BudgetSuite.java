package dev.evalunit.engine.reliability;

import dev.evalunit.Budget;
import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;

/** Ten seeds, one at a time, with a budget of 25 cents. */
@EvalSuite(taskApp = "http://127.0.0.1:9", env = "budget", seeds = "0..9", concurrency = 1)
@Budget(usd = 0.25)
@SuiteThreshold(meanScore = 0.5)
public class BudgetSuite {}
