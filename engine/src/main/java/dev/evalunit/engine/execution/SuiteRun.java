package dev.evalunit.engine.execution;

import dev.evalunit.engine.backend.BackendClient;
import dev.evalunit.engine.backend.BackendEndpoint;
import dev.evalunit.engine.backend.BackendEvalJob;
import dev.evalunit.engine.backend.BackendOptions;
import dev.evalunit.engine.client.RolloutRequests;
import dev.evalunit.engine.client.TaskAppClient;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.report.Console;
import dev.evalunit.engine.report.SuiteOutputs;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.results.SeedResult.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One suite's execution: starts its task app if managed, schedules every selected rollout on a
 * bounded pool as soon as the suite starts, records each result to disk the moment it finishes
 * (on the worker thread), and hands results to the test tree, which reports them on the engine
 * thread so that output lands on the right test.
 */
public final class SuiteRun implements AutoCloseable {

  private final SuiteConfig config;
  private final ExecutorService pool;
  private final Map<String, CompletableFuture<SeedResult>> futures = new LinkedHashMap<>();
  private final List<RolloutKey> keys;
  private final ManagedTaskApp taskApp;
  private final SuiteOutputs outputs;

  private SuiteRun(SuiteConfig config, ExecutorService pool, ManagedTaskApp taskApp,
      List<RolloutKey> keys, SuiteOutputs outputs) {
    this.config = config;
    this.pool = pool;
    this.taskApp = taskApp;
    this.keys = List.copyOf(keys);
    this.outputs = outputs;
  }

  /**
   * Starts the suite: the managed task app (if any), then every rollout in {@code keys}, in order,
   * at most {@code config.concurrency()} at a time. With {@code options.resume()}, seeds an
   * earlier run completed under the same settings are not run again; in backend mode the
   * rollouts run as one backend eval job per variant.
   */
  public static SuiteRun start(SuiteConfig config, List<RolloutKey> keys, EngineServices services,
      EngineOptions options) {
    createDirectories(config.output().dir());
    ManagedTaskApp app = null;
    if (config.taskApp().process() != null) {
      app = ManagedTaskApp.start(config.taskApp().process(), config.output().dir(),
          port -> client(config, services, "http://127.0.0.1:" + port));
    }
    String url = config.taskApp().url() != null ? config.taskApp().url() : app.url();
    Optional<BackendEndpoint> backend =
        options.backend().endpoint(services.environment(), services.synthBaseUrl());
    SuiteOutputs outputs;
    try {
      outputs = SuiteOutputs.open(config, seedsByVariant(keys), url,
          new SuiteOutputs.Options(options.resume(), options.progressInterval(),
              services.environment(), backend.isPresent() ? "backend" : "direct"));
    } catch (RuntimeException e) {
      if (app != null) {
        app.close();
      }
      throw e;
    }
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.min(config.concurrency(), Math.max(1, keys.size())), workerThreads(config));
    SuiteRun run = new SuiteRun(config, pool, app, keys, outputs);
    List<RolloutKey> toRun = run.reuseRecorded(keys);
    if (backend.isPresent()) {
      run.scheduleOnBackend(toRun, backend.get(), options.backend(), services, url);
    } else {
      run.schedule(toRun, client(config, services, url), new RolloutRequests(services.json(),
          config.rollout(), services.synthBaseUrl()));
    }
    return run;
  }

  /** Completes the seeds resume may take from an earlier run; the keys left to run. */
  private List<RolloutKey> reuseRecorded(List<RolloutKey> keys) {
    List<RolloutKey> toRun = new ArrayList<>();
    for (RolloutKey key : keys) {
      Optional<SeedResult> recorded = outputs.reusable(key.variant(), key.seed());
      if (recorded.isPresent()) {
        futures.put(key.id(), CompletableFuture.completedFuture(recorded.get()));
      } else {
        toRun.add(key);
      }
    }
    return toRun;
  }

  private static Map<Variant, List<SeedSpec>> seedsByVariant(List<RolloutKey> keys) {
    Map<Variant, List<SeedSpec>> seeds = new LinkedHashMap<>();
    keys.forEach(k -> seeds.computeIfAbsent(k.variant(), v -> new ArrayList<>()).add(k.seed()));
    return seeds;
  }

  private static TaskAppClient client(SuiteConfig config, EngineServices services, String url) {
    return new TaskAppClient(services.http(), url, config.taskApp().apiKey(),
        config.timeouts().connect(), config.timeouts().rollout(), services.json());
  }

  private void schedule(List<RolloutKey> keys, TaskAppClient client, RolloutRequests requests) {
    for (RolloutKey key : keys) {
      RolloutTask task = new RolloutTask(key, client, requests, outputs.traces(key.variant()));
      futures.put(key.id(), CompletableFuture.supplyAsync(() -> {
        SeedResult result = task.run();
        outputs.seedFinished(result);
        return result;
      }, pool));
    }
  }

  /** One backend eval job per variant; each seed's future completes when its job has ended. */
  private void scheduleOnBackend(List<RolloutKey> keys, BackendEndpoint endpoint,
      BackendOptions options, EngineServices services, String taskAppUrl) {
    BackendClient backend = new BackendClient(services.http(), endpoint, services.json(),
        config.taskApp().apiKey());
    Map<Variant, List<SeedSpec>> byVariant = seedsByVariant(keys);
    Map<Variant, CompletableFuture<Map<String, SeedResult>>> jobs = new LinkedHashMap<>();
    byVariant.forEach((variant, seeds) -> {
      BackendEvalJob job = new BackendEvalJob(backend, options,
          BackendEvalJob.request(services.json(), config, variant, seeds, taskAppUrl),
          variant, seeds, variantDir(variant), config.rollout().returnTrace(),
          config.suiteName() + (variant.name() == null ? "" : " [" + variant.name() + "]"),
          Console::println);
      jobs.put(variant, CompletableFuture.supplyAsync(() -> {
        Map<String, SeedResult> results = job.run();
        results.values().forEach(outputs::seedFinished);
        return results;
      }, pool));
    });
    for (RolloutKey key : keys) {
      futures.put(key.id(), jobs.get(key.variant()).thenApply(m -> m.get(key.seed().key())));
    }
  }

  /** The folder of a variant's outputs: the suite folder, or a sub-folder per matrix variant. */
  public Path variantDir(Variant variant) {
    return outputs.variantDir(variant);
  }

  public SuiteConfig config() {
    return config;
  }

  /** Blocks until the rollout of {@code key} has ended; never throws for a failed rollout. */
  public SeedResult await(RolloutKey key) {
    CompletableFuture<SeedResult> future = futures.get(key.id());
    if (future == null) {
      throw new IllegalStateException(key.id() + " was not scheduled");
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notRun(key, "interrupted");
    } catch (CancellationException e) {
      return notRun(key, "cancelled");
    } catch (ExecutionException e) {
      return new SeedResult(key.variant().name(), key.seed().seed(), key.seed().instanceId(),
          null, Status.ERRORED, RolloutMetrics.NONE, null, 0,
          new ErrorInfo("internal", String.valueOf(e.getCause())), null, null, null, false);
    }
  }

  /** Every scheduled result of one variant, in seed order, waiting for those still running. */
  public List<SeedResult> results(Variant variant) {
    List<SeedResult> results = new ArrayList<>();
    String prefix = variant.key() + "/";
    futures.keySet().stream().filter(id -> id.startsWith(prefix)).toList().forEach(id -> {
      try {
        results.add(futures.get(id).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | CancellationException e) {
        // reported on the seed's own test
      }
    });
    return results;
  }

  private static SeedResult notRun(RolloutKey key, String reason) {
    return new SeedResult(key.variant().name(), key.seed().seed(), key.seed().instanceId(), null,
        Status.ABORTED, RolloutMetrics.NONE, null, 0, new ErrorInfo("not_run", reason), null, null,
        null, false);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      outputs.suiteFinished(finishedResults());
    } finally {
      outputs.close();
      if (taskApp != null) {
        taskApp.close();
      }
    }
  }

  /** Every scheduled result per variant without waiting; a seed still pending counts as not run. */
  private Map<Variant, List<SeedResult>> finishedResults() {
    Map<Variant, List<SeedResult>> results = new LinkedHashMap<>();
    for (RolloutKey key : keys) {
      CompletableFuture<SeedResult> future = futures.get(key.id());
      SeedResult result = future != null && future.isDone() && !future.isCompletedExceptionally()
          ? future.join() : notRun(key, "the suite ended before this seed ran");
      results.computeIfAbsent(key.variant(), v -> new ArrayList<>()).add(result);
    }
    return results;
  }

  private static ThreadFactory workerThreads(SuiteConfig config) {
    AtomicInteger n = new AtomicInteger();
    String name = config.suiteName().substring(config.suiteName().lastIndexOf('.') + 1);
    return runnable -> {
      Thread thread = new Thread(runnable, "evalunit-" + name + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output folder " + dir, e);
    }
  }
}
