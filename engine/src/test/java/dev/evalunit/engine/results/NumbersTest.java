package dev.evalunit.engine.results;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void significantKeepsSmallKnownCostsVisible() {
    assertThat(Numbers.significant(0.0000185)).isEqualTo("0.0000185");
    assertThat(Numbers.significant(1.23456)).isEqualTo("1.235");
    assertThat(Numbers.significant(0.0)).isEqualTo("0");
    assertThat(Numbers.significant(null)).isEqualTo("-");
    assertThat(Numbers.format(0.0000185)).isEqualTo("0");
  }
}
