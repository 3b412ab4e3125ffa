package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The answer must be a number within a tolerance of the expected one:
 * {@code |actual - expected| <= max(absoluteTolerance, relativeTolerance * |expected|)}, as
 * Python's {@code math.isclose}; with both 0 the values must be equal ({@code 1.0} equals
 * {@code 1}). Compared as decimals, so {@code 0.1 + 0.2} is not a problem.
 *
 * <p>Number formats read: an optional sign ({@code -}, {@code +}, Unicode minus), an optional
 * currency sign ({@code $ € £ ¥}), digits with optional thousands separators in groups of three
 * ({@code 1,234,567}, {@code 1_000}, {@code 1 000}), a decimal point, an exponent
 * ({@code 1.5e-3}), a trailing {@code %} (dropped, not divided by 100), a fraction
 * ({@code 3/4}); full-width digits count. A comma as decimal separator ({@code 1,5}) is not a
 * number: rather no score than a wrong one. By default the whole answer must be the number;
 * {@link #inText()} takes the last number in the answer instead ("The total is 1,234."); digits
 * after a letter and a hyphen (an id such as {@code A-1002}) are not a number there.
 *
 * <pre>{@code
 * Scorers.numeric(0.01, 0).score("3.14159", "3.14").value();                       // 1.0
 * Scorers.numeric(0, 0).inText().score("1234", "So the answer is 1,234.").value(); // 1.0
 * }</pre>
 *
 * @param absoluteTolerance the largest accepted difference, at least 0
 * @param relativeTolerance the largest accepted difference as a fraction of |expected|, at least 0
 * @param lastNumberInText take the last number in the answer instead of the whole answer
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record NumericMatch(double absoluteTolerance, double relativeTolerance,
    boolean lastNumberInText) implements Scorer {

  private static final String DECIMAL = "(?:\\.(\\d*))?";
  private static final String EXPONENT = "(?:[eE]([+-]?\\d+))?";
  private static final Pattern WHOLE = Pattern.compile("([+-]?)[$€£¥]?([+-]?)"
      + "(?:(\\d{1,3}(?:,\\d{3})+|\\d{1,3}(?:_\\d{3})+|\\d{1,3}(?: \\d{3})+|\\d+)" + DECIMAL
      + "|\\.(\\d+))" + EXPONENT + "%?");
  private static final Pattern FRACTION = Pattern.compile("([+-]?)(\\d+)/(\\d+)");
  private static final Pattern IN_TEXT = Pattern.compile("(?<![\\w.])(?<!\\w-)([+-]?)[$€£¥]?()"
      + "(?:(\\d{1,3}(?:,\\d{3})+(?![\\d,])|\\d+)(?:\\.(\\d+))?|\\.(\\d+))" + EXPONENT);

  public NumericMatch {
    if (!(absoluteTolerance >= 0) || !(relativeTolerance >= 0)
        || Double.isInfinite(absoluteTolerance) || Double.isInfinite(relativeTolerance)) {
      throw new IllegalArgumentException("numeric tolerances must be finite and at least 0, got"
          + " absolute " + absoluteTolerance + " and relative " + relativeTolerance);
    }
  }

  /** This scorer taking the last number found in the answer. */
  public NumericMatch inText() {
    return new NumericMatch(absoluteTolerance, relativeTolerance, true);
  }

  @Override
  public Score score(String expected, String actual) {
    BigDecimal want = parse(Texts.require(expected, "number"));
    if (want == null) {
      throw new IllegalArgumentException("the expected number " + Texts.quote(expected)
          + " is not a number (read: 1234, -1,234.5, 1.5e-3, $12, 50%, 3/4)");
    }
    if (actual == null) {
      return Score.fail("no answer; expected " + want.toPlainString());
    }
    BigDecimal got = lastNumberInText ? lastNumber(actual) : parse(actual);
    if (got == null) {
      return Score.fail("the answer " + Texts.quote(actual)
          + (lastNumberInText ? " has no number" : " is not a number") + "; expected "
          + want.toPlainString());
    }
    BigDecimal difference = got.subtract(want).abs();
    BigDecimal tolerance = BigDecimal.valueOf(absoluteTolerance)
        .max(BigDecimal.valueOf(relativeTolerance).multiply(want.abs()));
    String compared = "expected " + want.toPlainString() + ", got " + got.toPlainString()
        + " (difference " + difference.stripTrailingZeros().toPlainString() + ", tolerance "
        + tolerance.stripTrailingZeros().toPlainString() + ")";
    Score score = difference.compareTo(tolerance) <= 0 ? Score.pass(compared)
        : Score.fail(compared);
    return score.withDetail("expected_number", want.doubleValue())
        .withDetail("actual_number", got.doubleValue());
  }

  /** The number {@code text} is as a whole, or null. */
  static BigDecimal parse(String text) {
    String plain = Normalizer.normalize(text, Normalizer.Form.NFKC).replace('\u2212', '-')
        .strip();
    Matcher fraction = FRACTION.matcher(plain);
    if (fraction.matches()) {
      BigDecimal denominator = new BigDecimal(fraction.group(3));
      if (denominator.signum() == 0) {
        return null;
      }
      BigDecimal value = new BigDecimal(fraction.group(2))
          .divide(denominator, MathContext.DECIMAL64);
      return "-".equals(fraction.group(1)) ? value.negate() : value;
    }
    Matcher whole = WHOLE.matcher(plain);
    return whole.matches() ? number(whole) : null;
  }

  /** The last number in {@code text}, or null. */
  static BigDecimal lastNumber(String text) {
    String plain = Normalizer.normalize(text, Normalizer.Form.NFKC).replace('\u2212', '-');
    Matcher matcher = IN_TEXT.matcher(plain);
    BigDecimal last = null;
    while (matcher.find()) {
      last = number(matcher);
    }
    return last;
  }

  /** Groups: 1 sign, 2 sign after currency, 3 integer, 4 decimals, 5 decimals alone, 6 exponent. */
  private static BigDecimal number(Matcher m) {
    String sign1 = m.group(1);
    String sign2 = m.group(2);
    if (!sign1.isEmpty() && !sign2.isEmpty()) {
      return null;
    }
    String integer = m.group(3) == null ? "0" : m.group(3).replaceAll("[, _]", "");
    String decimals = m.group(3) == null ? m.group(5) : m.group(4);
    StringBuilder text = new StringBuilder(sign1.isEmpty() ? sign2 : sign1).append(integer);
    if (decimals != null && !decimals.isEmpty()) {
      text.append('.').append(decimals);
    }
    if (m.group(6) != null) {
      text.append('e').append(m.group(6));
    }
    try {
      return new BigDecimal(text.toString());
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }
}
