package dev.evalunit.engine.client;

import dev.evalunit.engine.LoopbackWireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.config.Secret;
import dev.evalunit.engine.execution.EngineServices;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A rollout refused with 400/401/403 while no key is configured says so, and how to set one. */
class MissingKeyHintTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EngineServices SERVICES = EngineServices.create(Map.of());
  private static final String HINT = "No task app key is configured: set the environment variable"
      + " ENVIRONMENT_API_KEY or the setting evalunit.taskApp.apiKey";

  @RegisterExtension
  static WireMockExtension app = LoopbackWireMock.extension();

  @AfterAll
  static void closeServices() {
    SERVICES.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403})
  void refusedWithoutAKeyNamesBothWaysToSetOne(int status) {
    refuse(status);
    assertThat(rolloutError(null).getMessage())
        .contains("POST /rollout returned HTTP " + status).contains("unauthorised").contains(HINT);
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void refusedWithAKeyHasNoHint(int status) {
    refuse(status);
    assertThat(rolloutError(new Secret("sk_env_wrong")).getMessage())
        .contains("HTTP " + status).doesNotContain("No task app key");
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 500})
  void otherStatusesWithoutAKeyHaveNoHint(int status) {
    refuse(status);
    assertThat(rolloutError(null).getMessage()).doesNotContain("No task app key");
  }

  private static void refuse(int status) {
    app.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(status)
        .withBody("{\"detail\":{\"error\":{\"code\":\"unauthorised\"}}}")));
  }

  private static TaskAppException rolloutError(Secret key) {
    TaskAppClient client = new TaskAppClient(SERVICES.http(), app.baseUrl(), key,
        Duration.ofSeconds(2), Duration.ofSeconds(5), JSON);
    return catchThrowableOfType(TaskAppException.class,
        () -> client.rollout(JSON.createObjectNode()));
  }
}
