package dev.evalunit.engine.execution;

import dev.evalunit.engine.agent.AgentRollouts;
import dev.evalunit.engine.backend.BackendClient;
import dev.evalunit.engine.baseline.GateOutcome;
import dev.evalunit.engine.backend.BackendEndpoint;
import dev.evalunit.engine.backend.BackendEvalJob;
import dev.evalunit.engine.backend.BackendOptions;
import dev.evalunit.engine.cache.RolloutCache;
import dev.evalunit.engine.client.ResponseLimits;
import dev.evalunit.engine.client.RolloutRequests;
import dev.evalunit.engine.client.TaskAppClient;
import dev.evalunit.engine.client.TaskAppException;
import dev.evalunit.engine.client.TasksetSeeds;
import dev.evalunit.engine.config.ConfigException;
import dev.evalunit.engine.config.SeedsFromTaskInfo;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.CacheMode;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.replicas.ReplicaPool;
import dev.evalunit.engine.replicas.ReplicaStats;
import dev.evalunit.engine.report.Console;
import dev.evalunit.engine.report.ShardMergeException;
import dev.evalunit.engine.report.SuiteOutputs;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SuiteOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One suite's execution: starts its task app if managed, runs every selected rollout through an
 * {@link AttemptScheduler} (or a backend eval job) as soon as the suite starts, records each
 * result to disk the moment it finishes (on the worker thread), and hands results to the test
 * tree, which reports them on the engine thread so that output lands on the right test. Each
 * rollout asks the suite's {@link StopConditions} before it starts (deadline, budgets, error
 * limit, fail-fast), and is accounted there before its permit goes to the next one. Results go
 * to a {@link SuiteOutputs} (the output folder: {@code results.jsonl} as they finish, the
 * reports at the end).
 */
public final class SuiteRun implements AutoCloseable {

  /** The client's address when strict replay did not start the task app; never called. */
  private static final String NOT_STARTED = "http://127.0.0.1:9";

  private final SuiteConfig config;
  private final Object lifecycle = new Object();
  /** Direct mode's attempts; null until scheduled. Guarded by {@code lifecycle}. */
  private AttemptScheduler scheduler;
  /** Backend mode's job threads; null until scheduled. Guarded by {@code lifecycle}. */
  private ExecutorService backendPool;
  /**
   * Each seed's ending, one per key, created before the run can be closed (so the shutdown hook
   * never meets a map being filled) and completed once, by {@link #end}.
   */
  private final Map<RolloutKey, SeedProgress> endings;
  /**
   * Per seed (its epoch-0 key), how many of its epochs have not ended yet; the rollout that ends
   * the last one judges the seed, once.
   */
  private final Map<RolloutKey, AtomicInteger> epochsLeft;
  private final List<RolloutKey> keys;
  /** The rollouts of seeds learned from the task app as the suite started, in its order. */
  private final List<RolloutKey> learned;
  private final SuiteOutputs outputs;
  private final List<ManagedTaskApp> taskApps;
  /** The replicas the rollouts go to (one for a plain URL); null in backend mode. */
  private volatile ReplicaPool replicas;
  private final StopConditions stops;
  private final RunControl runControl;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The in-process rollouts of a {@code @Rollout} suite; null for a task app. */
  private volatile AgentRollouts agents;

  private SuiteRun(SuiteConfig config, List<ManagedTaskApp> taskApps,
      StopConditions stops, RunControl runControl, List<RolloutKey> keys, List<RolloutKey> learned,
      SuiteOutputs outputs) {
    this.learned = List.copyOf(learned);
    this.config = config;
    this.taskApps = List.copyOf(taskApps);
    this.stops = stops;
    this.runControl = runControl;
    this.keys = List.copyOf(keys);
    this.outputs = outputs;
    Map<RolloutKey, SeedProgress> endings = new HashMap<>(keys.size() * 2);
    for (RolloutKey key : this.keys) {
      endings.put(key, new SeedProgress());
    }
    this.endings = Collections.unmodifiableMap(endings);
    Map<RolloutKey, AtomicInteger> left = new HashMap<>();
    for (RolloutKey key : this.keys) {
      left.computeIfAbsent(key.withEpoch(0), k -> new AtomicInteger()).incrementAndGet();
    }
    this.epochsLeft = Collections.unmodifiableMap(left);
  }

  /**
   * Starts the suite: the managed task app (if any), then every rollout in {@code keys}, in order,
   * at most {@code config.concurrency()} at a time. With {@code options.resume()}, seeds an
   * earlier run completed under the same settings are not run again; in backend mode the
   * rollouts run as one backend eval job per variant.
   */
  public static SuiteRun start(SuiteConfig config, List<RolloutKey> keys, EngineServices services,
      EngineOptions options) {
    return start(config, keys, Set.of(), services, options);
  }

  /**
   * Like {@link #start(SuiteConfig, List, EngineServices, EngineOptions)}; with variants in
   * {@code learnFor} (a suite whose seeds come from the task app, those variants selected whole)
   * it first asks the task app's {@code GET /task_info} for the seeds and runs each of them
   * under each of those variants, after
   * {@code keys}: {@link #learned()} lists them, for the test tree to register.
   *
   * @throws SeedsNotLearnedException when {@code /task_info} fails or names no usable seeds
   */
  public static SuiteRun start(SuiteConfig config, List<RolloutKey> selected, Set<Variant> learnFor,
      EngineServices services, EngineOptions options) {
    RunControl runControl = services.run();
    createDirectories(config.output().dir());
    // A merge runs no rollout: it needs no task app and no backend.
    boolean merge = options.shard().isMerge();
    // Strict replay sends nothing (unless seeds are to be learned): the app is not started.
    boolean replayOnly = config.cache().mode() == CacheMode.STRICT && learnFor.isEmpty();
    List<ManagedTaskApp> apps = config.taskApp().process() == null || replayOnly || merge
        ? List.of() : startReplicas(config, services, runControl);
    SuiteRun run = null;
    SuiteOutputs outputs = null;
    try {
      List<String> urls = config.taskApp().url() != null ? config.taskApp().urls()
          : apps.stream().map(ManagedTaskApp::url).toList();
      String url = urls.isEmpty() ? null : String.join(",", urls);
      if (merge && !learnFor.isEmpty()) {
        throw new IllegalStateException("the merge of " + config.suiteName() + " cannot judge "
            + "seeds learned from GET /task_info yet: list the suite's seeds (seeds = ...) to "
            + "shard it, or run it whole");
      }
      List<RolloutKey> learned = learnFor.isEmpty() ? List.of()
          : learnSeeds(config, client(config, services, urls.get(0)), selected, learnFor).stream()
              // A shard runs its own share of the learned seeds too.
              .filter(k -> options.shard().includes(k.variant(), k.seed())).toList();
      List<RolloutKey> keys = new ArrayList<>(selected);
      // A learned seed runs every epoch too; the test tree registers it once (epoch 0).
      for (RolloutKey key : learned) {
        for (int epoch = 0; epoch < config.epochs().count(); epoch++) {
          keys.add(key.withEpoch(epoch));
        }
      }
      StopConditions stops = new StopConditions(config.reliability(), keys.size(),
          config.seedThresholds(), runControl.budget(), runControl::interrupted, System::nanoTime);
      Optional<BackendEndpoint> backend = merge ? Optional.empty()
          : options.backend().endpoint(config.backendUrl(), services.environment());

      // Never called without a URL: strict replay sends no request, not even the probe.
      if (config.inProcess() && backend.isPresent()) {
        throw new IllegalStateException(config.suiteName() + " has a @Rollout method: its "
            + "rollouts run in this JVM and cannot run as a backend eval job; unset the backend "
            + "for this run");
      }
      ReplicaPool pool = backend.isPresent() || merge || config.inProcess() ? null
          : pool(config, services, urls.isEmpty() ? List.of(NOT_STARTED) : urls, apps,
              options.probe());
      outputs = SuiteOutputs.open(config, seedsByVariant(keys),
          config.inProcess() ? "in-process:" + config.agent().method().getName()
              : url != null ? url : merge ? "none (a merge of shards starts no task app)"
              : "none (cache.mode=strict: the task app was not started)",
          new SuiteOutputs.Options(options.resume(), options.progressInterval(),
              services.environment(),
              merge ? "merge" : backend.isPresent() ? "backend"
                  : config.inProcess() ? "in_process" : "direct",
              pool == null || pool.size() < 2 ? List::of : pool::stats, options.shard()));
      run = new SuiteRun(config, apps, stops, runControl, keys, learned, outputs);
      run.replicas = pool;
      runControl.track(run);
      List<RolloutKey> toRun = run.reuseRecorded(keys);
      if (merge) {
        if (!toRun.isEmpty()) {
          RolloutKey first = toRun.get(0);
          throw new ShardMergeException("merge of " + config.suiteName() + ": "
              + outputs.mergedShardOf(first.variant(), first.seed()).label() + " has no result for "
              + toRun.size() + " rollout" + (toRun.size() == 1 ? "" : "s") + " of its seeds (first: "
              + first.id() + " epoch " + first.epoch() + "); run every shard and the merge with "
              + "the same seeds and epochs");
        }
        return run;
      }
      if (backend.isPresent() && config.cache().mode() != CacheMode.OFF) {
        throw new IllegalStateException(config.suiteName() + ": cache.mode="
            + config.cache().mode().value() + " replays rollouts this engine sends, and in "
            + "backend mode the backend sends them; set cache.mode=off, or "
            + "evalunit.backend.enabled=false to run direct");
      }
      if (backend.isPresent() && urls.size() > 1) {
        throw new IllegalStateException(config.suiteName() + ": backend mode sends one "
            + "task_app_url to the backend, but the suite has " + urls.size() + " task-app "
            + "replicas (" + url + "): list one URL in evalunit.taskApp.url, or run the pool "
            + "directly with -Devalunit.backend.enabled=false");
      }
      if (config.inProcess()) {
        run.scheduleInProcess(toRun, services);
      } else if (backend.isPresent()) {
        run.scheduleOnBackend(toRun, backend.get(), options.backend(), services, url);
      } else {
        AttemptFloor floor = new AttemptFloor();
        RolloutSafeguards guards = new RolloutSafeguards(
            RetryPolicy.of(config.reliability().retry()),
            new ConcurrencyLimiter(config.concurrency()), stops,
            liveness(apps, pool), config.timeouts().rollout(),
            floor, new AttemptCutoff(config.timeouts().attempt(), floor));
        // A task app that is down fails the suite once, here, before its first rollout (none
        // when every selected seed was reused); in a pool, a replica that is down is taken out
        // (and probed back in), and the suite fails only when none answers.
        if (apps.isEmpty() && !toRun.isEmpty() && options.probe() != TaskAppProbe.NONE
            // Strict replay sends nothing, so it needs no task app.
            && config.cache().mode() != CacheMode.STRICT) {
          pool.probeAll().ifPresent(cause -> {
            throw new TaskAppUnreachableException(urls.size() == 1 ? pool.first().baseUrl()
                : "every replica of " + url, cause);
          });
        }
        run.schedule(toRun, pool, new RolloutRequests(services.json(),
            config.rollout(), services.synthBaseUrl()), guards);
      }
      return run;
    } catch (RuntimeException e) {
      if (run != null) {
        run.close(); // also stops the task app
      } else {
        if (outputs != null) {
          outputs.close();
        }
        apps.forEach(ManagedTaskApp::close);
      }
      throw e;
    }
  }

  /**
   * The seeds {@code GET /task_info} names, under each variant of {@code learnFor}, less those
   * already selected.
   */
  private static List<RolloutKey> learnSeeds(SuiteConfig config, TaskAppClient client,
      List<RolloutKey> selected, Set<Variant> learnFor) {
    SeedsFromTaskInfo source = config.seedsFromTaskInfo();
    String label = "GET " + client.baseUrl().replaceAll("/+$", "") + "/task_info";
    List<SeedSpec> seeds;
    try {
      seeds = source.select(TasksetSeeds.read(client.taskset(), source.split(), label), label);
    } catch (TaskAppException | ConfigException e) {
      throw new SeedsNotLearnedException(config.suiteName(), source.describe(), e.getMessage());
    }
    Set<RolloutKey> known = new HashSet<>(selected);
    List<RolloutKey> learned = new ArrayList<>();
    for (Variant variant : learnFor) {
      for (SeedSpec seed : seeds) {
        RolloutKey key = new RolloutKey(variant, seed);
        if (!known.contains(key)) {
          learned.add(key);
        }
      }
    }
    return learned;
  }

  /**
   * The rollouts of the seeds learned from {@code GET /task_info} as the suite started (none
   * unless it was started to learn them), in the order the task app named them.
   */
  public List<RolloutKey> learned() {
    return learned;
  }

  /** Completes the seeds resume may take from an earlier run; the keys left to run. */
  private List<RolloutKey> reuseRecorded(List<RolloutKey> keys) {
    List<RolloutKey> toRun = new ArrayList<>();
    for (RolloutKey key : keys) {
      Optional<SeedResult> recorded = outputs.reusable(key.variant(), key.seed(), key.epoch());
      if (recorded.isPresent()) {
        stops.record(recorded.get());
        endings.get(key).complete(recorded.get());
        epochEnded(key);
      } else {
        toRun.add(key);
      }
    }
    return toRun;
  }

  /** The seeds of {@code keys} per variant, each once (a seed with epochs has a key per epoch). */
  private static Map<Variant, List<SeedSpec>> seedsByVariant(List<RolloutKey> keys) {
    Map<Variant, java.util.LinkedHashSet<SeedSpec>> seeds = new LinkedHashMap<>();
    keys.forEach(k -> seeds.computeIfAbsent(k.variant(), v -> new java.util.LinkedHashSet<>())
        .add(k.seed()));
    Map<Variant, List<SeedSpec>> lists = new LinkedHashMap<>();
    seeds.forEach((variant, set) -> lists.put(variant, new ArrayList<>(set)));
    return lists;
  }

  /** Starts {@code taskApp.replicas} processes, each on its own port and with its own log. */
  private static List<ManagedTaskApp> startReplicas(SuiteConfig config, EngineServices services,
      RunControl runControl) {
    List<ManagedTaskApp> apps = new ArrayList<>();
    int n = config.taskApp().process().replicas();
    try {
      for (int i = 1; i <= n; i++) {
        apps.add(ManagedTaskApp.start(config.taskApp().process(), config.output().dir(),
            i == 1 ? "task-app.log" : "task-app-" + i + ".log",
            port -> client(config, services, "http://127.0.0.1:" + port), runControl));
      }
    } catch (RuntimeException e) {
      apps.forEach(ManagedTaskApp::close);
      throw e;
    }
    return apps;
  }

  /** The replicas of {@code urls}: started processes know when they exited. */
  private static ReplicaPool pool(SuiteConfig config, EngineServices services, List<String> urls,
      List<ManagedTaskApp> apps, TaskAppProbe probe) {
    List<ReplicaPool.Member> members = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      TaskAppClient client = client(config, services, urls.get(i));
      if (apps.isEmpty()) {
        members.add(ReplicaPool.Member.unmanaged(client));
      } else {
        ManagedTaskApp app = apps.get(i);
        members.add(new ReplicaPool.Member(client, () -> app.isAlive() ? Optional.empty()
            : Optional.of("the task app process on port " + app.port() + " exited")));
      }
    }
    return ReplicaPool.of(members, config.taskApp().replicaConcurrency(),
        probe == TaskAppProbe.HEALTH || !apps.isEmpty());
  }

  /**
   * Whether the task app is gone: one started process, as before pools; several, only when every
   * one of them exited (until then their seeds go to the others).
   */
  private static TaskAppLiveness liveness(List<ManagedTaskApp> apps, ReplicaPool pool) {
    if (apps.isEmpty()) {
      return TaskAppLiveness.UNMANAGED;
    }
    return apps.size() == 1 ? apps.get(0) : grace -> pool.allGone();
  }

  private static TaskAppClient client(SuiteConfig config, EngineServices services, String url) {
    return new TaskAppClient(services.http(), url, config.taskApp().apiKey(),
        config.timeouts().connect(), config.timeouts().rollout(), services.json(),
        config.redactor(), new ResponseLimits(config.timeouts().maxResponseBytes(),
            config.timeouts().readIdle()));
  }

  private void schedule(List<RolloutKey> keys, ReplicaPool client, RolloutRequests requests,
      RolloutSafeguards guards) {
    schedule(keys, key -> new RolloutTask(key, client, requests, outputs.traces(key.variant()),
        guards), guards);
  }

  /**
   * Creates the suite instance and runs the {@code @Rollout} method for each key, with the same
   * safeguards as HTTP rollouts except the hang cut (a method is not retried for being slow).
   */
  private void scheduleInProcess(List<RolloutKey> keys, EngineServices services) {
    AgentRollouts inProcess = AgentRollouts.start(config, services.json(),
        workerThreads(config, "evalunit-agent-"), outputs::variantDir);
    agents = inProcess;
    AttemptFloor floor = new AttemptFloor();
    RolloutSafeguards guards = new RolloutSafeguards(
        RetryPolicy.of(config.reliability().retry()),
        new ConcurrencyLimiter(config.concurrency()), stops, TaskAppLiveness.UNMANAGED,
        config.timeouts().rollout(), floor,
        new AttemptCutoff(SuiteConfig.AttemptTimeout.OFF, floor));
    RolloutRequests requests = new RolloutRequests(services.json(), config.rollout(),
        services.synthBaseUrl());
    schedule(keys, key -> new RolloutTask(key, inProcess, requests,
        outputs.traces(key.variant()), guards), guards);
  }

  /** The log lines of a seed's in-process rollout, for its test's output; empty otherwise. */
  public List<String> seedLog(RolloutKey key) {
    AgentRollouts inProcess = agents;
    return inProcess == null ? List.of() : inProcess.log(key);
  }

  private void schedule(List<RolloutKey> keys,
      java.util.function.Function<RolloutKey, RolloutTask> newTask, RolloutSafeguards guards) {
    RolloutCache cache = new RolloutCache(config.cache(), config.redactor());
    Iterator<RolloutTask> tasks = keys.stream()
        .map(key -> newTask.apply(key)
            .pricedBy(config.prices(), config.policyConfig(key.variant()).get("model"))
            .cachedBy(cache))
        .iterator();
    synchronized (lifecycle) {
      if (closed.get()) {
        return; // interrupted before scheduling: close() ended every seed as not run
      }
      scheduler = new AttemptScheduler(guards.limiter(),
          Math.min(config.concurrency(), Math.max(1, keys.size())),
          workerThreads(config, "evalunit-"), tasks,
          (task, step) -> end(task.key(), step.result(), null), this::begin);
      scheduler.start();
    }
  }

  /** One backend eval job per variant; each seed's future completes when its job has ended. */
  private void scheduleOnBackend(List<RolloutKey> keys, BackendEndpoint endpoint,
      BackendOptions options, EngineServices services, String taskAppUrl) {
    BackendClient backend = new BackendClient(services.http(), endpoint, services.json(),
        config.taskApp().apiKey());
    // One job per variant and epoch: a job runs each of its seeds once.
    Map<List<Object>, CompletableFuture<Map<String, SeedResult>>> jobs = new LinkedHashMap<>();
    ExecutorService pool;
    synchronized (lifecycle) {
      if (closed.get()) {
        return;
      }
      pool = Executors.newFixedThreadPool(
          Math.max(1, Math.min(config.concurrency(), config.variants().size())),
          workerThreads(config, "evalunit-"));
      backendPool = pool;
    }
    Map<Integer, List<RolloutKey>> byEpoch = new java.util.TreeMap<>();
    keys.forEach(k -> byEpoch.computeIfAbsent(k.epoch(), e -> new ArrayList<>()).add(k));
    byEpoch.forEach((epoch, epochKeys) -> seedsByVariant(epochKeys).forEach((variant, seeds) -> {
      BackendEvalJob job = new BackendEvalJob(backend, options,
          BackendEvalJob.request(services.json(), config, variant, seeds, taskAppUrl),
          variant, seeds, variantDir(variant), config.rollout().returnTrace(),
          config.suiteName() + (variant.name() == null ? "" : " [" + variant.name() + "]"),
          Console::println);
      // The run's one shutdown hook cancels the job on the backend, like the calls in flight.
      AutoCloseable cancel = job::cancelOnShutdown;
      runControl.track(cancel);
      jobs.put(List.of(variant, epoch), CompletableFuture.supplyAsync(() -> {
        seeds.forEach(seed -> endings.get(new RolloutKey(variant, seed, epoch)).begun());
        try {
          return job.run();
        } finally {
          runControl.untrack(cancel);
        }
      }, pool));
    }));
    for (RolloutKey key : keys) {
      jobs.get(List.of(key.variant(), key.epoch())).whenComplete((results, failure) -> {
        SeedResult result = results == null ? null : results.get(key.seed().key());
        end(key, result == null ? null : result.withEpoch(key.epoch()), failure);
      });
    }
  }

  /**
   * The one place a seed ends, whatever ended it: a result, anything thrown (an {@link Error}
   * included), the pool refusing work, an interrupt. Accounts the result and writes its row (on
   * the thread that produced it), then completes the seed's ending; a seed ends once.
   */
  private void end(RolloutKey key, SeedResult result, Throwable failure) {
    SeedProgress ending = endings.get(key);
    boolean ended = false;
    synchronized (ending) { // a worker and close() may end the same seed at once
      if (!ending.isDone()) {
        ending.complete(recorded(key, result, failure));
        ended = true;
      }
    }
    if (ended) {
      epochEnded(key);
    }
  }

  /**
   * Counts one ended epoch of {@code key}'s seed; after its last, judges the seed (the judgement
   * its test and the reports state) and applies fail-fast to it.
   */
  private void epochEnded(RolloutKey key) {
    if (epochsLeft.get(key.withEpoch(0)).decrementAndGet() == 0) {
      try {
        stops.judged(judged(key));
      } catch (RuntimeException notJudged) {
        // The seed's test judges it again on the engine thread and reports what failed.
      }
    }
  }

  private SeedResult recorded(RolloutKey key, SeedResult result, Throwable failure) {
    SeedResult outcome = failure != null ? SeedEndings.thrown(key, failure)
        : result != null ? result
        : SeedEndings.thrown(key, new IllegalStateException("no result for " + key.id()));
    try {
      stops.record(outcome);
      // A rollout cut short by Ctrl-C did not finish: no row, so a resumed run redoes it.
      if (!SeedEndings.unfinished(outcome)) {
        outputs.seedFinished(outcome);
        AgentRollouts inProcess = agents;
        if (inProcess != null) {
          inProcess.recorded(key, outcome); // output.jsonl, after its results.jsonl row
        }
      }
    } catch (Throwable notRecorded) {
      return SeedEndings.thrown(key, notRecorded);
    }
    return outcome;
  }

  /** The folder of a variant's outputs: the suite folder, or a sub-folder per matrix variant. */
  public Path variantDir(Variant variant) {
    return outputs.variantDir(variant);
  }

  public SuiteConfig config() {
    return config;
  }

  /**
   * The judged seed of {@code key}'s seed, once every epoch of it has ended (see
   * {@link #await}): judged on its epochs' reduced value, the same object on every call.
   */
  public JudgedSeed judged(RolloutKey key) {
    return outputs.judgements().seed(epochs(key));
  }

  /** Every epoch result of {@code key}'s seed, in epoch order, waiting for those running. */
  private List<SeedResult> epochs(RolloutKey key) {
    List<SeedResult> epochs = new ArrayList<>();
    for (int epoch = 0; epoch < config.epochs().count(); epoch++) {
      RolloutKey each = key.withEpoch(epoch);
      if (endings.containsKey(each)) {
        epochs.add(await(each));
      }
    }
    return epochs.isEmpty() ? List.of(await(key)) : epochs; // await names a key not scheduled
  }

  /**
   * The judged outcome of {@code variant}, once every selected seed of it has ended; the reports
   * state this same outcome.
   */
  public SuiteOutcome outcome(Variant variant) {
    return outputs.outcome(variant, () -> results(variant),
        stops.stop().map(StopConditions.Stop::early));
  }


  /**
   * The baseline gate of {@code variant}, judged once over the variant's outcome (see
   * {@link #outcome}); the reports state this same gate.
   */
  public GateOutcome gate(Variant variant) {
    return outputs.gate(variant, () -> results(variant),
        stops.stop().map(StopConditions.Stop::early));
  }

  /** Why the suite stopped starting rollouts early, if it did. */
  public Optional<StopConditions.Stop> stop() {
    return stops.stop();
  }

  /**
   * Before a rollout's first attempt, on its worker: its seed's test reports its start first. A
   * seed's test waits for its first epoch only (its other epochs start right after).
   */
  private void begin(RolloutTask task) {
    SeedProgress progress = endings.get(task.key());
    if (task.key().epoch() != 0) {
      progress.begun();
      return;
    }
    try {
      progress.begin();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing: the attempt sees the interrupt and ends
    }
  }

  /** Called by the seed's test once the platform has reported its start. */
  public void testStarted(RolloutKey key) {
    progress(key).testStarted();
  }

  /**
   * Blocks until the rollout of {@code key} has begun (or ended without beginning: reused, stopped,
   * not run); returns at once, interrupt flag set, when interrupted.
   */
  public void awaitBegun(RolloutKey key) {
    try {
      progress(key).awaitBegun();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private SeedProgress progress(RolloutKey key) {
    SeedProgress progress = endings.get(key);
    if (progress == null) {
      throw new IllegalStateException(key.id() + " was not scheduled");
    }
    return progress;
  }

  /** Blocks until the rollout of {@code key} has ended; never throws for a failed rollout. */
  public SeedResult await(RolloutKey key) {
    SeedProgress ending = progress(key);
    try {
      return ending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SeedEndings.interrupted(key);
    } catch (ExecutionException | CancellationException e) {
      return SeedEndings.thrown(key, e); // endings are only ever completed normally
    }
  }

  /**
   * Every scheduled result of one variant (each epoch's, with epochs), in seed order, waiting for
   * those still running.
   */
  public List<SeedResult> results(Variant variant) {
    return keys.stream().filter(k -> k.variant().equals(variant)).map(this::await).toList();
  }

  /**
   * Stops the workers, writes the reports (a seed still pending counts as not run), closes the
   * results files (after any row being written is whole) and stops the task app. Called when the
   * suite ends, and by the shutdown hook on interrupt; runs once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    AttemptScheduler attempts;
    ExecutorService jobs;
    synchronized (lifecycle) {
      attempts = scheduler;
      jobs = backendPool;
    }
    try {
      // On interrupt the calls in flight were cancelled: the workers end at once.
      long wait = runControl.interrupted() ? 5 : 30;
      if (attempts != null) {
        attempts.close();
        attempts.awaitTermination(wait, TimeUnit.SECONDS);
      }
      if (jobs != null) {
        jobs.shutdownNow();
        jobs.awaitTermination(wait, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RuntimeException closeFailure = null;
    try {
      outputs.suiteFinished(finishedResults(), stops.stop().map(StopConditions.Stop::early));
    } finally {
      outputs.close();
      ReplicaPool pool = replicas;
      if (pool != null) {
        pool.close();
        if (pool.size() > 1) {
          System.out.println(ReplicaStats.summary(config.suiteName(), pool.stats()));
        }
      }
      taskApps.forEach(ManagedTaskApp::close);
      AgentRollouts inProcess = agents;
      if (inProcess != null) {
        try {
          inProcess.close(); // the suite instance, after its last seed
        } catch (RuntimeException e) {
          closeFailure = e;
        }
      }
      runControl.untrack(this);
    }
    if (closeFailure != null) {
      throw closeFailure; // fails the suite's container, after its reports are written
    }
  }

  /** Every seed's result per variant; a seed still pending ends now, as not run. */
  private Map<Variant, List<SeedResult>> finishedResults() {
    Map<Variant, List<SeedResult>> results = new LinkedHashMap<>();
    for (RolloutKey key : keys) {
      if (!endings.get(key).isDone()) {
        end(key, SeedEndings.notRun(key, "the suite ended before this seed ran"), null);
      }
      SeedResult result = endings.get(key).join();
      results.computeIfAbsent(key.variant(), v -> new ArrayList<>()).add(result);
    }
    return results;
  }

  @Override
  public String toString() {
    return "suite " + config.suiteName();
  }

  private static ThreadFactory workerThreads(SuiteConfig config, String prefix) {
    AtomicInteger n = new AtomicInteger();
    String name = config.suiteName().substring(config.suiteName().lastIndexOf('.') + 1);
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + name + "-" + n.incrementAndGet());
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
