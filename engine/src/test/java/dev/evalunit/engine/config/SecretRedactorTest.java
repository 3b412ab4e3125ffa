package dev.evalunit.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRedactorTest {

  private final SecretRedactor redactor =
      SecretRedactor.of(Arrays.asList("sk-live-123456", "sk-live-123456-long", "short", null));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "api_key, true", "task_app_api_key, true", "taskApp.apiKey, true", "hf_token, true",
      "client_secret, true", "password, true", "Authorization, true", "aws_access_key_id, true",
      "max_tokens, false", "max_output_tokens, false", "input_cost_per_token, false",
      "token_limit, false", "model, false", "temperature, false"})
  void secretKeysAreRecognisedByName(String key, boolean secret) {
    assertThat(SecretKeys.isSecret(key)).isEqualTo(secret);
  }

  @Test
  void replacesKnownValuesLongestFirstAndSkipsShortOnes() {
    assertThat(redactor.redact("a sk-live-123456-long b sk-live-123456 c short"))
        .isEqualTo("a *** b *** c short");
    assertThat(redactor.redact((String) null)).isNull();
    assertThat(SecretRedactor.NONE.redact("sk-live-123456")).isEqualTo("sk-live-123456");
  }

  @Test
  void redactsEveryStringAndFieldNameOfAJsonTree() throws Exception {
    JsonNode tree = new ObjectMapper().readTree("""
        {"a":"key sk-live-123456","b":[1,"sk-live-123456",{"c":"x"}],
         "sk-live-123456":{"d":"ok"},"n":3}
        """);
    assertThat(redactor.redact(tree).toString())
        .isEqualTo("{\"a\":\"key ***\",\"b\":[1,\"***\",{\"c\":\"x\"}],\"n\":3,\"***\":{\"d\":\"ok\"}}");
  }

  @Test
  void masksSecretNamedEntriesAtAnyDepthAndCollectsTheirValues() {
    Map<String, Object> config = Map.of("model", "m", "api_key", "sk-1",
        "extra", Map.of("headers", List.of(Map.of("authorization", "Bearer t"))));
    assertThat(SecretRedactor.maskSecretKeys(config)).isEqualTo(Map.of("model", "m",
        "api_key", "***", "extra", Map.of("headers", List.of(Map.of("authorization", "***")))));
    assertThat(SecretRedactor.secretValues(config)).containsExactlyInAnyOrder("sk-1", "Bearer t");
  }
}
