package dev.evalunit.engine.report;

import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.Numbers;
import dev.evalunit.engine.results.SeedResult;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Counts finished seeds while a suite runs and, for suites that run longer than one interval,
 * prints a progress line once per interval from its own daemon thread:
 *
 * <pre>
 * [evalunit] progress Banking77Eval: 37/200 (ok 30, failed 5, errored 2) mean score 0.8123
 *   tokens 123456 cost $0.1234 elapsed 1m 2s ETA 4m 30s
 * </pre>
 *
 * (one line). The engine hands it the process's native standard error: seed lines on
 * {@code System.out} belong to the seeds' tests (Surefire attributes output by thread), while
 * progress belongs to no test and must keep coming while the engine thread waits on a slow seed.
 */
public final class ProgressMeter implements AutoCloseable {

  private final String label;
  private final int total;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private ScheduledExecutorService ticker;

  private int done;
  private int doneHere;
  /** Seeds replayed from the cache: no time, and their cost was not spent. */
  private int cached;
  private int ok;
  private int failed;
  private int errored;
  private int notRun;
  private int scored;
  private double scoreSum;
  private long tokens;
  private boolean anyTokens;
  private double cost;
  private boolean anyCost;

  /**
   * @param label the suite's short name
   * @param total how many seeds the suite runs, over all variants
   * @param nanoClock {@link System#nanoTime} outside tests
   */
  public ProgressMeter(String label, int total, LongSupplier nanoClock) {
    this.label = label;
    this.total = total;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
  }

  /**
   * Starts printing {@link #line()} to {@code out} every {@code interval} until {@link #close};
   * a zero interval prints nothing.
   */
  public synchronized void start(Duration interval, Consumer<String> out) {
    if (interval.isZero() || interval.isNegative() || ticker != null) {
      return;
    }
    ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "evalunit-progress-" + label);
      thread.setDaemon(true);
      return thread;
    });
    long millis = interval.toMillis();
    ticker.scheduleAtFixedRate(() -> {
      String line = lineIfRunning();
      if (line != null) {
        out.accept(line);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Counts one finished seed; thread-safe.
   *
   * @param judged the seed as judged once for every report, reused or fresh
   */
  public synchronized void recorded(JudgedSeed judged) {
    SeedResult result = judged.result();
    done++;
    if (result.cached()) {
      cached++;
    } else if (!result.reused()) {
      doneHere++;
    }
    switch (judged.outcome()) {
      case ERRORED -> errored++;
      case NOT_RUN -> notRun++;
      case PASSED, FAILED -> {
        if (judged.passed()) {
          ok++;
        } else {
          failed++;
        }
        if (result.metrics().score() != null) {
          scored++;
          scoreSum += result.metrics().score();
        }
      }
    }
    if (result.metrics().tokens() != null) {
      anyTokens = true;
      tokens += result.metrics().tokens();
    }
    if (result.metrics().costUsd() != null && !result.cached()) {
      anyCost = true;
      cost += result.metrics().costUsd();
    }
  }

  private synchronized String lineIfRunning() {
    return done < total ? line() : null;
  }

  /** The current progress line. */
  public synchronized String line() {
    Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - startNanos);
    StringBuilder line = new StringBuilder("[evalunit] progress ").append(label).append(": ")
        .append(done).append('/').append(total)
        .append(" (ok ").append(ok).append(", failed ").append(failed)
        .append(", errored ").append(errored);
    if (notRun > 0) {
      line.append(", not run ").append(notRun);
    }
    line.append(')');
    if (cached > 0) {
      line.append(" cached ").append(cached);
    }
    if (scored > 0) {
      line.append(" mean score ").append(Numbers.format(scoreSum / scored));
    }
    if (anyTokens) {
      line.append(" tokens ").append(tokens);
    }
    if (anyCost) {
      line.append(" cost $").append(Numbers.significant(cost));
    }
    line.append(" elapsed ").append(MarkdownSummary.duration(elapsed));
    if (done < total) {
      line.append(" ETA ");
      if (doneHere == 0) {
        line.append("unknown");
      } else {
        // Reused and replayed seeds cost no time; only this run's pace predicts the rest.
        long nanosPerSeed = elapsed.toNanos() / doneHere;
        line.append(MarkdownSummary.duration(Duration.ofNanos(nanosPerSeed * (total - done))));
      }
    }
    return line.toString();
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }
}
