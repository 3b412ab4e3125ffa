package dev.evalunit.engine.reliability;

import dev.evalunit.EvalSuite;

/** No URL: each test supplies {@code taskApp.command}, so the engine starts the task app. */
@EvalSuite(env = "managed", seeds = "0..5", concurrency = 1)
public class ManagedSuite {}
