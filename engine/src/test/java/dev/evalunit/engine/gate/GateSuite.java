package dev.evalunit.engine.gate;

import dev.evalunit.EvalSuite;

/** Twenty seeds, four at a time; the tests point it at a stub and a baseline file. */
@EvalSuite(taskApp = "http://127.0.0.1:9", env = "gate", seeds = "0..19", concurrency = 4)
public class GateSuite {}
