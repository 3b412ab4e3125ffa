package dev.evalunit.engine.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
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
   * Python's {@code repr} of a float: the shortest digits that round-trip, positional for
   * decimal exponents from -4 to 15, else scientific with a signed two-digit exponent.
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
    BigDecimal shortest = shortest(value);
    String sign = shortest.signum() < 0 ? "-" : "";
    String digits = shortest.unscaledValue().abs().toString();
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
        + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
  }

  /**
   * The fewest significant digits that read back as {@code value}, correctly rounded: what
   * Python's repr (David Gay's algorithm) prints. The closest n-digit decimal is found by
   * rounding the double's exact binary value.
   */
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int digits = 1; digits < 17; digits++) {
      BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == value) {
        return candidate.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
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
