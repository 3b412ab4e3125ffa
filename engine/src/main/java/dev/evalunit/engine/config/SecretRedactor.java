package dev.evalunit.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Keeps a suite's secret values out of everything the engine writes. Two tools: masking the
 * values of secret-named keys ({@link #maskSecretKeys(Map)}, for config the engine prints or
 * reports) and replacing known secret values wherever they appear in text or JSON that came from
 * elsewhere, such as an error body or a trace in which a task app echoed a key
 * ({@link #redact(String)}, {@link #redact(JsonNode)}).
 *
 * <pre>{@code
 * SecretRedactor redactor = suiteConfig.redactor();
 * String safe = redactor.redact("HTTP 400: bad key sk-live-123456");  // "HTTP 400: bad key ***"
 * }</pre>
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are masked by key name only: replacing
 * a short value such as {@code "none"} or {@code "EMPTY"} everywhere would mangle ordinary text,
 * and real keys and tokens are longer.
 */
public final class SecretRedactor {

  /** The shortest value replaced wherever it appears. */
  public static final int MIN_LENGTH = 8;

  /** Redacts nothing. */
  public static final SecretRedactor NONE = new SecretRedactor(List.of());

  private final List<String> secrets;

  private SecretRedactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /** A redactor for these values; nulls and short values are skipped. */
  public static SecretRedactor of(Collection<String> values) {
    LinkedHashSet<String> kept = new LinkedHashSet<>();
    for (String value : values) {
      if (value != null && value.length() >= MIN_LENGTH) {
        kept.add(value);
      }
    }
    List<String> sorted = new ArrayList<>(kept);
    // Longest first, so a secret that contains another is replaced whole.
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretRedactor(List.copyOf(sorted));
  }

  /** True when there is nothing to replace. */
  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  /**
   * {@code text} with every known secret value replaced by {@code ***}, and the credentials of
   * any URL in it ({@code http://user:password@host}) shown as {@code http://***@host}.
   */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = maskUrlCredentials(text);
    if (secrets.isEmpty()) {
      return out;
    }
    for (String secret : secrets) {
      if (out.contains(secret)) {
        out = out.replace(secret, Secret.MASK);
      }
    }
    return out;
  }

  /**
   * Replaces known secret values in every string (and field name) of {@code node}, in place, and
   * returns it; a text root is returned as a new node.
   */
  public JsonNode redact(JsonNode node) {
    if (node == null || secrets.isEmpty()) {
      return node;
    }
    if (node.isTextual()) {
      String redacted = redact(node.textValue());
      return redacted.equals(node.textValue()) ? node : TextNode.valueOf(redacted);
    }
    if (node instanceof ObjectNode object) {
      List<String> renamed = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        // Replacing a value in place is not a structural change; renaming a field is.
        JsonNode value = field.getValue();
        JsonNode redacted = redact(value);
        if (redacted != value) {
          field.setValue(redacted);
        }
        if (!redact(field.getKey()).equals(field.getKey())) {
          renamed.add(field.getKey());
        }
      }
      for (String name : renamed) {
        object.set(redact(name), object.remove(name));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, redact(array.get(i)));
      }
    }
    return node;
  }

  /**
   * {@code text} with the user-info part of every URL in it masked:
   * {@code http://user:password@host:8103/x} becomes {@code http://***@host:8103/x}. A user name
   * alone is masked too, since tokens are often passed as one ({@code https://TOKEN@host}).
   */
  public static String maskUrlCredentials(String text) {
    if (text == null || text.indexOf('@') < 0 || !text.contains("://")) {
      return text;
    }
    return URL_CREDENTIALS.matcher(text).replaceAll("$1" + Secret.MASK + "@");
  }

  /**
   * The secret parts of a URL's user info, to add to a suite's secrets: {@code user:password}
   * and the password alone; empty when the URL has none.
   */
  public static List<String> urlCredentials(String url) {
    List<String> values = new ArrayList<>();
    if (url == null) {
      return values;
    }
    java.util.regex.Matcher m = URL_CREDENTIALS.matcher(url);
    while (m.find()) {
      String userInfo = m.group(2);
      values.add(userInfo);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        values.add(userInfo.substring(colon + 1));
      }
      // A URL-encoded password also appears decoded wherever a client logs it.
      try {
        String decoded = java.net.URLDecoder.decode(userInfo,
            java.nio.charset.StandardCharsets.UTF_8);
        if (!decoded.equals(userInfo)) {
          values.add(decoded);
          int c = decoded.indexOf(':');
          if (c >= 0) {
            values.add(decoded.substring(c + 1));
          }
        }
      } catch (IllegalArgumentException notEncoded) {
        // keep the raw form only
      }
    }
    return values;
  }

  /** {@code scheme://userinfo@}: group 1 the scheme part, group 2 the user info. */
  private static final java.util.regex.Pattern URL_CREDENTIALS = java.util.regex.Pattern.compile(
      "(?i)\\b([a-z][a-z0-9+.-]*://)([^\\s/?#@\"'<>]+)@");

  /**
   * A copy of {@code config} whose secret-named entries ({@link SecretKeys#isSecret}) read
   * {@code ***}, at any depth.
   */
  public static Map<String, Object> maskSecretKeys(Map<String, Object> config) {
    Map<String, Object> masked = new LinkedHashMap<>();
    config.forEach((key, value) -> masked.put(key, SecretKeys.isSecret(key) ? Secret.MASK
        : maskNested(value)));
    return masked;
  }

  /** The values of secret-named entries of {@code config}, at any depth, as text. */
  static List<String> secretValues(Map<String, ?> config) {
    List<String> values = new ArrayList<>();
    config.forEach((key, value) -> {
      if (SecretKeys.isSecret(key) && (value instanceof String || value instanceof Number)) {
        values.add(value.toString());
      } else {
        collectNested(value, values);
      }
    });
    return values;
  }

  @SuppressWarnings("unchecked")
  private static Object maskNested(Object value) {
    if (value instanceof Map<?, ?> map) {
      return maskSecretKeys((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(SecretRedactor::maskNested).toList();
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static void collectNested(Object value, List<String> values) {
    if (value instanceof Map<?, ?> map) {
      values.addAll(secretValues((Map<String, ?>) map));
    } else if (value instanceof List<?> list) {
      list.forEach(item -> collectNested(item, values));
    }
  }
}
