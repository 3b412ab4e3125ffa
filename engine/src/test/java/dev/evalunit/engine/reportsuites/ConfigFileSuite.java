package dev.evalunit.engine.reportsuites;

import dev.evalunit.EvalSuite;

/** Takes everything from the config file a test names with {@code evalunit.file}. */
@EvalSuite
public class ConfigFileSuite {}
