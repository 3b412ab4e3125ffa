package dev.evalunit.samples;

import dev.evalunit.EvalSuite;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.TaskAppProcess;

/**
 * The baseline regression gate: the majority baseline on the same seeds as
 * {@link IntentMajorityBaselineEval}, compared seed by seed with the run committed in
 * {@code src/test/resources/evalunit/baselines/dev.evalunit.samples.IntentBaselineGateEval.jsonl}.
 * Because that file exists, the suite has a {@code baseline gate} test beside its verdict; it
 * passes while the mean score has surely not dropped by more than 0.02 (the default tolerated
 * drop) and fails with the seeds that dropped when it has. The file was written by
 * {@code ./mvnw -pl samples -am test -DskipEngineTests -Dtest=IntentBaselineGateEval
 * -Devalunit.baseline.write=true}; rerun that to accept a new baseline, then commit it.
 */
@EvalSuite(env = "intents", seeds = "0..19", concurrency = 4, model = "majority-baseline")
@SuiteThreshold(meanScore = 0.1)
@TaskAppProcess(
    command = {"${java.home}/bin/java", "-cp", "{classpath}",
        "dev.evalunit.samples.taskapp.SampleTaskApp", "--port", "{port}"},
    environment = "ENVIRONMENT_API_KEY=${ENVIRONMENT_API_KEY:-evalunit-sample-key}")
class IntentBaselineGateEval {}
