package dev.evalunit.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.config.SecretRedactor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant's OpenHands-style {@code output.jsonl}, beside its results.jsonl: one
 * {@code EvalOutput} line per finished instance, appended and flushed as it finishes. When the
 * file is closed, an instance written more than once (by earlier runs without resume) keeps only
 * its latest line (in the order instances last finished), so the file reads like OpenHands' own: one line per instance id (and epoch, when a seed is repeated).
 */
final class EvalOutputFile implements AutoCloseable {

  private final Path file;
  private final ObjectMapper json;
  private final SecretRedactor redactor;
  private BufferedWriter out;

  EvalOutputFile(Path file, ObjectMapper json, SecretRedactor redactor) {
    this.file = file;
    this.json = json;
    this.redactor = redactor;
  }

  /** Appends one line (secret values masked) and flushes it. */
  synchronized void append(JsonNode line) {
    try {
      if (out == null) {
        Files.createDirectories(file.getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
      out.write(redactor.redact(json.writeValueAsString(line)));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
      if (Files.exists(file)) {
        keepLatestPerInstance();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }

  /** Rewrites the file with the latest line of each instance id. */
  private void keepLatestPerInstance() throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, String> latest = new LinkedHashMap<>();
    List<String> unreadable = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode row = json.readTree(line);
        JsonNode id = row.get("instance_id");
        String key = id == null ? line : id.asText() + "/" + row.path("epoch").asInt(0);
        latest.remove(key);
        latest.put(key, line);
      } catch (IOException e) {
        unreadable.add(line); // a half-written line of a killed run: dropped
      }
    }
    if (latest.size() + unreadable.size() == lines.stream().filter(l -> !l.isBlank()).count()
        && unreadable.isEmpty()) {
      return; // nothing to drop
    }
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, latest.values(), StandardCharsets.UTF_8);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
