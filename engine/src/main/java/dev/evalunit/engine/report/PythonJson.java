package dev.evalunit.engine.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes JSON text byte for byte as Python's {@code json.dumps(value, indent=2)} does, so the
 * files the engine writes in synth-ai's formats diff cleanly against the ones synth-ai writes:
 * two-space indent, {@code ": "} after keys, one array element per line, {@code []} and
 * {@code {}} when empty, non-ASCII escaped as lowercase {@code \u00e9}, and floats in Python's
 * {@code repr} ({@code 1.0}, {@code 0.7142857142857143}, {@code 1e-05}, {@code 1e+16}).
 *
 * <pre>{@code
 * PythonJson.write(Map.of("seeds", List.of(0, 1), "score", 1.0))
 * // {
 * //   "seeds": [
 * //     0,
 * //     1
 * //   ],
 * //   "score": 1.0
 * // }
 * }</pre>
 */
public final class PythonJson {

  private static final ObjectWriter WRITER = writer();

  private PythonJson() {}

  /** The JSON text of maps, lists, strings, numbers, booleans and nulls; no trailing newline. */
  public static String write(Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Python's {@code repr} of a float: the shortest digits that round-trip (the nearest such
   * decimal when several are equally short), positional for decimal exponents from -4 to 15,
   * else scientific with a signed two-digit exponent.
   */
  public static String repr(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(Math.abs(value));
    String sign = value < 0 ? "-" : "";
    String digits = shortest.unscaledValue().toString();
    // value = 0.<digits> * 10^point, the convention of dtoa and of Python's float_repr.
    int point = digits.length() - shortest.scale();
    if (point > -4 && point <= 16) {
      if (point <= 0) {
        return sign + "0." + "0".repeat(-point) + digits;
      }
      if (point >= digits.length()) {
        return sign + digits + "0".repeat(point - digits.length()) + ".0";
      }
      return sign + digits.substring(0, point) + "." + digits.substring(point);
    }
    int exponent = point - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
        + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
  }

  /**
   * The digits Python's repr (David Gay's dtoa, mode 0) prints for a positive finite double.
   * Jackson's Schubfach ({@code DoubleToDecimal}, the algorithm of Java 19's
   * {@code Double.toString}; Java 17's is not shortest) finds the shortest round-tripping
   * decimal, nearest on ties of length, except that where one digit would do it may keep two
   * that lie closer (4.9E-324 for Python's 5e-324): that case is settled here.
   */
  private static BigDecimal shortest(double value) {
    BigDecimal decimal = new BigDecimal(DoubleToDecimal.toString(value)).stripTrailingZeros();
    if (decimal.precision() == 2) {
      BigDecimal oneDigit = nearestOneDigit(value);
      if (oneDigit != null) {
        return oneDigit;
      }
    }
    return decimal;
  }

  /** The one-digit decimal nearest to {@code value} that reads back as it, or null. */
  private static BigDecimal nearestOneDigit(double value) {
    BigDecimal exact = new BigDecimal(value);
    BigDecimal below = exact.round(new MathContext(1, RoundingMode.FLOOR));
    BigDecimal above = exact.round(new MathContext(1, RoundingMode.CEILING));
    boolean belowReads = Double.parseDouble(below.toString()) == value;
    boolean aboveReads = Double.parseDouble(above.toString()) == value;
    if (belowReads && aboveReads) {
      return exact.round(new MathContext(1, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
    return belowReads ? below.stripTrailingZeros()
        : aboveReads ? above.stripTrailingZeros() : null;
  }

  private static ObjectWriter writer() {
    SimpleModule floats = new SimpleModule("python-floats");
    JsonSerializer<Number> repr = new JsonSerializer<>() {
      @Override
      public void serialize(Number value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeNumber(repr(value.doubleValue()));
      }
    };
    floats.addSerializer(Double.class, repr);
    floats.addSerializer(Double.TYPE, repr);
    floats.addSerializer(Float.class, repr);
    floats.addSerializer(Float.TYPE, repr);
    JsonMapper mapper = JsonMapper.builder()
        .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
        .addModule(floats)
        .build();
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEntrySpacing(Separators.Spacing.NONE)
        .withArrayValueSpacing(Separators.Spacing.NONE)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("")
        .withRootSeparator("");
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
    return mapper.writer(printer);
  }
}
