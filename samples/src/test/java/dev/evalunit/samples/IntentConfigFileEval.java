package dev.evalunit.samples;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.TaskAppProcess;

/**
 * The keyword baseline over the whole "intents" dataset, configured by a synth-ai eval TOML file
 * ({@code evals/intents.toml}: env, seeds, concurrency, model). There is no per-seed threshold,
 * since the baseline gets some queries wrong; the suite requires a mean score of 0.8.
 */
@EvalSuite(config = "evals/intents.toml")
@SuiteThreshold(meanScore = 0.8)
@TaskAppProcess(
    command = {"${java.home}/bin/java", "-cp", "{classpath}",
        "dev.evalunit.samples.taskapp.SampleTaskApp", "--port", "{port}"},
    environment = "ENVIRONMENT_API_KEY=${ENVIRONMENT_API_KEY:-evalunit-sample-key}")
class IntentConfigFileEval {}
