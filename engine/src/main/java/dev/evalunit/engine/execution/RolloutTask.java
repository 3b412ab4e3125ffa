package dev.evalunit.engine.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.cache.CacheException;
import dev.evalunit.engine.cache.CacheKey;
import dev.evalunit.engine.cache.Recording;
import dev.evalunit.engine.cache.RolloutCache;
import dev.evalunit.engine.client.RolloutReply;
import dev.evalunit.engine.config.SuiteConfig.CacheMode;
import dev.evalunit.engine.pricing.PriceTable;
import dev.evalunit.engine.client.RolloutRequests;
import dev.evalunit.engine.replicas.ReplicaPool;
import dev.evalunit.engine.client.TaskAppException;
import dev.evalunit.engine.report.TraceFiles;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.results.SeedResult.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One seed's rollout, attempt by attempt. The {@link AttemptScheduler} calls {@link #attempt()}
 * on a worker thread while it holds a permit of the {@link ConcurrencyLimiter}; the attempt says
 * how the seed goes on: ended with a result, or retried after a pause, which the scheduler holds
 * on a timer with neither a thread nor a permit. Whatever happens becomes a {@link SeedResult}:
 * it never throws, so a failed rollout can never be lost or silently scored 0. Before its first
 * call it asks the {@link StopConditions}; all attempts and pauses, and the waits for a permit
 * between them, fit within {@code timeout.rollout}, and an attempt is not sent when less time is
 * left than calls have been taking ({@link AttemptFloor}). An attempt that runs far longer than
 * the suite's calls take is cut and retried when a retry still fits ({@link AttemptCutoff}).
 * The result's latency and attempt count cover every attempt. With a cache
 * ({@code cache.mode}), the first attempt looks the request up before anything is sent: a
 * recording ends the seed replayed ({@link SeedResult#cached()}), a strict miss ends it as a
 * {@code cache_miss} error, and a completed reply is recorded; the cache sits above the call to
 * the task app, whatever carries it.
 */
final class RolloutTask {

  /** The error type of a rollout cut short because the run is being shut down. */
  static final String INTERRUPTED = StopConditions.Kind.INTERRUPTED.errorType();

  /** A call that failed this close to its cut ran into the cut (timers fire a little early). */
  private static final long CUT_SLACK_NANOS = Duration.ofMillis(10).toNanos();

  /** How long a task app whose connections broke may take to be seen as exited. */
  private static final Duration EXIT_GRACE = Duration.ofMillis(500);

  /** What an attempt leaves to do: the seed ended, or it is retried after {@code pause}. */
  record Step(SeedResult result, Duration pause) {
    static Step ended(SeedResult result) {
      return new Step(result, null);
    }

    static Step retryAfter(Duration pause) {
      return new Step(null, pause);
    }

    boolean done() {
      return result != null;
    }
  }

  private final RolloutKey key;
  /** Where HTTP attempts go; null for an in-process rollout. */
  private final ReplicaPool replicas;
  /** The in-process {@code @Rollout} method; null for an HTTP rollout. */
  private final RolloutTransport transport;
  private final RolloutRequests requests;
  private final TraceFiles traces;
  private final RolloutSafeguards guards;
  /** Prices a reply that reports tokens but no cost; model is the policy config's. */
  private PriceTable prices = PriceTable.builtIn();
  private String model;
  /** Replays and records this rollout ({@code cache.mode}); null when the cache is off. */
  private RolloutCache cache;
  private CacheKey cacheKey;
  // Written by one attempt, read by the next (on another thread); the scheduler's queue and
  // executor hand the task over, which orders the accesses.
  private String runId;
  private ObjectNode body;
  private Instant started;
  private long t0;
  private long deadline;
  private int attempts;
  private TaskAppException lastFailure;
  /** The replica the last attempt went to (a pool of several only), and the one it failed on. */
  private String replica;
  private String failedOn;
  /** Whether the last attempt reached a replica (false: none could take it in time). */
  private boolean sent;

  RolloutTask(RolloutKey key, ReplicaPool replicas, RolloutRequests requests, TraceFiles traces,
      RolloutSafeguards guards) {
    this.key = key;
    this.replicas = replicas;
    this.transport = null;
    this.requests = requests;
    this.traces = traces;
    this.guards = guards;
  }

  /** A rollout of an in-process {@code @Rollout} method instead of a task app. */
  RolloutTask(RolloutKey key, RolloutTransport transport, RolloutRequests requests,
      TraceFiles traces, RolloutSafeguards guards) {
    this.key = key;
    this.replicas = null;
    this.transport = transport;
    this.requests = requests;
    this.traces = traces;
    this.guards = guards;
  }

  /** Sets the price table and model that price a reply reporting tokens but no cost. */
  RolloutTask pricedBy(PriceTable prices, Object model) {
    this.prices = prices;
    this.model = model == null ? null : model.toString();
    return this;
  }

  /** Sets the cache this rollout is replayed from and recorded to (none when not set). */
  RolloutTask cachedBy(RolloutCache cache) {
    this.cache = cache == null || cache.settings().mode() == CacheMode.OFF ? null : cache;
    return this;
  }

  RolloutKey key() {
    return key;
  }

  /** Makes one attempt (or decides not to); the caller holds a permit. Never throws. */
  Step attempt() {
    try {
      return attemptOnce();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Step.ended(attempts == 0 ? SeedEndings.interrupted(key)
          : ended(interrupted()));
    } catch (Throwable e) {
      // An Error too (OutOfMemoryError, StackOverflowError): the seed ends counted, with a row.
      return Step.ended(SeedEndings.thrown(key, e));
    }
  }

  private Step attemptOnce() throws InterruptedException {
    if (attempts == 0) {
      // Asked with the permit in hand: a budget may have run out while this rollout waited.
      Optional<StopConditions.Stop> stop = guards.stops().check();
      if (stop.isPresent()) {
        return Step.ended(notStarted(stop.get(), null));
      }
      runId = requests.newRunId(key.seed(), key.epoch());
      body = requests.build(key.seed(), key.variant(), runId);
      if (cache != null) {
        Optional<SeedResult> replayed = replayOrMiss();
        if (replayed.isPresent()) {
          return Step.ended(replayed.get());
        }
      }
      Optional<String> gone = guards.liveness().exitNotice(Duration.ZERO);
      if (gone.isPresent()) {
        return Step.ended(notStarted(null,
            new ErrorInfo("task_app_exited", label() + ": " + gone.get())));
      }
      started = Instant.now();
      t0 = System.nanoTime();
      deadline = t0 + guards.rolloutTimeout().toNanos();
    } else {
      if (guards.stops().interrupted()) {
        return Step.ended(ended(interrupted()));
      }
      // The wait for this permit counted against the deadline: is there still time for a call?
      long left = deadline - System.nanoTime();
      Duration floor = guards.floor().floor();
      if (left < floor.toNanos()) {
        return Step.ended(ended(notSent(Duration.ofNanos(Math.max(0, left)), floor)));
      }
    }
    attempts++;
    long callStart = System.nanoTime();
    AttemptCutoff.Limit limit = guards.cutoff().limit(Duration.ofNanos(deadline - callStart),
        attempts, guards.retry());
    TaskAppException failure;
    try {
      RolloutReply reply = transport != null ? sendInProcess(limit.duration())
          : send(limit.duration());
      guards.floor().observe(Duration.ofNanos(System.nanoTime() - callStart));
      guards.limiter().onSuccess();
      return Step.ended(completed(reply));
    } catch (TaskAppException e) {
      long took = System.nanoTime() - callStart;
      // Ran to its cut: a hang, not the task app's answer, so a transport error (retried).
      // Not timed: it would lift the percentile the cut is taken from.
      boolean hung = sent && limit.cut() && e.kind() == TaskAppException.Kind.TRANSPORT
          && took >= limit.duration().toNanos() - CUT_SLACK_NANOS;
      if (hung) {
        e = new TaskAppException(TaskAppException.Kind.TRANSPORT, 0, label() + ": attempt "
            + attempts + " cut as hung after " + DurationText.format(Duration.ofNanos(took))
            + " (" + limit.rule() + "); the task app may still do, and bill, its work", null, e);
      } else if (System.nanoTime() < deadline) {
        guards.floor().observe(Duration.ofNanos(took));
      }
      if (e.status() == 429) {
        guards.limiter().onRateLimited();
      } else {
        guards.limiter().onOtherFailure();
      }
      failure = e;
    }
    lastFailure = failure;
    Optional<ErrorInfo> finalError = finalError(failure, attempts, deadline);
    if (finalError.isPresent()) {
      return Step.ended(ended(finalError.get()));
    }
    Duration pause = guards.retry().delayBefore(attempts, failure, Instant.now());
    Duration floor = guards.floor().floor();
    if (System.nanoTime() + pause.toNanos() + floor.toNanos() > deadline) {
      return Step.ended(ended(new ErrorInfo(failure.type(), label() + ": "
          + failure.getMessage() + " (gave up after " + attempts(attempts) + ": a retry in "
          + DurationText.format(pause) + " would leave less than " + DurationText.format(floor)
          + " of timeout.rollout = " + DurationText.format(guards.rolloutTimeout())
          + ", less than calls have been taking)")));
    }
    return Step.retryAfter(pause);
  }

  /**
   * One call on a replica of the pool: the least busy one, not the one the previous attempt
   * failed on when another can take it; the wait for a replica counts against {@code limit}.
   */
  private RolloutReply sendInProcess(Duration limit) throws InterruptedException {
    sent = true;
    return transport.rollout(key, runId, limit);
  }

  private RolloutReply send(Duration limit) throws InterruptedException {
    sent = false;
    long start = System.nanoTime();
    ReplicaPool.Lease lease = replicas.acquire(failedOn, limit);
    sent = true;
    if (replicas.size() > 1) {
      replica = lease.url();
    }
    Duration left = limit.minusNanos(System.nanoTime() - start);
    TaskAppException failure = null;
    try {
      RolloutReply reply = lease.client().rollout(body,
          left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left);
      failedOn = null;
      return reply;
    } catch (TaskAppException e) {
      failure = e;
      failedOn = lease.url();
      throw e;
    } finally {
      replicas.release(lease, failure);
    }
  }

  /** Why a retry whose permit came too late is not sent. */
  private ErrorInfo notSent(Duration left, Duration floor) {
    return new ErrorInfo("timeout", label() + ": no result within timeout.rollout = "
        + DurationText.format(guards.rolloutTimeout()) + " (" + attempts(attempts)
        + "); the next retry was not sent: " + DurationText.format(left) + " left, less than the "
        + DurationText.format(floor) + " calls have been taking; last error: "
        + lastFailure.getMessage());
  }

  /** The error that ends the rollout after {@code failure}, or empty if it may be retried. */
  private Optional<ErrorInfo> finalError(TaskAppException failure, int attempts, long deadline)
      throws InterruptedException {
    if (guards.stops().interrupted()) {
      return Optional.of(interrupted());
    }
    if (failure.kind() == TaskAppException.Kind.TRANSPORT) {
      Optional<String> gone = guards.liveness().exitNotice(EXIT_GRACE);
      if (gone.isPresent()) {
        return Optional.of(new ErrorInfo("task_app_exited", label() + ": " + gone.get()));
      }
    }
    if (System.nanoTime() >= deadline) {
      return Optional.of(new ErrorInfo("timeout", label() + ": no result within timeout.rollout = "
          + DurationText.format(guards.rolloutTimeout()) + " (" + attempts(attempts)
          + "); last error: " + failure.getMessage()));
    }
    if (!guards.retry().retryable(failure) || attempts > guards.retry().maxRetries()) {
      return Optional.of(new ErrorInfo(failure.type(), label() + ": " + failure.getMessage()
          + (attempts > 1 ? " (gave up after " + attempts(attempts) + ")" : "")));
    }
    return Optional.empty();
  }

  private SeedResult completed(RolloutReply reply) {
    double latencyMs = (System.nanoTime() - t0) / 1e6;
    String trace = reply.trace() == null ? null
        : traces.write(key.seed(), key.epoch(), reply.trace());
    ErrorInfo error = reply.aborted() ? new ErrorInfo("aborted_by_task_app",
        "the task app aborted " + label() + ": " + reply.abortReason()) : reply.failure();
    SeedResult result = SeedResult.completed(key.variant().name(), key.seed().seed(),
            key.seed().instanceId(), prices.price(reply.metrics(), reply.usage(), model))
        .withRunId(runId).withLatencyMs(latencyMs).withAttempts(attempts).withTracePath(trace)
        .withTimes(started, Instant.now()).withReplica(replica).withEpoch(key.epoch());
    if (error != null) {
      return result.asErrored(error); // only completed rollouts are recorded
    }
    if (cache != null && cache.settings().mode().writes()) {
      try {
        cache.record(cacheKey, new Recording(result.metrics(), reply.trace(), latencyMs,
            attempts));
      } catch (CacheException e) {
        // Asked to record and could not: a later strict run would miss it, so say so now.
        return result.asErrored(new ErrorInfo("cache_write", label() + ": " + e.getMessage()));
      }
    }
    return result;
  }

  /**
   * The seed's ending without a call: its recording replayed, a strict miss, or an unreadable
   * recording; empty when the rollout is to be sent.
   */
  private Optional<SeedResult> replayOrMiss() {
    CacheMode mode = cache.settings().mode();
    cacheKey = cache.key(body, key.variant().name(), key.epoch());
    if (!mode.reads()) {
      return Optional.empty();
    }
    Optional<Recording> recording;
    try {
      recording = cache.find(cacheKey);
    } catch (CacheException e) {
      return Optional.of(notStarted(null, new ErrorInfo("cache_corrupt",
          label() + ": " + e.getMessage())));
    }
    if (recording.isPresent()) {
      return Optional.of(replayed(recording.get()));
    }
    if (mode == CacheMode.STRICT) {
      return Optional.of(notStarted(null, new ErrorInfo("cache_miss", label()
          + ": no recording in the cache for key " + cacheKey.hash() + " (" + cache.file(cacheKey)
          + "); cache.mode=strict sends no rollout. Record it with cache.mode=read-write under "
          + "the same settings and cache.agentVersion ("
          + (cache.settings().agentVersion() == null ? "none"
              : "\"" + cache.settings().agentVersion() + "\"") + ")")));
    }
    return Optional.empty();
  }

  /** A recorded rollout replayed: no attempt made, its latency the recording's. */
  private SeedResult replayed(Recording recording) {
    Instant now = Instant.now();
    String trace = recording.trace() == null ? null
        : traces.write(key.seed(), key.epoch(), recording.trace());
    return SeedResult.completed(key.variant().name(), key.seed().seed(), key.seed().instanceId(),
            recording.metrics())
        .withLatencyMs(recording.latencyMs()).withAttempts(0).withTracePath(trace)
        .withTimes(now, now).withEpoch(key.epoch()).asCached();
  }

  private SeedResult ended(ErrorInfo error) {
    Status status = error.type().equals(INTERRUPTED) ? Status.ABORTED : Status.ERRORED;
    return SeedResult.of(status, key.variant().name(), key.seed().seed(), key.seed().instanceId(),
            RolloutMetrics.NONE, error)
        .withRunId(runId).withLatencyMs((System.nanoTime() - t0) / 1e6).withAttempts(attempts)
        .withTimes(started, Instant.now()).withReplica(replica).withEpoch(key.epoch());
  }

  /** A seed that never sent a request: aborted by a stop, or errored before its first call. */
  private SeedResult notStarted(StopConditions.Stop stop, ErrorInfo error) {
    ErrorInfo info = stop == null ? error
        : new ErrorInfo(stop.kind().errorType(), label() + ": " + stop.reason() + "; not started");
    String variant = key.variant().name();
    SeedResult result = stop == null
        ? SeedResult.errored(variant, key.seed().seed(), key.seed().instanceId(), info)
        : SeedResult.aborted(variant, key.seed().seed(), key.seed().instanceId(), info);
    return result.withAttempts(0).withEpoch(key.epoch());
  }

  private ErrorInfo interrupted() {
    return new ErrorInfo(INTERRUPTED, label() + ": run interrupted");
  }

  private static String attempts(int n) {
    return n == 1 ? "1 attempt" : n + " attempts";
  }

  private String label() {
    return SeedEndings.label(key);
  }
}
