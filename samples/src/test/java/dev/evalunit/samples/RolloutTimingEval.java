package dev.evalunit.samples;

import dev.evalunit.EvalSuite;
import dev.evalunit.TaskAppProcess;

/**
 * Six seeds, three at a time, each rollout held 400 ms by the task app
 * ({@code delay_ms} in {@code evals/rollout-timing.toml}). In
 * {@code target/surefire-reports/TEST-dev.evalunit.samples.RolloutTimingEval.xml} every seed's
 * {@code time} is its rollout's time (at least 0.4 s) although the seeds ran side by side, and
 * every seed's {@code <system-out>} holds its own line; {@code SurefireReportCheck} reads that
 * file after the run.
 */
@EvalSuite(config = "evals/rollout-timing.toml", env = "intents", seeds = "0..5",
    concurrency = 3, model = "keyword-baseline")
@TaskAppProcess(
    command = {"${java.home}/bin/java", "-cp", "{classpath}",
        "dev.evalunit.samples.taskapp.SampleTaskApp", "--port", "{port}"},
    environment = "ENVIRONMENT_API_KEY=${ENVIRONMENT_API_KEY:-evalunit-sample-key}")
class RolloutTimingEval {}
