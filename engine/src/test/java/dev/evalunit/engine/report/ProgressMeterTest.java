package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.SeedResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

  private final AtomicLong now = new AtomicLong();
  private final SeedThresholds minHalf = new SeedThresholds(0.5, null, null, null);

  private JudgedSeed judged(SeedResult r) {
    return JudgedSeed.of(r, minHalf);
  }

  private static SeedResult reused(SeedResult r) {
    return r.asReused();
  }

  @Test
  void lineCountsOutcomesAndSumsTokensAndCost() {
    ProgressMeter meter = new ProgressMeter("Banking77Eval", 10, now::get);
    meter.recorded(judged(ReportFixtures.completed(0, 1.0, 10.0, 900L, 0.001)));
    meter.recorded(judged(ReportFixtures.completed(1, 0.25, 10.0, 100L, 0.002)));
    meter.recorded(judged(ReportFixtures.errored(2, "boom")));
    now.set(Duration.ofSeconds(30).toNanos());

    assertThat(meter.line()).isEqualTo("[evalunit] progress Banking77Eval: 3/10 "
        + "(ok 1, failed 1, errored 1) mean score 0.625 tokens 1000 cost $0.003 "
        + "elapsed 30s ETA 1m 10s");
  }

  @Test
  void reusedSeedsCountAsDoneButNotTowardsThePace() {
    ProgressMeter meter = new ProgressMeter("S", 4, now::get);
    meter.recorded(judged(reused(ReportFixtures.completed(0, 1.0, 10.0, null, null))));
    meter.recorded(judged(reused(ReportFixtures.completed(1, 1.0, 10.0, null, null))));
    assertThat(meter.line()).endsWith("2/4 (ok 2, failed 0, errored 0) mean score 1 "
        + "elapsed 0s ETA unknown");

    now.set(Duration.ofSeconds(10).toNanos());
    meter.recorded(judged(ReportFixtures.completed(2, 1.0, 10.0, null, null)));
    assertThat(meter.line()).endsWith("elapsed 10s ETA 10s");
  }

  @Test
  void printsOnItsOwnThreadWhileSeedsRemainAndStopsWhenClosed() throws InterruptedException {
    List<String> printed = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    ProgressMeter meter = new ProgressMeter("S", 2, System::nanoTime);
    meter.start(Duration.ofMillis(20), line -> {
      printed.add(line);
      threads.add(Thread.currentThread().getName());
    });
    while (printed.size() < 2) {
      Thread.sleep(5);
    }
    meter.close();
    int afterClose = printed.size();
    Thread.sleep(100);

    assertThat(printed).allMatch(line -> line.startsWith("[evalunit] progress S: 0/2"));
    assertThat(threads).allMatch(name -> name.equals("evalunit-progress-S"));
    assertThat(printed).hasSizeLessThanOrEqualTo(afterClose + 1);
  }

  @Test
  void aZeroIntervalPrintsNothing() throws InterruptedException {
    List<String> printed = new CopyOnWriteArrayList<>();
    ProgressMeter meter = new ProgressMeter("S", 2, System::nanoTime);
    meter.start(Duration.ZERO, printed::add);
    Thread.sleep(50);
    meter.close();
    assertThat(printed).isEmpty();
  }
}
