package dev.evalunit.engine.reliability;

import dev.evalunit.EvalSuite;

/** Seeds and task app URL come from each test's configuration parameters; no thresholds. */
@EvalSuite(taskApp = "http://127.0.0.1:9", env = "faults", seeds = "0")
public class FaultSuite {}
