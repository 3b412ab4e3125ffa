package dev.evalunit.engine.outcome;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;

/** Four seeds, one at a time, judged on their mean score; the tests point it at a stub. */
@EvalSuite(taskApp = "http://127.0.0.1:9", env = "outcome", seeds = "0..3", concurrency = 1)
@SuiteThreshold(meanScore = 0.5)
public class OutcomeSuite {}
