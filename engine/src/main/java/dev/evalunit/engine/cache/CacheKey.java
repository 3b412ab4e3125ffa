package dev.evalunit.engine.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.config.SecretKeys;
import dev.evalunit.engine.config.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What identifies a recording: the rollout request without its run id, the variant, the epoch
 * and the agent version, as canonical JSON (keys sorted at every level, secret-named entries
 * and secret values masked), and its SHA-256, which names the recording's file. Neither a run
 * id, a timestamp nor a path of this machine enters the key, so every run, shard and machine
 * that sends the same rollout finds the same file.
 *
 * <pre>{@code
 * CacheKey key = CacheKey.of(body, "gpt-4o", 0, "4b825dc6", redactor);
 * key.fileName(); // "9f86d081884c7d65...e3b0.json"
 * }</pre>
 *
 * @param material the canonical key object: {@code agent_version}, {@code epoch},
 *     {@code request}, {@code variant}
 * @param hash the SHA-256 of the material's compact JSON text, 64 lower-case hex digits
 */
public record CacheKey(ObjectNode material, String hash) {

  /** Request fields that differ on every run of the same rollout. */
  private static final Set<String> PER_RUN = Set.of("/run_id", "/trace_correlation_id");

  /** What a masked secret entry reads in a key. */
  private static final String MASK = "***";

  /**
   * The key of one rollout.
   *
   * @param request the {@code POST /rollout} body as built for the task app (not changed)
   * @param variant the variant's name, or null without a matrix
   * @param epoch the epoch of the rollout (0 without epochs)
   * @param agentVersion {@code cache.agentVersion}, or null
   * @param redactor the suite's secret values, masked wherever they appear in the request
   */
  public static CacheKey of(JsonNode request, String variant, int epoch, String agentVersion,
      SecretRedactor redactor) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode material = nodes.objectNode();
    material.put("agent_version", agentVersion);
    material.put("epoch", epoch);
    JsonNode sent = canonical(request, "");
    material.set("request", redactor.isEmpty() ? sent : redactor.redact(sent));
    material.put("variant", variant);
    return new CacheKey(material, sha256(material.toString()));
  }

  /** The recording's file name: the hash and {@code .json}. */
  public String fileName() {
    return hash + ".json";
  }

  /**
   * A copy with keys sorted at every level. Entries with a secret name in the configured parts
   * ({@code policy.config}, {@code env.config} but its dataset row) are masked; a dataset row
   * is data, kept whole, so two rows never share a key.
   */
  private static JsonNode canonical(JsonNode node, String path) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode sorted = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        String child = path + "/" + name;
        if (PER_RUN.contains(child)) {
          continue;
        }
        JsonNode value = node.get(name);
        boolean configured = (child.startsWith("/policy/config/")
            || child.startsWith("/env/config/")) && !child.startsWith("/env/config/instance");
        sorted.set(name, configured && SecretKeys.isSecret(name) && !value.isNull()
            ? JsonNodeFactory.instance.textNode(MASK) : canonical(value, child));
      }
      return sorted;
    }
    if (node.isArray()) {
      var array = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> array.add(canonical(element, path + "/*")));
      return array;
    }
    return node.deepCopy();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
