package dev.evalunit.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.client.RolloutRequests;
import dev.evalunit.engine.config.SecretRedactor;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.RolloutTemplate;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cache key: the request the engine sends, less what changes from run to run. */
class CacheKeyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecretRedactor REDACTOR = SecretRedactor.of(List.of("sk-live-0123456789"));

  private static RolloutRequests requests(Map<String, Object> policyConfig) {
    return new RolloutRequests(JSON, new RolloutTemplate(null, "intents", Map.of("split", "test"),
        "react", policyConfig, false, "compact", "eval"), null);
  }

  private static final RolloutRequests REQUESTS = requests(Map.of("model", "m", "temperature",
      0.2));

  private static CacheKey key(ObjectNode body) {
    return CacheKey.of(body, null, 0, "tree-1", REDACTOR);
  }

  private static ObjectNode body(RolloutRequests requests, long seed) {
    SeedSpec spec = SeedSpec.of(seed);
    return requests.build(spec, Variant.DEFAULT, requests.newRunId(spec));
  }

  @Test
  void theKeyIgnoresTheRunIdAndKeepsEverythingElse() {
    ObjectNode first = body(REQUESTS, 7);
    ObjectNode second = body(REQUESTS, 7);
    assertThat(first.path("run_id")).isNotEqualTo(second.path("run_id"));

    assertThat(key(first)).isEqualTo(key(second));
    assertThat(key(first).hash()).matches("[0-9a-f]{64}");
    assertThat(key(first).material().path("request").has("run_id")).isFalse();
    assertThat(key(first).material().path("request").has("trace_correlation_id")).isFalse();
    // the request itself is left as it is sent
    assertThat(first.has("run_id")).isTrue();

    assertThat(key(body(REQUESTS, 8)).hash()).isNotEqualTo(key(first).hash());
    assertThat(CacheKey.of(first, null, 1, "tree-1", REDACTOR).hash())
        .isNotEqualTo(key(first).hash());
    assertThat(CacheKey.of(first, null, 0, "tree-2", REDACTOR).hash())
        .isNotEqualTo(key(first).hash());
    assertThat(CacheKey.of(first, null, 0, null, REDACTOR).hash())
        .isNotEqualTo(key(first).hash());
    assertThat(CacheKey.of(first, "gpt-4o", 0, "tree-1", REDACTOR).hash())
        .isNotEqualTo(key(first).hash());
    assertThat(key(body(requests(Map.of("model", "m", "temperature", 0.3)), 7)).hash())
        .isNotEqualTo(key(first).hash());
    // a value of the recording machine's environment is part of what is sent, so of the key
    RolloutRequests elsewhere = new RolloutRequests(JSON, new RolloutTemplate(null, "intents",
        Map.of("split", "test"), "react", Map.of("model", "m", "temperature", 0.2), false,
        "compact", "eval"), "https://synth.example");
    assertThat(key(body(elsewhere, 7)).hash()).isNotEqualTo(key(first).hash());
  }

  @Test
  void keyOrderDoesNotMatterAndSecretsNeverEnterTheKey() {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("model", "m");
    ordered.put("temperature", 0.2);
    Map<String, Object> reversed = new LinkedHashMap<>();
    reversed.put("temperature", 0.2);
    reversed.put("model", "m");
    assertThat(key(body(requests(reversed), 7))).isEqualTo(key(body(requests(ordered), 7)));

    Map<String, Object> withKey = new LinkedHashMap<>(ordered);
    withKey.put("api_key", "abc"); // short: not a redactor value, masked by its name
    withKey.put("inference_url", "https://proxy/sk-live-0123456789/v1");
    CacheKey secret = key(body(requests(withKey), 7));
    assertThat(secret.material().toString()).doesNotContain("abc\"").doesNotContain("sk-live")
        .contains("\"api_key\":\"***\"");
    Map<String, Object> otherKey = new LinkedHashMap<>(withKey);
    otherKey.put("api_key", "xyz");
    assertThat(key(body(requests(otherKey), 7))).isEqualTo(secret);
  }

  @Test
  void aDatasetRowIsKeptWholeEvenWithSecretLookingFields() {
    SeedSpec a = new SeedSpec(0, "i-1", Map.of("token", "alpha"));
    SeedSpec b = new SeedSpec(0, "i-1", Map.of("token", "beta"));
    assertThat(key(REQUESTS.build(a, Variant.DEFAULT, "r-1")))
        .isNotEqualTo(key(REQUESTS.build(b, Variant.DEFAULT, "r-1")));
  }
}
