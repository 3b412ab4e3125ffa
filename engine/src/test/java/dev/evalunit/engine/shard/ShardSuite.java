package dev.evalunit.engine.shard;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;

/** Twenty seeds judged on their mean score by a 95% interval; the tests point it at a stub. */
@EvalSuite(taskApp = "http://127.0.0.1:9", env = "shards", seeds = "0..19", concurrency = 4)
@SuiteThreshold(meanScore = 0.25, confidence = 0.95)
public class ShardSuite {}
