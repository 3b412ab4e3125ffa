package dev.evalunit.engine.config;

import dev.evalunit.Budget;
import dev.evalunit.Dataset;
import dev.evalunit.EvalSuite;
import dev.evalunit.LlmConfigs;
import dev.evalunit.Rollout;
import dev.evalunit.SuiteThreshold;
import dev.evalunit.TaskAppProcess;
import dev.evalunit.Threshold;
import java.util.Arrays;
import java.util.List;
import org.junit.platform.commons.support.AnnotationSupport;

/** Reads a suite class's annotations into a settings layer; unset attributes contribute nothing. */
final class AnnotationSettings {

  private AnnotationSettings() {}

  static SettingsLayer read(Class<?> suiteClass) {
    SettingsLayer layer = new SettingsLayer();
    String where = "@EvalSuite on " + suiteClass.getName();
    AnnotationSupport.findAnnotation(suiteClass, EvalSuite.class).ifPresent(suite -> {
      layer.put(SettingKeys.TASK_APP_URL, blankToNull(suite.taskApp()), where + " taskApp");
      layer.put(SettingKeys.ENV_NAME, blankToNull(suite.env()), where + " env");
      layer.put(SettingKeys.SEEDS, blankToNull(suite.seeds()), where + " seeds");
      layer.put(SettingKeys.MODEL, blankToNull(suite.model()), where + " model");
      layer.put(SettingKeys.CONFIG_FILE, blankToNull(suite.config()), where + " config");
      if (suite.concurrency() != 0) {
        layer.put(SettingKeys.CONCURRENCY, suite.concurrency(), where + " concurrency");
      }
      if (suite.epochs() != 0) {
        layer.put(SettingKeys.EPOCHS, suite.epochs(), where + " epochs");
      }
      layer.put(SettingKeys.EPOCHS_REDUCER, blankToNull(suite.reducer()), where + " reducer");
    });
    AnnotationSupport.findAnnotation(suiteClass, LlmConfigs.class).ifPresent(llm -> {
      String at = "@LlmConfigs on " + suiteClass.getName();
      layer.put(SettingKeys.LLM_FILE, blankToNull(llm.file()), at + " file");
      if (llm.names().length > 0) {
        layer.put(SettingKeys.LLM_CONFIGS, List.of(llm.names()), at + " names");
      }
      if (llm.sendSecrets()) {
        layer.put(SettingKeys.LLM_SEND_SECRETS, true, at + " sendSecrets");
      }
    });
    AnnotationSupport.findAnnotation(suiteClass, Dataset.class).ifPresent(dataset -> {
      String at = "@Dataset on " + suiteClass.getName();
      layer.put(SettingKeys.DATASET_FILE, blankToNull(dataset.file()), at + " file");
      layer.put(SettingKeys.DATASET_ID_FIELD, blankToNull(dataset.idField()), at + " idField");
    });
    RolloutMethod.find(suiteClass).ifPresent(method -> {
      Rollout rollout = method.getAnnotation(Rollout.class);
      String at = "@Rollout on " + suiteClass.getName() + "." + method.getName();
      if (rollout.maxIterations() != 0) {
        layer.put(SettingKeys.AGENT_MAX_ITERATIONS, rollout.maxIterations(), at + " maxIterations");
      }
      layer.put(SettingKeys.AGENT_EVAL_NOTE, blankToNull(rollout.evalNote()), at + " evalNote");
    });
    AnnotationSupport.findAnnotation(suiteClass, Threshold.class).ifPresent(t -> {
      String at = "@Threshold on " + suiteClass.getName();
      layer.put(SettingKeys.SEED_MIN_SCORE, nanToNull(t.score()), at + " score");
      layer.put(SettingKeys.SEED_MAX_TOKENS, negativeToNull(t.maxTokens()), at + " maxTokens");
      layer.put(SettingKeys.SEED_MAX_COST_USD, nanToNull(t.maxCostUsd()), at + " maxCostUsd");
      layer.put(SettingKeys.SEED_MAX_LATENCY_MS, negativeToNull(t.maxLatencyMs()),
          at + " maxLatencyMs");
    });
    AnnotationSupport.findAnnotation(suiteClass, SuiteThreshold.class).ifPresent(t -> {
      String at = "@SuiteThreshold on " + suiteClass.getName();
      layer.put(SettingKeys.SUITE_MIN_MEAN_SCORE, nanToNull(t.meanScore()), at + " meanScore");
      layer.put(SettingKeys.SUITE_MIN_PASS_RATE, nanToNull(t.passRate()), at + " passRate");
      layer.put(SettingKeys.SUITE_MAX_COST_USD, nanToNull(t.maxCostUsd()), at + " maxCostUsd");
      layer.put(SettingKeys.SUITE_MAX_TOKENS, negativeToNull(t.maxTokens()), at + " maxTokens");
      layer.put(SettingKeys.SUITE_MAX_P95_LATENCY_MS, negativeToNull(t.maxP95LatencyMs()),
          at + " maxP95LatencyMs");
      layer.put(SettingKeys.SUITE_MAX_MEAN_LATENCY_MS, negativeToNull(t.maxMeanLatencyMs()),
          at + " maxMeanLatencyMs");
      layer.put(SettingKeys.SUITE_MAX_COST_PER_SEED_USD, nanToNull(t.maxCostPerSeedUsd()),
          at + " maxCostPerSeedUsd");
      layer.put(SettingKeys.SUITE_CONFIDENCE, nanToNull(t.confidence()), at + " confidence");
      layer.put(SettingKeys.SUITE_CLUSTER_FIELD, blankToNull(t.clusterField()),
          at + " clusterField");
      if (t.inconclusiveFails()) {
        layer.put(SettingKeys.SUITE_INCONCLUSIVE_FAILS, true, at + " inconclusiveFails");
      }
    });
    AnnotationSupport.findAnnotation(suiteClass, Budget.class).ifPresent(b -> {
      String at = "@Budget on " + suiteClass.getName();
      layer.put(SettingKeys.BUDGET_USD, nanToNull(b.usd()), at + " usd");
      layer.put(SettingKeys.BUDGET_TOKENS, negativeToNull(b.tokens()), at + " tokens");
      layer.put(SettingKeys.BUDGET_WALL_TIME, blankToNull(b.wallTime()), at + " wallTime");
      if (b.allowPartial()) {
        layer.put(SettingKeys.BUDGET_ALLOW_PARTIAL, true, at + " allowPartial");
      }
    });
    AnnotationSupport.findAnnotation(suiteClass, TaskAppProcess.class).ifPresent(p -> {
      String at = "@TaskAppProcess on " + suiteClass.getName();
      layer.put(SettingKeys.PROCESS_COMMAND, List.of(p.command()), at + " command");
      layer.put(SettingKeys.PROCESS_WORKING_DIR, blankToNull(p.workingDir()), at + " workingDir");
      layer.put(SettingKeys.PROCESS_ENVIRONMENT, Arrays.asList(p.environment()),
          at + " environment");
      layer.put(SettingKeys.PROCESS_STARTUP_TIMEOUT, p.startupTimeoutSeconds() + "s",
          at + " startupTimeoutSeconds");
      if (p.replicas() != 1) {
        layer.put(SettingKeys.PROCESS_REPLICAS, p.replicas(), at + " replicas");
      }
    });
    return layer;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Double nanToNull(double d) {
    return Double.isNaN(d) ? null : d;
  }

  private static Long negativeToNull(long l) {
    return l < 0 ? null : l;
  }
}
