package dev.evalunit.samples;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.TaskAppProcess;
import dev.evalunit.Threshold;
import org.junit.jupiter.api.Tag;

/**
 * What failures look like; left out of the normal build by its tag. Run it with
 * {@code ./mvnw -pl samples -am test -DskipEngineTests -Dgroups=failing-example -DexcludedGroups=}.
 * Seeds 28 and 31 miss the per-seed score threshold (test failures), seed 29 gets HTTP 500 from
 * the task app ({@code fail_seeds} in {@code evals/failing-example.toml}; a test error), and the
 * mean over the completed seeds misses the suite threshold (the verdict fails).
 */
@Tag("failing-example")
@EvalSuite(config = "evals/failing-example.toml", env = "intents", seeds = "26..31",
    model = "keyword-baseline")
@Threshold(score = 1.0)
@SuiteThreshold(meanScore = 0.9)
@TaskAppProcess(
    command = {"${java.home}/bin/java", "-cp", "{classpath}",
        "dev.evalunit.samples.taskapp.SampleTaskApp", "--port", "{port}"},
    environment = "ENVIRONMENT_API_KEY=${ENVIRONMENT_API_KEY:-evalunit-sample-key}")
class FailingExampleEval {}
