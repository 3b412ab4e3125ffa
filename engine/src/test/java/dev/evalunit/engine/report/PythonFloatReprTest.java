package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PythonJson#repr} against Python's own rule for {@code repr(float)}, which
 * {@code json.dumps} uses for every float: the digits are those of David Gay's {@code dtoa} in
 * mode 0, "the shortest string that yields d when read in and rounded to nearest" (and of those,
 * the one nearest to d); {@code PyOS_double_to_string} with format code {@code 'r'} then writes
 * them positionally when the decimal point position {@code decpt} satisfies
 * {@code -4 < decpt <= 16} (adding {@code .0} to integers), else as {@code d.ddde±XX} with at
 * least two exponent digits. The oracle below applies that rule by brute force over exact
 * decimals: a different method from the code under test, which starts from Schubfach.
 */
class PythonFloatReprTest {

  /** Values printed by CPython itself (3.x, {@code repr(2.0 ** k)} and friends). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-24   | 5.960464477539063e-08",
      "-1074 | 5e-324",
      "-1073 | 1e-323",
      "-1022 | 2.2250738585072014e-308",
      "-1    | 0.5",
      "0     | 1.0",
      "53    | 9007199254740992.0",
      "54    | 1.8014398509481984e+16",
      "1023  | 8.98846567431158e+307"})
  void powersOfTwoPythonItselfPrints(int exponent, String python) {
    assertThat(PythonJson.repr(Math.scalb(1.0, exponent))).isEqualTo(python);
    assertThat(PythonJson.repr(-Math.scalb(1.0, exponent))).isEqualTo("-" + python);
  }

  @Test
  void theOracleAgreesWithWhatPythonPrints() {
    assertThat(pythonRepr(Math.scalb(1.0, -24))).isEqualTo("5.960464477539063e-08");
    assertThat(pythonRepr(Double.MIN_VALUE)).isEqualTo("5e-324");
    assertThat(pythonRepr(0.1)).isEqualTo("0.1");
    assertThat(pythonRepr(1e-5)).isEqualTo("1e-05");
    assertThat(pythonRepr(1e16)).isEqualTo("1e+16");
    assertThat(pythonRepr(1e15)).isEqualTo("1000000000000000.0");
    assertThat(pythonRepr(2.0 / 3)).isEqualTo("0.6666666666666666");
  }

  /** All 2,098 powers of two, 2^-1074 (the least subnormal) to 2^1023, and their negatives. */
  @Test
  void everyPowerOfTwoIsWrittenAsPythonWritesIt() {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (int k = -1074; k <= 1023; k++) {
      double value = Math.scalb(1.0, k);
      String expected = pythonRepr(value);
      String written = PythonJson.repr(value);
      if (!written.equals(expected)) {
        wrong.add("2^" + k + ": wrote " + written + ", Python writes " + expected);
      }
      if (!PythonJson.repr(-value).equals("-" + expected)) {
        wrong.add("-2^" + k + ": wrote " + PythonJson.repr(-value));
      }
      checked++;
    }
    assertThat(checked).isEqualTo(2098);
    assertThat(wrong).isEmpty();
  }

  /** Subnormals other than powers of two: n * 2^-1074 for small n, where digits are fewest. */
  @Test
  void smallSubnormalsAreWrittenAsPythonWritesThem() {
    List<String> wrong = new ArrayList<>();
    for (long n = 1; n <= 2000; n++) {
      double value = n * Double.MIN_VALUE;
      if (!PythonJson.repr(value).equals(pythonRepr(value))) {
        wrong.add(n + "*2^-1074: " + PythonJson.repr(value) + " vs " + pythonRepr(value));
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void writesThePythonDigitsInsideJsonToo() {
    assertThat(PythonJson.write(List.of(Math.scalb(1.0, -24), Double.MIN_VALUE)))
        .isEqualTo("[\n  5.960464477539063e-08,\n  5e-324\n]");
  }

  /** Python's repr of a finite non-zero double, by the rule in the class comment. */
  static String pythonRepr(double value) {
    String sign = value < 0 ? "-" : "";
    double abs = Math.abs(value);
    BigDecimal exact = new BigDecimal(abs);
    for (int n = 1; n <= 17; n++) {
      BigDecimal down = exact.round(new MathContext(n, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(n, RoundingMode.CEILING));
      boolean downReads = Double.parseDouble(down.toString()) == abs;
      boolean upReads = Double.parseDouble(up.toString()) == abs;
      if (downReads || upReads) {
        BigDecimal chosen;
        if (downReads && upReads) {
          int cmp = exact.subtract(down).compareTo(up.subtract(exact));
          chosen = cmp < 0 ? down : cmp > 0 ? up
              : exact.round(new MathContext(n, RoundingMode.HALF_EVEN));
        } else {
          chosen = downReads ? down : up;
        }
        return sign + pyFormat(chosen.stripTrailingZeros());
      }
    }
    throw new AssertionError("17 digits always read back: " + value);
  }

  /** format_float_short for 'r': digits d1d2... with the decimal point after decpt digits. */
  private static String pyFormat(BigDecimal decimal) {
    String digits = decimal.unscaledValue().toString();
    int decpt = digits.length() - decimal.scale();
    if (decpt <= -4 || decpt > 16) {
      int exp = decpt - 1;
      String mantissa = digits.length() == 1 ? digits
          : digits.substring(0, 1) + "." + digits.substring(1);
      String magnitude = Integer.toString(Math.abs(exp));
      return mantissa + "e" + (exp < 0 ? "-" : "+")
          + (magnitude.length() < 2 ? "0" + magnitude : magnitude);
    }
    if (decpt <= 0) {
      return "0." + "0".repeat(-decpt) + digits;
    }
    if (decpt >= digits.length()) {
      return digits + "0".repeat(decpt - digits.length()) + ".0";
    }
    return digits.substring(0, decpt) + "." + digits.substring(decpt);
  }
}
