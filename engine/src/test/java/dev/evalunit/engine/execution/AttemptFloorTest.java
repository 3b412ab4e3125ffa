package dev.evalunit.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptFloorTest {

  private final AttemptFloor floor = new AttemptFloor();

  @Test
  void beforeAnyCallTheFloorIsTheMinimum() {
    assertThat(floor.floor()).isEqualTo(AttemptFloor.MINIMUM);
  }

  @Test
  void theFloorIsTheNinetiethPercentileOfRecentCallsAndNeverBelowTheMinimum() {
    for (int ms = 1; ms <= 10; ms++) {
      floor.observe(Duration.ofMillis(ms * 100));
    }
    assertThat(floor.floor()).isEqualTo(Duration.ofMillis(900));

    for (int i = 0; i < AttemptFloor.WINDOW; i++) {
      floor.observe(Duration.ofMillis(2));
    }
    assertThat(floor.floor()).as("old calls leave the window").isEqualTo(AttemptFloor.MINIMUM);
  }
}
