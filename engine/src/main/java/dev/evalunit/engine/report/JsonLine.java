package dev.evalunit.engine.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * A map of plain values (strings, numbers, booleans, nulls, nested maps) as one line of JSON,
 * newline included: {@code {"seed":3,"status":"completed"}\n}. Written field by field, because
 * ObjectMapper looks up a serializer for every value of a map on every call, which costs more
 * than the rest of a results.jsonl line.
 */
final class JsonLine {

  private JsonLine() {}

  /**
   * @param json the factory of the caller's mapper (generators are cheap, factories are not)
   * @throws IllegalArgumentException for a value that is not a plain JSON value
   */
  static String of(Map<String, ?> row, JsonFactory json) throws IOException {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator generator = json.createGenerator(out)) {
      write(generator, row);
    }
    return out.append('\n').toString();
  }

  private static void write(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Double number) {
      generator.writeNumber(number);
    } else if (value instanceof Long number) {
      generator.writeNumber(number);
    } else if (value instanceof Integer number) {
      generator.writeNumber(number);
    } else if (value instanceof Boolean flag) {
      generator.writeBoolean(flag);
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        generator.writeFieldName(String.valueOf(entry.getKey()));
        write(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else {
      throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
    }
  }
}
