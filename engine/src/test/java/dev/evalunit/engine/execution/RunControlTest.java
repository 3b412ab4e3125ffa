package dev.evalunit.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig.Reliability.Budget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunControlTest {

  private final List<String> events = new ArrayList<>();
  private final AtomicInteger cancelled = new AtomicInteger();
  private final RunControl run = RunControl.withoutHook(Budget.NONE, () -> {
    cancelled.incrementAndGet();
    events.add("cancel calls");
  });

  private AutoCloseable resource(String name) {
    return () -> events.add("close " + name);
  }

  @Test
  void anInterruptCancelsCallsThenClosesWhatIsTrackedLastFirstAndOnlyOnce() {
    AutoCloseable app = resource("task app");
    AutoCloseable suite = resource("suite");
    AutoCloseable finished = resource("finished suite");
    run.track(app);
    run.track(finished);
    run.track(suite);
    run.untrack(finished);

    assertThat(run.interrupted()).isFalse();
    run.interrupt();
    run.interrupt();

    assertThat(run.interrupted()).isTrue();
    assertThat(cancelled).hasValue(1);
    assertThat(events).containsExactly("cancel calls", "close suite", "close task app");
  }

  @Test
  void aResourceThatFailsToCloseDoesNotKeepTheOthersOpen() {
    run.track(resource("task app"));
    run.track(() -> {
      throw new IllegalStateException("stuck");
    });

    run.interrupt();

    assertThat(events).containsExactly("cancel calls", "close task app");
  }
}
