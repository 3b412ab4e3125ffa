package dev.evalunit.bench.workload;

import dev.evalunit.EvalSuite;

/**
 * The eval suite every engine scenario runs; the benchmark supplies the task app URL, seeds,
 * concurrency and trace settings as configuration parameters ({@code evalunit.taskApp.url},
 * {@code evalunit.seeds}, ...), exactly as a user would with {@code -D} flags.
 */
@EvalSuite(env = "bench-stub", model = "stub-model")
public class BenchSuite {}
