package dev.evalunit.engine.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSONL dataset: one JSON object per line, each with a unique instance id (OpenHands style,
 * {@code instance_id} by default). Row {@code i} (0-based, blank lines not counted) becomes the
 * seed {@code i}, displayed and keyed by its id, and carries the whole row.
 */
final class DatasetFile {

  static final String DEFAULT_ID_FIELD = "instance_id";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DatasetFile() {}

  /**
   * @param location the file as the user named it, for messages
   * @param lines the file's lines
   * @param idField the field holding each row's id
   * @throws ConfigException naming the file, the line and what was expected
   */
  static List<SeedSpec> rows(String location, List<String> lines, String idField) {
    List<SeedSpec> rows = new ArrayList<>();
    Map<String, Integer> lineById = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      int lineNumber = i + 1;
      Map<String, Object> row;
      try {
        row = JSON.readValue(line, new TypeReference<Map<String, Object>>() {});
      } catch (JacksonException e) {
        throw new ConfigException(location + " line " + lineNumber
            + ": expected one JSON object per line: " + e.getOriginalMessage());
      }
      Object id = row.get(idField);
      if (!(id instanceof String || id instanceof Integer || id instanceof Long)
          || id.toString().isBlank()) {
        throw new ConfigException(location + " line " + lineNumber + ": expected a string or "
            + "integer \"" + idField + "\" field (the row's instance id; set another field with "
            + "@Dataset(idField = ...) or evalunit.dataset.idField), got "
            + (id == null ? "none"
                : id.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)));
      }
      Integer earlier = lineById.putIfAbsent(id.toString(), lineNumber);
      if (earlier != null) {
        throw new ConfigException(location + " line " + lineNumber + ": the " + idField + " \""
            + id + "\" is already used on line " + earlier + "; instance ids must be unique");
      }
      rows.add(new SeedSpec(rows.size(), id.toString(), row));
    }
    if (rows.isEmpty()) {
      throw new ConfigException(location + ": the dataset has no rows");
    }
    return rows;
  }
}
