package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "intents" environment's data: customer banking queries labelled with one of a few intents,
 * read from {@code intents.jsonl} next to this class. Seed {@code N} is row {@code N mod size}, so
 * any seed is valid and the same seed always means the same query.
 */
public final class IntentDataset {

  public static final String ENV_NAME = "intents";
  private static final String RESOURCE = "intents.jsonl";

  private final List<IntentExample> examples;
  private final List<String> intents;
  private final String majorityIntent;

  private IntentDataset(List<IntentExample> examples) {
    this.examples = List.copyOf(examples);
    Map<String, Integer> counts = new LinkedHashMap<>();
    examples.forEach(e -> counts.merge(e.intent(), 1, Integer::sum));
    this.intents = List.copyOf(counts.keySet());
    this.majorityIntent = mostFrequent(counts);
  }

  /** Ties go to the label seen first, so the answer never depends on hash ordering. */
  private static String mostFrequent(Map<String, Integer> counts) {
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      if (entry.getValue() > bestCount) {
        best = entry.getKey();
        bestCount = entry.getValue();
      }
    }
    return best;
  }

  /** The bundled dataset. */
  public static IntentDataset load(ObjectMapper json) {
    InputStream in = IntentDataset.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is missing from the class path");
    }
    List<IntentExample> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode row = json.readTree(line);
          rows.add(new IntentExample(rows.size(), row.path("text").asText(),
              row.path("intent").asText()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " is empty");
    }
    return new IntentDataset(rows);
  }

  public IntentExample forSeed(long seed) {
    return examples.get((int) Math.floorMod(seed, (long) examples.size()));
  }

  public int size() {
    return examples.size();
  }

  /** The labels, in order of first appearance. */
  public List<String> intents() {
    return intents;
  }

  /** The most frequent label. */
  public String majorityIntent() {
    return majorityIntent;
  }

  public List<IntentExample> examples() {
    return examples;
  }
}
