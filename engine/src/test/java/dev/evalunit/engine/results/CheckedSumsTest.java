package dev.evalunit.engine.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig.Reliability.Budget;
import dev.evalunit.engine.config.SuiteConfig.SeedThresholds;
import dev.evalunit.engine.execution.BudgetMeter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Token and cost totals never wrap round and spend never goes down (issue 10). */
class CheckedSumsTest {

  private static SeedResult withUsage(long seed, Long tokens, Double cost) {
    return SeedResult.completed(null, seed, null,
        new RolloutMetrics(1.0, null, null, null, null, tokens, cost)).withLatencyMs(1.0);
  }

  @Test
  void suiteTokenTotalsSaturateInsteadOfTurningNegative() {
    SuiteSummary summary = SuiteSummary.of(List.of(withUsage(0, Long.MAX_VALUE, null),
        withUsage(1, Long.MAX_VALUE, null), withUsage(2, 5L, null)),
        new SeedThresholds(null, null, null, null));

    assertThat(summary.totalTokens()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void budgetTokensSaturateAndANegativeCostIsNeverSubtracted() {
    BudgetMeter meter = BudgetMeter.forSuite(new Budget(1.0, 100L, null), () -> 0L);

    meter.spend(withUsage(0, Long.MAX_VALUE, 2.0).metrics());
    meter.spend(withUsage(1, Long.MAX_VALUE, -1000.0).metrics());
    meter.spend(withUsage(2, null, Double.NaN).metrics());

    assertThat(meter.reached()).get().asString().contains("budget reached: $2 of $1");
  }

  @Test
  void saturatedAddIsPlainAdditionInRange() {
    assertThat(Numbers.saturatedAdd(2, 3)).isEqualTo(5);
    assertThat(Numbers.saturatedAdd(Long.MAX_VALUE - 1, 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(Numbers.saturatedAdd(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(Numbers.saturatedAdd(Long.MIN_VALUE, -1)).isEqualTo(Long.MIN_VALUE);
  }
}
