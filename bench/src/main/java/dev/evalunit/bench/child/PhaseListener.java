package dev.evalunit.bench.child;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Times the rollout phase as a user sees it, from the launcher's events: from the start of the
 * container that runs the seeds (the evalunit suite, or the Jupiter parameterized method) to the
 * end of the last seed test. Counts outcomes, and at each checkpoint (a number of finished seeds)
 * records heap after GC and resident memory.
 */
final class PhaseListener implements TestExecutionListener {

  /** Segment types of the container that runs the seeds and of one seed's test. */
  private static final Set<String> PHASE_CONTAINERS = Set.of("suite", "test-template");
  private static final Set<String> SEED_TESTS = Set.of("seed", "test-template-invocation");

  private final long[] checkpoints;
  private final List<Checkpoint> reached = new ArrayList<>();
  private final long origin;
  private Map<String, Long> cpuByThreadAtVerdict = Map.of();
  private long phaseStart = -1;
  private long phaseEnd = -1;
  private long phaseStartEpochMs = -1;
  private long phaseEndEpochMs = -1;
  private long seedsFinished;
  private int nextCheckpoint;
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong aborted = new AtomicLong();
  private volatile String firstFailure;

  /**
   * @param checkpoints ascending seed counts at which to sample memory
   * @param origin the {@link System#nanoTime()} checkpoint times are relative to
   */
  PhaseListener(long[] checkpoints, long origin) {
    this.checkpoints = checkpoints.clone();
    this.origin = origin;
  }

  /** A memory sample after {@code seeds} seed tests had finished. */
  record Checkpoint(long seeds, long atMillis, long heapAfterGcBytes, long rssKib) {}

  @Override
  public synchronized void executionStarted(TestIdentifier id) {
    if (phaseStart < 0 && id.isContainer() && PHASE_CONTAINERS.contains(lastSegmentType(id))) {
      phaseStart = System.nanoTime();
      phaseStartEpochMs = System.currentTimeMillis();
    }
  }

  @Override
  public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (!id.isTest()) {
      return;
    }
    switch (result.getStatus()) {
      case SUCCESSFUL -> succeeded.incrementAndGet();
      case ABORTED -> aborted.incrementAndGet();
      case FAILED -> {
        failed.incrementAndGet();
        if (firstFailure == null) {
          firstFailure = id.getDisplayName() + ": " + result.getThrowable()
              .map(Throwable::toString).orElse("failed");
        }
      }
    }
    if (lastSegmentType(id).equals("verdict")) {
      // The suite's workers are still alive here; they end with the suite.
      cpuByThreadAtVerdict = ThreadCpu.byGroup();
    }
    if (SEED_TESTS.contains(lastSegmentType(id))) {
      seedsFinished++;
      phaseEnd = System.nanoTime();
      phaseEndEpochMs = System.currentTimeMillis();
      while (nextCheckpoint < checkpoints.length && seedsFinished >= checkpoints[nextCheckpoint]) {
        long heap = ProcessStats.heapAfterGcBytes();
        reached.add(new Checkpoint(seedsFinished, (System.nanoTime() - origin) / 1_000_000, heap,
            ProcessStats.rssKib()));
        nextCheckpoint++;
      }
    }
  }

  synchronized double phaseMillis() {
    return phaseStart < 0 || phaseEnd < 0 ? -1 : (phaseEnd - phaseStart) / 1e6;
  }

  synchronized Map<String, Long> cpuByThreadAtVerdict() {
    return cpuByThreadAtVerdict;
  }

  /** Wall-clock start and end of the phase, to line up with the engine's results.jsonl. */
  synchronized long[] phaseEpochMillis() {
    return new long[] {phaseStartEpochMs, phaseEndEpochMs};
  }

  synchronized long seedsFinished() {
    return seedsFinished;
  }

  synchronized List<Checkpoint> checkpoints() {
    return List.copyOf(reached);
  }

  long succeeded() {
    return succeeded.get();
  }

  long failed() {
    return failed.get();
  }

  long aborted() {
    return aborted.get();
  }

  String firstFailure() {
    return firstFailure;
  }

  /**
   * The type of the last unique-id segment, read from the string form: parsing the whole id on
   * the engine thread costs more than the engine spends on a seed.
   */
  private static String lastSegmentType(TestIdentifier id) {
    String uniqueId = id.getUniqueId();
    int start = uniqueId.lastIndexOf("/[") + 2;
    int colon = uniqueId.indexOf(':', start);
    return start < 2 || colon < 0 ? "" : uniqueId.substring(start, colon);
  }
}
