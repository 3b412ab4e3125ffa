package dev.evalunit.samples.shards;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;

/**
 * The keyword baseline on 40 queries, judged by the lower bound of the mean score's 95%
 * interval. Not run by Surefire on its own (its name matches neither {@code *Eval} nor
 * {@code *Test}): {@link ShardedRunTest} runs it in child JVMs, whole, as four shards and as
 * their merge, against one sample task app it starts itself ({@code evalunit.taskApp.url}).
 */
@EvalSuite(env = "intents", seeds = "0..39", concurrency = 4, model = "keyword-baseline")
@SuiteThreshold(meanScore = 0.7, confidence = 0.95)
public class ShardedKeywordSuite {}
