package dev.evalunit.samples;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.TaskAppProcess;
import dev.evalunit.Threshold;

/**
 * The keyword baseline on the first 20 queries of the "intents" environment. The engine starts
 * the sample task app on a free port, runs 4 rollouts at a time, and requires every seed to be
 * answered correctly within 500 tokens and the mean score to reach 0.7.
 */
@EvalSuite(env = "intents", seeds = "0..19", concurrency = 4, model = "keyword-baseline")
@Threshold(score = 1.0, maxTokens = 500)
@SuiteThreshold(meanScore = 0.7)
@TaskAppProcess(
    command = {"${java.home}/bin/java", "-cp", "{classpath}",
        "dev.evalunit.samples.taskapp.SampleTaskApp", "--port", "{port}"},
    environment = "ENVIRONMENT_API_KEY=${ENVIRONMENT_API_KEY:-evalunit-sample-key}")
class IntentKeywordEval {}
