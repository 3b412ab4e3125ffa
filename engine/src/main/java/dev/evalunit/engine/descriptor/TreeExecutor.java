package dev.evalunit.engine.descriptor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.Node.ExecutionMode;

/**
 * Runs the test tree: the engine, suites, variants and verdicts in the calling thread, one after
 * another as before; each seed ({@link ExecutionMode#CONCURRENT}) in a thread of its own, so that
 * a seed reports its start when its rollout begins and its finish when the rollout ends, while
 * other seeds' rollouts run too (their times in Surefire's XML are the rollouts' times). A task in
 * the calling thread starts only when the concurrent tasks before it have ended (also those the
 * thread submitted one by one: dynamic seeds), so a verdict still runs after its seeds, and a
 * container finishes after its children.
 *
 * <p>At most {@code window} seeds wait or run at once (a seed waits in {@code prepare()} until its
 * rollout begins, so a thread per seed of a million-seed suite would be a million threads); the
 * engine sizes the window from the suites' concurrency. A task that starts tasks of its own no
 * longer counts against the window. Resource locks are not used by this engine's nodes and are not
 * acquired. Uses only the interface of Platform 1.10, which 6.x still has.
 */
public final class TreeExecutor implements HierarchicalTestExecutorService {

  private final Semaphore window;
  private final ExecutorService threads;
  private final OutputTurn turn;
  /** Whether the task in this thread holds a place in the window. */
  private final ThreadLocal<Boolean> holdsPlace = ThreadLocal.withInitial(() -> Boolean.FALSE);
  /**
   * The concurrent tasks this thread submitted one by one (dynamic tests) still running: a task
   * this thread then runs itself (the verdict) waits for them too, as it would after the same
   * tasks run in order.
   */
  private final ThreadLocal<Outstanding> submittedHere = ThreadLocal.withInitial(Outstanding::new);

  public TreeExecutor(int window, OutputTurn turn) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, was " + window);
    }
    this.window = new Semaphore(window, true);
    this.turn = turn;
    AtomicInteger n = new AtomicInteger();
    this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
        new SynchronousQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "evalunit-test-" + n.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public Future<Void> submit(TestTask task) {
    if (task.getExecutionMode() != ExecutionMode.CONCURRENT) {
      runHere(task);
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Outstanding submitted = submittedHere.get();
    submitted.add();
    dispatch(task, failure -> {
      submitted.done(null); // the failure is the future's, for whoever awaits it
      if (failure == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(failure);
      }
    });
    return done;
  }

  @Override
  public void invokeAll(List<? extends TestTask> tasks) {
    Outstanding running = new Outstanding();
    for (TestTask task : tasks) {
      if (task.getExecutionMode() == ExecutionMode.CONCURRENT) {
        running.add();
        dispatch(task, running::done);
      } else {
        running.awaitAll();
        submittedHere.get().awaitAll();
        runHere(task);
      }
    }
    running.awaitAll();
  }

  private void dispatch(TestTask task, Consumer<Throwable> whenDone) {
    // The caller now waits for its children: it gives its place to them.
    leaveWindow();
    window.acquireUninterruptibly();
    try {
      threads.execute(() -> {
        holdsPlace.set(Boolean.TRUE);
        Throwable failure = null;
        try {
          runHere(task);
        } catch (Throwable t) {
          failure = t;
        } finally {
          leaveWindow();
        }
        whenDone.accept(failure);
      });
    } catch (RuntimeException notStarted) {
      window.release();
      throw notStarted;
    }
  }

  private void runHere(TestTask task) {
    try {
      task.execute();
    } finally {
      turn.giveBack();
    }
  }

  private void leaveWindow() {
    if (holdsPlace.get()) {
      holdsPlace.set(Boolean.FALSE);
      window.release();
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  /** The concurrent tasks of one invokeAll still running, and the first failure among them. */
  private static final class Outstanding {
    private int running;
    private Throwable failure;

    synchronized void add() {
      running++;
    }

    synchronized void done(Throwable t) {
      running--;
      if (t != null && failure == null) {
        failure = t;
      }
      notifyAll();
    }

    /** Waits until none is running; rethrows the first failure (the platform's own errors). */
    synchronized void awaitAll() {
      boolean interrupted = false;
      while (running > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // the tasks end when their rollouts end; the suite ends those
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        Throwable t = failure;
        failure = null;
        if (t instanceof RuntimeException e) {
          throw e;
        }
        if (t instanceof Error e) {
          throw e;
        }
        throw new IllegalStateException(t);
      }
    }
  }
}
