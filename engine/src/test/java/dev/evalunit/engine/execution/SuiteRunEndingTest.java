package dev.evalunit.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.MapParameters;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Reliability.Budget;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.config.SuiteConfigResolver;
import dev.evalunit.engine.reliability.FaultSuite;
import dev.evalunit.engine.results.SeedResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shutdown hook that closes a suite while it is still scheduling its seeds (Ctrl-C right after
 * the suite started) ends every seed through the same path: no exception escapes the start, and
 * every seed has an ending (ran, interrupted or not run), none left pending or thrown.
 */
class SuiteRunEndingTest {

  private static final int SEEDS = 200_000;

  @TempDir Path baseDir;

  @Test
  void anInterruptWhileSchedulingEndsEverySeedWithoutAnException() throws Exception {
    MapParameters parameters = new MapParameters(Map.of(
        "evalunit.taskApp.url", "http://127.0.0.1:9",
        "evalunit.seeds", "0.." + (SEEDS - 1),
        "evalunit.concurrency", "2",
        "evalunit.retry.maxRetries", "0",
        "evalunit.output.seedLines", "false",
        "evalunit.taskApp.probe", "none")); // the seeds themselves meet the dead URL
    SuiteConfig config = new SuiteConfigResolver(parameters, Map.of(), baseDir)
        .resolve(FaultSuite.class);
    List<RolloutKey> keys = new ArrayList<>();
    for (Variant variant : config.variants()) {
      for (SeedSpec seed : config.seeds()) {
        keys.add(new RolloutKey(variant, seed));
      }
    }
    OkHttpClient http = new OkHttpClient();
    RunControl control = RunControl.withoutHook(Budget.NONE, () -> http.dispatcher().cancelAll());
    EngineServices services = new EngineServices(http, new ObjectMapper(), Map.of(), control);
    // The hook fires as soon as the suite is tracked, i.e. while it schedules its seeds.
    Thread hook = new Thread(() -> {
      while (control.trackedCount() == 0) {
        Thread.onSpinWait();
      }
      control.interrupt();
    });
    hook.start();
    SuiteRun run = SuiteRun.start(config, keys, services, EngineOptions.from(parameters));
    hook.join(10_000);
    run.close();

    List<SeedResult> results = keys.stream().map(run::await).toList();
    assertThat(results).hasSize(SEEDS);
    Set<String> endings = results.stream()
        .map(r -> r.error() == null ? "completed" : r.error().type())
        .collect(Collectors.toSet());
    assertThat(endings).isSubsetOf("transport", "interrupted", "not_run");
    assertThat(endings).as("seeds the interrupt kept from running").contains("not_run");
    assertThat(results.stream().filter(r -> r.error().type().equals("not_run")))
        .allMatch(r -> r.error().message().endsWith(": the suite ended before this seed ran"));
  }
}
