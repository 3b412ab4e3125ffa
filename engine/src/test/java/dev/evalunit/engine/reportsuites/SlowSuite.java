package dev.evalunit.engine.reportsuites;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;

/** Twelve seeds against a task app the test names; used to kill a run half way. */
@EvalSuite(taskApp = "http://127.0.0.1:9", env = "slow", seeds = "0..11", model = "m")
@SuiteThreshold(meanScore = 0.5)
public class SlowSuite {}
