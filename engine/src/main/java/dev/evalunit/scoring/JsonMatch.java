package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The answer must be JSON equal to the expected JSON ({@link Scorers#jsonEquals()}), or
 * containing it ({@link Scorers#jsonSubset()}). Key order never matters; numbers compare by
 * value ({@code 1}, {@code 1.0} and {@code 1e0} are equal); strings, booleans and null must be
 * equal, and a number never equals a string ({@code 1} is not {@code "1"}).
 *
 * <p>In a subset match the answer's objects may have keys the expected ones lack, at any depth;
 * arrays must have the same length and match element by element (each element a subset).
 * {@link #ignoringArrayOrder()} matches arrays as multisets instead: each expected element must
 * match its own element of the answer, in any order; in a subset match the answer's array may
 * then have more elements.
 *
 * <p>The answer is read strictly: one JSON value, nothing after it, no duplicate keys. An
 * answer that is not JSON scores 0 with the parser's message and position. A Markdown code
 * fence around it ({@code ```json ... ```}), which chat models like to add, is accepted only
 * with {@link #acceptingCodeFence()}. An expected value that is not JSON throws
 * {@link IllegalArgumentException}: the dataset is wrong. The differences found (at most 10,
 * as JSON paths) are in the score's reason and its {@code differences} detail.
 *
 * <pre>{@code
 * Scorers.jsonSubset().score("{\"intent\": \"refund\"}",
 *     "{\"confidence\": 0.9, \"intent\": \"refund\"}").value();                        // 1.0
 * Scorers.jsonEquals().scoreAgainst(Map.of("ids", List.of(1, 2)), "{\"ids\": [1.0, 2]}").value(); // 1.0
 * }</pre>
 *
 * @param subset true: the answer may hold more than the expected value
 * @param ignoreArrayOrder match arrays in any order
 * @param acceptCodeFence read the answer inside one enclosing Markdown code fence
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record JsonMatch(boolean subset, boolean ignoreArrayOrder, boolean acceptCodeFence)
    implements Scorer {

  static final JsonMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final int MAX_DIFFERENCES = 10;
  private static final Pattern FENCE = Pattern.compile("(?s)\\A```[\\w-]*[ \\t]*\\R(.*?)\\R?```\\z");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public JsonMatch ignoringArrayOrder() {
    return new JsonMatch(subset, true, acceptCodeFence);
  }

  public JsonMatch acceptingCodeFence() {
    return new JsonMatch(subset, ignoreArrayOrder, true);
  }

  /** Grades {@code actual} against the JSON text {@code expected}. */
  @Override
  public Score score(String expected, String actual) {
    JsonNode want;
    try {
      want = STRICT.readTree(Texts.require(expected, "JSON"));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the expected JSON " + Texts.quote(expected)
          + " is not valid JSON: " + problem(e), e);
    }
    return compare(want, actual);
  }

  /**
   * Grades {@code actual} against a JDK value: a {@code Map} (object), {@code List} (array),
   * {@code String}, {@code Number}, {@code Boolean} or null.
   */
  public Score scoreAgainst(Object expectedValue, String actual) {
    JsonNode want;
    try {
      want = STRICT.valueToTree(expectedValue);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the expected value of type "
          + expectedValue.getClass().getName() + " is not a JSON value (use Map, List, String,"
          + " Number, Boolean or null): " + e.getMessage(), e);
    }
    return compare(want, actual);
  }

  private Score compare(JsonNode want, String actual) {
    if (actual == null) {
      return Score.fail("no answer; expected JSON " + excerpt(want));
    }
    String text = actual.strip();
    if (acceptCodeFence) {
      var fenced = FENCE.matcher(text);
      if (fenced.matches()) {
        text = fenced.group(1);
      }
    }
    JsonNode got;
    try {
      got = STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      return Score.fail("the answer " + Texts.quote(actual) + " is not JSON: " + problem(e));
    }
    if (got == null || got.isMissingNode()) {
      return Score.fail("the answer is empty; expected JSON " + excerpt(want));
    }
    List<String> differences = new ArrayList<>();
    difference(want, got, "$", differences);
    if (differences.isEmpty()) {
      return Score.pass(subset ? "the answer contains the expected JSON"
          : "the answer equals the expected JSON");
    }
    String more = differences.size() >= MAX_DIFFERENCES ? " (at least)" : "";
    return new Score(0, differences.size() + more + " difference"
        + (differences.size() == 1 ? "" : "s") + " from the expected JSON: "
        + String.join("; ", differences.subList(0, Math.min(3, differences.size()))),
        Map.of("differences", List.copyOf(differences)));
  }

  private void difference(JsonNode want, JsonNode got, String path, List<String> out) {
    if (out.size() >= MAX_DIFFERENCES) {
      return;
    }
    if (want.isNumber() && got.isNumber()) {
      if (want.decimalValue().compareTo(got.decimalValue()) != 0) {
        out.add(path + ": expected " + want + ", got " + got);
      }
    } else if (want.isObject() && got.isObject()) {
      for (Map.Entry<String, JsonNode> field : want.properties()) {
        JsonNode value = got.get(field.getKey());
        if (value == null) {
          out.add(child(path, field.getKey()) + ": missing (expected " + excerpt(field.getValue())
              + ")");
        } else {
          difference(field.getValue(), value, child(path, field.getKey()), out);
        }
      }
      if (!subset) {
        for (Map.Entry<String, JsonNode> field : got.properties()) {
          if (!want.has(field.getKey()) && out.size() < MAX_DIFFERENCES) {
            out.add(child(path, field.getKey()) + ": not expected (got "
                + excerpt(field.getValue()) + ")");
          }
        }
      }
    } else if (want.isArray() && got.isArray()) {
      if (ignoreArrayOrder) {
        unordered(want, got, path, out);
      } else {
        if (want.size() != got.size()) {
          out.add(path + ": expected " + want.size() + " elements, got " + got.size());
        }
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
          difference(want.get(i), got.get(i), path + "[" + i + "]", out);
        }
      }
    } else if (!want.equals(got)) {
      out.add(path + ": expected " + kind(want) + excerpt(want) + ", got " + kind(got)
          + excerpt(got));
    }
  }

  /** Arrays as multisets: a maximum matching of expected elements to distinct answer elements. */
  private void unordered(JsonNode want, JsonNode got, String path, List<String> out) {
    if (subset ? got.size() < want.size() : got.size() != want.size()) {
      out.add(path + ": expected " + (subset ? "at least " : "") + want.size()
          + " elements, got " + got.size());
    }
    boolean[][] fits = new boolean[want.size()][got.size()];
    for (int i = 0; i < want.size(); i++) {
      for (int j = 0; j < got.size(); j++) {
        List<String> probe = new ArrayList<>();
        difference(want.get(i), got.get(j), path, probe);
        fits[i][j] = probe.isEmpty();
      }
    }
    int[] owner = new int[got.size()];
    Arrays.fill(owner, -1);
    for (int i = 0; i < want.size(); i++) {
      if (!augment(i, fits, owner, new boolean[got.size()]) && out.size() < MAX_DIFFERENCES) {
        out.add(path + ": no element matches expected element [" + i + "] "
            + excerpt(want.get(i)));
      }
    }
  }

  /** Kuhn's augmenting path: bounded by the array sizes. */
  private static boolean augment(int i, boolean[][] fits, int[] owner, boolean[] seen) {
    for (int j = 0; j < owner.length; j++) {
      if (fits[i][j] && !seen[j]) {
        seen[j] = true;
        if (owner[j] < 0 || augment(owner[j], fits, owner, seen)) {
          owner[j] = i;
          return true;
        }
      }
    }
    return false;
  }

  private static String child(String path, String key) {
    return IDENTIFIER.matcher(key).matches() ? path + "." + key
        : path + "[" + Texts.quote(key, 60) + "]";
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "object ";
      case ARRAY -> "array ";
      case STRING -> "string ";
      case NUMBER -> "number ";
      case BOOLEAN -> "boolean ";
      default -> "";
    };
  }

  private static String excerpt(JsonNode node) {
    String text = node.toString();
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  static String problem(JacksonException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String message = e.getOriginalMessage();
    int cut = message.indexOf('\n');
    return (cut < 0 ? message : message.substring(0, cut)) + where;
  }
}
