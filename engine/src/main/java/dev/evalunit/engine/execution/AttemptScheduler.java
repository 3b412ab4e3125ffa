package dev.evalunit.engine.execution;

import java.time.Duration;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs one suite's rollouts attempt by attempt, each while it holds a permit of the
 * {@link ConcurrencyLimiter}: a free permit goes to a retry whose pause is over, else to the
 * next seed not yet started. A pause before a retry is held by a timer, with neither a worker
 * thread nor a permit, so other seeds run meanwhile. Worker threads are as many as the
 * suite's {@code concurrency}, the most permits there can be; tasks are made as seeds start, so
 * a million seeds cost nothing until they run.
 *
 * <pre>{@code
 * AttemptScheduler scheduler = new AttemptScheduler(limiter, workers, "Banking77Eval",
 *     tasks, (key, result) -> record(key, result));
 * scheduler.start();   // returns at once; results arrive on the callback
 * scheduler.close();   // stops the timer and the workers
 * }</pre>
 */
final class AttemptScheduler implements AutoCloseable {

  private final ConcurrencyLimiter limiter;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final Iterator<RolloutTask> fresh;
  private final Queue<RolloutTask> ready = new ConcurrentLinkedQueue<>();
  private final BiConsumer<RolloutTask, RolloutTask.Step> ended;
  private final Consumer<RolloutTask> starting;
  private volatile boolean closed;

  /**
   * @param workerThreads makes the worker and timer threads (daemons, named for the suite)
   * @param fresh the seeds to run, in order, made into tasks as they start
   * @param ended told of every seed's last step (its result), on the thread that made it
   * @param starting told of each seed before its first attempt, on its worker, permit in hand
   */
  AttemptScheduler(ConcurrencyLimiter limiter, int workers, ThreadFactory workerThreads,
      Iterator<RolloutTask> fresh, BiConsumer<RolloutTask, RolloutTask.Step> ended,
      Consumer<RolloutTask> starting) {
    this.limiter = limiter;
    this.workers = Executors.newFixedThreadPool(workers, workerThreads);
    this.timer = Executors.newSingleThreadScheduledExecutor(workerThreads);
    this.fresh = fresh;
    this.ended = ended;
    this.starting = starting;
  }

  /** Starts as many attempts as the limit allows; the rest start as permits come free. */
  void start() {
    // The limit also regrows with time, when no call ends to notice it (all of them hung).
    long tick = ConcurrencyLimiter.COOLDOWN.toMillis();
    timer.scheduleWithFixedDelay(this::dispatch, tick, tick, TimeUnit.MILLISECONDS);
    dispatch();
  }

  /** Hands each free permit to a waiting retry, else to the next seed, until none is left. */
  private void dispatch() {
    while (!closed) {
      RolloutTask next;
      boolean first = false;
      synchronized (this) {
        if (!limiter.tryAcquire()) {
          return;
        }
        next = ready.poll();
        if (next == null && fresh.hasNext()) {
          next = fresh.next();
          first = true;
        }
        if (next == null) {
          limiter.release();
          return;
        }
      }
      RolloutTask task = next;
      boolean firstAttempt = first;
      try {
        workers.execute(() -> attempt(task, firstAttempt));
      } catch (RejectedExecutionException shutDown) {
        limiter.release(); // closed meanwhile: the suite ends the seed as not run
        return;
      }
    }
  }

  private void attempt(RolloutTask task, boolean first) {
    RolloutTask.Step step;
    try {
      if (first) {
        starting.accept(task);
      }
      step = task.attempt();
    } finally {
      limiter.release();
    }
    if (step.done()) {
      ended.accept(task, step);
    } else {
      retryLater(task, step.pause());
    }
    dispatch();
  }

  private void retryLater(RolloutTask task, Duration pause) {
    try {
      timer.schedule(() -> {
        ready.add(task);
        dispatch();
      }, pause.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shutDown) {
      // closed meanwhile: the suite ends the seed as not run
    }
  }

  /** Stops the timer (pending retries are dropped) and the workers; calls in flight go on. */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    workers.shutdownNow();
  }

  /** Waits for the workers to end after {@link #close()}. */
  boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return workers.awaitTermination(timeout, unit);
  }
}
