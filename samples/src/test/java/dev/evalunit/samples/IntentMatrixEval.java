package dev.evalunit.samples;

import dev.evalunit.EvalSuite;
import dev.evalunit.LlmConfigs;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.TaskAppProcess;

/**
 * One suite, two LLM configurations: the named sections of {@code evals/llm-config.toml}
 * ({@code keyword_baseline} and {@code majority_baseline}) become two variants in the test tree,
 * suite -> variant -> seed, each with its own seeds, its own verdict and results table, and its
 * own folder under {@code target/evalunit/dev.evalunit.samples.IntentMatrixEval/}. The keyword
 * baseline answers every one of seeds 0..19; the majority baseline only the queries whose
 * intent is the most frequent one. The suite threshold is low so both variants pass and the two
 * tables show the gap. Run one variant with {@code -Devalunit.llm.configs=majority_baseline}.
 */
@EvalSuite(env = "intents", seeds = "0..19", concurrency = 4)
@LlmConfigs(file = "evals/llm-config.toml", names = {"keyword_baseline", "majority_baseline"})
@SuiteThreshold(meanScore = 0.1)
@TaskAppProcess(
    command = {"${java.home}/bin/java", "-cp", "{classpath}",
        "dev.evalunit.samples.taskapp.SampleTaskApp", "--port", "{port}"},
    environment = "ENVIRONMENT_API_KEY=${ENVIRONMENT_API_KEY:-evalunit-sample-key}")
class IntentMatrixEval {}
