package dev.evalunit.samples;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.TaskAppProcess;

/**
 * A confidence-bound verdict: the keyword baseline over 60 queries must score at least 0.75 on
 * average, judged by the lower bound of the mean score's 95% interval, not by the mean alone (the
 * scores are 0 or 1, so the interval is the exact one of a proportion). Measured: mean 0.8667,
 * interval [0.7541, 0.9406], so the verdict passes because the
 * data shows it clearly. The verdict line prints the interval ({@code mean_score_ci}) and how
 * many seeds would decide the threshold at 80% power. With {@code meanScore = 0.8} the same
 * interval straddles the threshold: the verdict is inconclusive (reported as skipped) and says
 * that about 258 seeds would decide it.
 */
@EvalSuite(env = "intents", seeds = "0..59", concurrency = 4, model = "keyword-baseline")
@SuiteThreshold(meanScore = 0.75, confidence = 0.95)
@TaskAppProcess(
    command = {"${java.home}/bin/java", "-cp", "{classpath}",
        "dev.evalunit.samples.taskapp.SampleTaskApp", "--port", "{port}"},
    environment = "ENVIRONMENT_API_KEY=${ENVIRONMENT_API_KEY:-evalunit-sample-key}")
class IntentConfidenceEval {}
