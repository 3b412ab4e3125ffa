package dev.evalunit.engine.epochs;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.Threshold;

/** Two seeds, three epochs each, one rollout at a time; the tests point it at a stub. */
@EvalSuite(taskApp = "http://127.0.0.1:9", env = "epochs", seeds = "0..1", epochs = 3)
@Threshold(score = 0.5)
@SuiteThreshold(meanScore = 0.5)
public class EpochSuite {}
