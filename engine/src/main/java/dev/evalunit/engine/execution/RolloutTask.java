package dev.evalunit.engine.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.client.RolloutReply;
import dev.evalunit.engine.client.RolloutRequests;
import dev.evalunit.engine.client.TaskAppClient;
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
 * Runs one rollout on a worker thread and turns whatever happens into a {@link SeedResult}; it
 * never throws, so a failed rollout can never be lost or silently scored 0. Before it starts it
 * asks the {@link StopConditions}; each attempt holds a permit of the
 * {@link ConcurrencyLimiter}; failed attempts are retried as the {@link RetryPolicy} says, all
 * within {@code timeout.rollout}. The result's latency and attempt count cover every attempt.
 */
final class RolloutTask {

  /** The error type of a rollout cut short because the run is being shut down. */
  static final String INTERRUPTED = StopConditions.Kind.INTERRUPTED.errorType();

  /** How long a task app whose connections broke may take to be seen as exited. */
  private static final Duration EXIT_GRACE = Duration.ofMillis(500);

  private final RolloutKey key;
  private final TaskAppClient client;
  private final RolloutRequests requests;
  private final TraceFiles traces;
  private final RolloutSafeguards guards;

  RolloutTask(RolloutKey key, TaskAppClient client, RolloutRequests requests, TraceFiles traces,
      RolloutSafeguards guards) {
    this.key = key;
    this.client = client;
    this.requests = requests;
    this.traces = traces;
    this.guards = guards;
  }

  SeedResult run() {
    try {
      return attempt();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notStarted(new StopConditions.Stop(StopConditions.Kind.INTERRUPTED,
          "run interrupted", true), null, 0);
    } catch (Throwable e) {
      // An Error too (OutOfMemoryError, StackOverflowError): the seed ends counted, with a row.
      return SeedEndings.thrown(key, e);
    }
  }

  private SeedResult attempt() throws InterruptedException {
    String runId = null;
    ObjectNode body = null;
    Instant started = null;
    long t0 = 0;
    long deadline = 0;
    int attempts = 0;
    while (true) {
      guards.limiter().acquire();
      TaskAppException failure;
      try {
        if (attempts == 0) {
          // Asked with the permit in hand: a budget may have run out while this rollout waited.
          Optional<StopConditions.Stop> stop = guards.stops().check();
          if (stop.isPresent()) {
            return notStarted(stop.get(), null, 0);
          }
          Optional<String> gone = guards.liveness().exitNotice(Duration.ZERO);
          if (gone.isPresent()) {
            return notStarted(null, new ErrorInfo("task_app_exited", label() + ": " + gone.get()),
                0);
          }
          runId = requests.newRunId(key.seed());
          body = requests.build(key.seed(), key.variant(), runId);
          started = Instant.now();
          t0 = System.nanoTime();
          deadline = t0 + guards.rolloutTimeout().toNanos();
        } else if (guards.stops().interrupted()) {
          return ended(runId, started, t0, attempts, interrupted());
        }
        attempts++;
        try {
          RolloutReply reply = client.rollout(body, Duration.ofNanos(deadline - System.nanoTime()));
          guards.limiter().onSuccess();
          return completed(runId, started, t0, attempts, reply);
        } catch (TaskAppException e) {
          if (e.status() == 429) {
            guards.limiter().onRateLimited();
          }
          failure = e;
        }
      } finally {
        guards.limiter().release();
      }
      Optional<ErrorInfo> finalError = finalError(failure, attempts, deadline);
      if (finalError.isPresent()) {
        return ended(runId, started, t0, attempts, finalError.get());
      }
      Duration pause = guards.retry().delayBefore(attempts, failure, Instant.now());
      if (System.nanoTime() + pause.toNanos() >= deadline) {
        return ended(runId, started, t0, attempts, new ErrorInfo(failure.type(), label() + ": "
            + failure.getMessage() + " (gave up after " + attempts(attempts) + ": a retry in "
            + DurationText.format(pause) + " would pass timeout.rollout = "
            + DurationText.format(guards.rolloutTimeout()) + ")"));
      }
      Thread.sleep(pause.toMillis());
    }
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

  private SeedResult completed(String runId, Instant started, long t0, int attempts,
      RolloutReply reply) {
    double latencyMs = (System.nanoTime() - t0) / 1e6;
    String trace = reply.trace() == null ? null : traces.write(key.seed(), reply.trace());
    ErrorInfo error = reply.aborted() ? new ErrorInfo("aborted_by_task_app",
        "the task app aborted " + label() + ": " + reply.abortReason()) : null;
    SeedResult result = SeedResult.completed(key.variant().name(), key.seed().seed(),
            key.seed().instanceId(), reply.metrics())
        .withRunId(runId).withLatencyMs(latencyMs).withAttempts(attempts).withTracePath(trace)
        .withTimes(started, Instant.now());
    return error == null ? result : result.asErrored(error);
  }

  private SeedResult ended(String runId, Instant started, long t0, int attempts,
      ErrorInfo error) {
    Status status = error.type().equals(INTERRUPTED) ? Status.ABORTED : Status.ERRORED;
    return SeedResult.of(status, key.variant().name(), key.seed().seed(), key.seed().instanceId(),
            RolloutMetrics.NONE, error)
        .withRunId(runId).withLatencyMs((System.nanoTime() - t0) / 1e6).withAttempts(attempts)
        .withTimes(started, Instant.now());
  }

  /** A seed that never sent a request: aborted by a stop, or errored before its first call. */
  private SeedResult notStarted(StopConditions.Stop stop, ErrorInfo error, int attempts) {
    ErrorInfo info = stop == null ? error
        : new ErrorInfo(stop.kind().errorType(), label() + ": " + stop.reason() + "; not started");
    String variant = key.variant().name();
    SeedResult result = stop == null
        ? SeedResult.errored(variant, key.seed().seed(), key.seed().instanceId(), info)
        : SeedResult.aborted(variant, key.seed().seed(), key.seed().instanceId(), info);
    return result.withAttempts(attempts);
  }

  private ErrorInfo interrupted() {
    return new ErrorInfo(INTERRUPTED, label() + ": run interrupted");
  }

  private static String attempts(int n) {
    return n == 1 ? "1 attempt" : n + " attempts";
  }

  private String label() {
    return key.seed().displayName()
        + (key.variant().name() == null ? "" : " (variant " + key.variant().name() + ")");
  }
}
