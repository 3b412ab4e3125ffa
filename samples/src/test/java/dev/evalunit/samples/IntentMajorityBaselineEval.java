package dev.evalunit.samples;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.TaskAppProcess;

/**
 * The floor to compare against: a policy that always answers the most frequent intent, on the
 * same seeds as {@link IntentKeywordEval}. Without a {@code @Threshold} a wrong answer is a data
 * point, not a failed test; the suite only requires a mean score of 0.1, so its results table
 * shows the gap to the keyword baseline while the build stays green.
 */
@EvalSuite(env = "intents", seeds = "0..19", concurrency = 4, model = "majority-baseline")
@SuiteThreshold(meanScore = 0.1)
@TaskAppProcess(
    command = {"${java.home}/bin/java", "-cp", "{classpath}",
        "dev.evalunit.samples.taskapp.SampleTaskApp", "--port", "{port}"},
    environment = "ENVIRONMENT_API_KEY=${ENVIRONMENT_API_KEY:-evalunit-sample-key}")
class IntentMajorityBaselineEval {}
