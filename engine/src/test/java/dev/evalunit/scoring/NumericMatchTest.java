package dev.evalunit.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumericMatchTest {

  @ParameterizedTest(name = "{0} reads as {1}")
  @CsvSource(delimiter = '|', value = {
      "42|42", " 42 |42", "+42|42", "-3.5|-3.5", "\u22123.5|-3.5", ".5|0.5", "5.|5",
      "1,234,567.89|1234567.89", "1_000|1000", "1 000 000|1000000", "1.5e-3|0.0015",
      "2E3|2000", "$12.50|12.50", "-$12|-12", "€7|7", "50%|50", "3/4|0.75", "-1/8|-0.125",
      "\uff11\uff12|12", "1\u00a0000|1000"})
  void readsNumberFormats(String text, String value) {
    assertThat(NumericMatch.parse(text)).isEqualByComparingTo(value);
  }

  @ParameterizedTest(name = "{0} is not a number")
  @CsvSource(delimiter = '|', value = {
      "abc", "1,5", "1,23,456", "12 34", "1..2", "--1", "-$-1", "1/0", "NaN", "Infinity", "0x1F",
      "forty-two", "1e", "''"})
  void refusesWhatIsNotPlainlyANumber(String text) {
    assertThat(NumericMatch.parse(text)).isNull();
  }

  @Test
  void toleranceIsAbsoluteOrRelativeWhicheverIsLarger() {
    assertThat(Scorers.numeric(0.01, 0).score("3.14159", "3.14").value()).isEqualTo(1.0);
    Score off = Scorers.numeric(0.001, 0).score("3.14159", "3.14");
    assertThat(off.value()).isZero();
    assertThat(off.reason())
        .isEqualTo("expected 3.14159, got 3.14 (difference 0.00159, tolerance 0.001)");
    assertThat(Scorers.numeric(0, 0.01).score("1000", "1009").value()).isEqualTo(1.0);
    assertThat(Scorers.numeric(0, 0.01).score("1000", "1011").value()).isZero();
    // Exact with zero tolerances, by value: 1 is 1.0 and 1e0; 0.1 + 0.2 as decimals.
    assertThat(Scorers.numeric(0, 0).score("1", "1.000").value()).isEqualTo(1.0);
    assertThat(Scorers.numeric(0, 0).score("0.3", "0.30").value()).isEqualTo(1.0);
    assertThat(Scorers.numeric(0, 0).score("1", "1.0000001").value()).isZero();
    assertThat(Scorers.numeric(0, 0).score("-0", "0").value()).isEqualTo(1.0);
  }

  @Test
  void aNonNumericAnswerScoresZeroAndABadExpectationThrows() {
    Score words = Scorers.numeric(0, 0).score("42", "The answer is 42.");
    assertThat(words.value()).isZero();
    assertThat(words.reason()).contains("is not a number; expected 42");
    assertThat(Scorers.numeric(0, 0).score("42", null).value()).isZero();
    assertThatThrownBy(() -> Scorers.numeric(0, 0).score("about 42", "42"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the expected number \"about 42\" is not a number");
    assertThatThrownBy(() -> Scorers.numeric(-1, 0)).hasMessageContaining("at least 0");
    assertThatThrownBy(() -> Scorers.numeric(Double.NaN, 0)).hasMessageContaining("at least 0");
  }

  @Test
  void inTextTakesTheLastNumber() {
    NumericMatch inText = Scorers.numeric(0, 0).inText();
    assertThat(inText.score("1234", "Step 1: add. So the answer is 1,234.").value())
        .isEqualTo(1.0);
    assertThat(inText.score("-2.5", "It drops to \u22122.5 degrees").value()).isEqualTo(1.0);
    assertThat(inText.score("7", "3 + 4 = 7").value()).isEqualTo(1.0);
    assertThat(inText.score("3", "1,2,3").value()).isEqualTo(1.0);
    // An id such as A-1002 is not a number.
    assertThat(inText.score("42.50", "Order A-1002 cost $42.50.").value()).isEqualTo(1.0);
    assertThat(inText.score("42.50", "Order A-1002 is lost.").reason()).contains("has no number");
    Score none = inText.score("7", "seven");
    assertThat(none.value()).isZero();
    assertThat(none.reason()).contains("has no number");
  }
}
