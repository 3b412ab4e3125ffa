package dev.evalunit.engine.report;

import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.EarlyStop;
import dev.evalunit.engine.results.SeedResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a running suite hands its results: each one as it finishes, and all of them once the
 * suite is over. {@link SuiteOutputs} is the implementation that writes the output folder.
 *
 * <pre>{@code
 * sink.seedFinished(result);                       // worker thread, as each rollout ends
 * sink.suiteFinished(Map.of(Variant.DEFAULT, all), stop); // engine thread, at the end
 * sink.close();
 * }</pre>
 */
public interface ResultSink extends AutoCloseable {

  /**
   * A rollout has ended; called on the thread that ran it, possibly many at once. Not called
   * for results reused from an earlier run.
   */
  void seedFinished(SeedResult result);

  /**
   * Every selected seed has a result (reused ones included, seeds that never ran as
   * {@code ABORTED}); called once, on the engine thread.
   *
   * @param results per variant, in config order, each list in seed order
   * @param stop why the suite stopped starting rollouts early, if it did
   */
  void suiteFinished(Map<Variant, List<SeedResult>> results, Optional<EarlyStop> stop);

  /** Releases files and threads; safe to call more than once. */
  @Override
  void close();
}
