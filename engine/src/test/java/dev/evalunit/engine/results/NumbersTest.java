package dev.evalunit.engine.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
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

  @Test
  void formatRoundsTheExactBinaryValueHalfEvenLikePython() {
    assertThat(Numbers.format(0.71428571)).isEqualTo("0.7143");
    assertThat(Numbers.format(1.0)).isEqualTo("1");
    assertThat(Numbers.format(100.0)).isEqualTo("100");
    assertThat(Numbers.format(-0.00001)).isEqualTo("0");
    assertThat(Numbers.format(-2.5)).isEqualTo("-2.5");
    // Ties in decimal but not in binary; Python's '%.4f' gives 1.0001, 2.0000 and 0.0001.
    assertThat(Numbers.format(1.00005)).isEqualTo("1.0001");
    assertThat(Numbers.format(2.00005)).isEqualTo("2");
    assertThat(Numbers.format(0.00015)).isEqualTo("0.0001");
    assertThat(Numbers.format(0.5)).isEqualTo("0.5");
    assertThat(Numbers.format(123456.78905)).isEqualTo("123456.7891");
    assertThat(Numbers.format(12L)).isEqualTo("12");
    assertThat(Numbers.format(null)).isEqualTo("-");
  }

  @Test
  void formatAgreesWithTheExactRoundingOnManyValues() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      double magnitude = Math.pow(10, random.nextInt(-6, 7));
      double d = (random.nextDouble() * 2 - 1) * magnitude;
      if (i % 4 == 0) {
        // values on or next to a decimal tie, where a shortcut would go wrong first
        d = Math.nextAfter(Math.round(d * 10_000) / 10_000.0 + 0.00005, random.nextBoolean()
            ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
      }
      assertThat(Numbers.format(d)).as("format(%s)", d).isEqualTo(exact(d));
    }
  }

  private static String exact(double d) {
    String s = new BigDecimal(d).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros()
        .toPlainString();
    return s.equals("-0") ? "0" : s;
  }
}
