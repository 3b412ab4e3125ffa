package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonJsonTest {

  /** Expected values are what CPython 3 prints for {@code repr(float(x))}. */
  @ParameterizedTest
  @CsvSource({
      "1.0, 1.0",
      "0.0, 0.0",
      "-0.0, -0.0",
      "0.1, 0.1",
      "-2.5, -2.5",
      "100.0, 100.0",
      "0.7142857142857143, 0.7142857142857143",
      "562.300999998115, 562.300999998115",
      "13865.863167011412, 13865.863167011412",
      "0.0001, 0.0001",
      "0.00001, 1e-05",
      "0.000123, 0.000123",
      "0.0000123, 1.23e-05",
      "12345678.9, 12345678.9",
      "1e15, 1000000000000000.0",
      "1e16, 1e+16",
      "1.5e16, 1.5e+16",
      "123456789012345680000, 1.2345678901234568e+20",
      "5e-324, 5e-324",
      "1.7976931348623157e308, 1.7976931348623157e+308",
      "2e-3, 0.002",
  })
  void floatsAreWrittenAsPythonsRepr(double value, String expected) {
    assertThat(PythonJson.repr(value)).isEqualTo(expected);
  }

  @Test
  void specialFloatsAreWrittenAsPythonsJsonModuleDoes() {
    assertThat(PythonJson.repr(Double.NaN)).isEqualTo("NaN");
    assertThat(PythonJson.repr(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    assertThat(PythonJson.repr(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
  }

  @Test
  void layoutMatchesJsonDumpsWithIndentTwo() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "caf\u00e9 \"x\"\n\ud83d\ude00");
    value.put("none", null);
    value.put("flag", true);
    value.put("count", 3L);
    value.put("score", 1.0);
    value.put("empty_list", List.of());
    value.put("empty_map", Map.of());
    value.put("seeds", List.of(0, 1));
    value.put("nested", Map.of("k", List.of(Map.of("a", 0.5))));

    // json.dumps(value, indent=2) in CPython 3.12
    assertThat(PythonJson.write(value)).isEqualTo("""
        {
          "name": "caf\\u00e9 \\"x\\"\\n\\ud83d\\ude00",
          "none": null,
          "flag": true,
          "count": 3,
          "score": 1.0,
          "empty_list": [],
          "empty_map": {},
          "seeds": [
            0,
            1
          ],
          "nested": {
            "k": [
              {
                "a": 0.5
              }
            ]
          }
        }""");
  }
}
