package dev.evalunit.samples;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.TaskAppProcess;

/**
 * Epochs and a confidence-bound verdict together. The {@code keyword-noisy} policy answers like
 * the keyword baseline but slips on about 30% of its rollouts, as a model sampled at a temperature
 * would, so one rollout per seed would judge each query on luck. Each of the 30 seeds rolls out 3
 * times (3 results.jsonl rows, 3 run ids, one test); the seed's value is the mean of its epochs,
 * and the suite's mean of those seed values must reach 0.6 by the lower bound of its 95%
 * interval. Measured: mean 0.7556, interval [0.6375, 0.8482] over 30 seeds, so the verdict passes;
 * with {@code meanScore = 0.7} it is inconclusive. Each seed's output lists its epoch scores, the
 * reduced value and how often its epochs disagree; report.html lists the flakiest seeds.
 */
@EvalSuite(env = "intents", seeds = "0..29", concurrency = 4, model = "keyword-noisy",
    epochs = 3, reducer = "mean")
@SuiteThreshold(meanScore = 0.6, confidence = 0.95)
@TaskAppProcess(
    command = {"${java.home}/bin/java", "-cp", "{classpath}",
        "dev.evalunit.samples.taskapp.SampleTaskApp", "--port", "{port}"},
    environment = "ENVIRONMENT_API_KEY=${ENVIRONMENT_API_KEY:-evalunit-sample-key}")
class IntentEpochsEval {}
