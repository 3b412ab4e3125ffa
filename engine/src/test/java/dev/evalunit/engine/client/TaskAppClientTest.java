package dev.evalunit.engine.client;

import dev.evalunit.engine.LoopbackWireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.evalunit.engine.config.Secret;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.RolloutTemplate;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.EngineServices;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TaskAppClient} and {@link RolloutRequests} against a WireMock task app on loopback. */
class TaskAppClientTest {

  /** Shaped like a real synth environment key; underscores keep it one token for JSON parsers. */
  private static final String KEY = "sk_env_7f3a9c2e41d0b8654c1e";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The engine's own HTTP client setup (pool, no silent retry on connection failure). */
  private static final EngineServices SERVICES = EngineServices.create(Map.of());

  private static final String OK_BODY = """
      {"run_id":"r","metrics":{"episode_returns":[1.0],"mean_return":1.0,"num_steps":1,
       "num_episodes":1,"outcome_score":1.0,"events_score":1.0,"details":{}},
       "trace":null,"aborted":false}""";

  @RegisterExtension
  static WireMockExtension app = LoopbackWireMock.extension();

  @AfterAll
  static void closeServices() {
    SERVICES.close();
  }

  private static TaskAppClient client(Secret key) {
    return client(app.baseUrl(), key, Duration.ofSeconds(5));
  }

  private static TaskAppClient client(String url, Secret key, Duration rolloutTimeout) {
    return new TaskAppClient(SERVICES.http(), url, key, Duration.ofSeconds(2), rolloutTimeout,
        JSON);
  }

  private static RolloutTemplate template(String appId, String envName) {
    Map<String, Object> policyConfig = new LinkedHashMap<>();
    policyConfig.put("model", "openai/gpt-oss-120b");
    policyConfig.put("provider", "groq");
    policyConfig.put("inference_url", "https://api.groq.com/openai/v1/chat/completions");
    policyConfig.put("temperature", 0.0);
    policyConfig.put("max_completion_tokens", 256);
    return new RolloutTemplate(appId, envName, Map.of("split", "train"), null, policyConfig,
        false, "compact", "eval");
  }

  private static ObjectNode simpleRequest() {
    RolloutRequests requests = new RolloutRequests(JSON, template("banking77", "banking77"), null);
    SeedSpec seed = SeedSpec.of(3);
    return requests.build(seed, Variant.DEFAULT, requests.newRunId(seed));
  }

  private static void stubRollout(ResponseDefinitionBuilder response) {
    app.stubFor(post(urlEqualTo("/rollout")).willReturn(response));
  }

  private static TaskAppException rolloutFailure(TaskAppClient client) {
    Throwable thrown = catchThrowable(() -> client.rollout(simpleRequest()));
    assertThat(thrown).isInstanceOf(TaskAppException.class);
    return (TaskAppException) thrown;
  }

  private static LoggedRequest onlyRolloutRequest() {
    List<LoggedRequest> requests = app.findAll(postRequestedFor(urlEqualTo("/rollout")));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Nested
  class RequestBody {

    @Test
    void sendsTheFullSupersetBodyWithOutputModeAndStructuredConfigMovedOutOfPolicyConfig()
        throws IOException {
      stubRollout(aResponse().withStatus(200).withBody(OK_BODY));
      Map<String, Object> policyConfig = new LinkedHashMap<>(template("x", "x").policyConfig());
      policyConfig.put("output_mode", "structured");
      policyConfig.put("structured_config", Map.of("schema", Map.of("type", "object")));
      RolloutTemplate template = new RolloutTemplate("banking77", "banking77-env",
          Map.of("split", "train"), "banking77-policy", policyConfig, true, "structured", "eval");
      RolloutRequests requests =
          new RolloutRequests(JSON, template, "https://synth.example/api");
      SeedSpec seed = SeedSpec.of(7);
      String runId = requests.newRunId(seed);

      client(new Secret(KEY)).rollout(
          requests.build(seed, new Variant("hot", Map.of("temperature", 0.7)), runId));

      JsonNode sent = JSON.readTree(onlyRolloutRequest().getBodyAsString());
      assertThat(runId).matches("banking77-seed-7-[0-9a-f]{8}");
      JsonNode expected = JSON.readTree("""
          {"run_id": "%1$s",
           "trace_correlation_id": "%1$s",
           "env": {"env_id": null, "env_name": "banking77-env", "config": {"split": "train"},
                   "seed": 7},
           "policy": {"policy_id": null, "policy_name": "banking77-policy",
                      "config": {"model": "openai/gpt-oss-120b", "provider": "groq",
                                 "inference_url": "https://api.groq.com/openai/v1/chat/completions",
                                 "temperature": 0.7, "max_completion_tokens": 256},
                      "output_mode": "structured",
                      "structured_config": {"schema": {"type": "object"}}},
           "record": {"trajectories": true, "logprobs": false, "value": false,
                      "return_trace": true,
                      "trace_format": "structured"},
           "on_done": "reset",
           "safety": {"max_time_s": 3600.0},
           "training_session_id": null,
           "synth_base_url": "https://synth.example/api",
           "mode": "eval"}
          """.formatted(runId));
      assertThat(sent).isEqualTo(expected);
      assertThat(sent.path("policy").path("config").has("output_mode")).isFalse();
      assertThat(sent.path("policy").path("config").has("structured_config")).isFalse();
    }

    @Test
    void defaultsOutputModeToToolCallsAndStructuredConfigToNull() throws IOException {
      stubRollout(aResponse().withStatus(200).withBody(OK_BODY));

      client(null).rollout(simpleRequest());

      JsonNode sent = JSON.readTree(onlyRolloutRequest().getBodyAsString());
      JsonNode policy = sent.path("policy");
      assertThat(policy.path("output_mode").asText()).isEqualTo("tool_calls");
      assertThat(policy.has("structured_config")).isTrue();
      assertThat(policy.get("structured_config").isNull()).isTrue();
      assertThat(policy.get("policy_name").isNull()).isTrue();
      assertThat(policy.get("policy_id").isNull()).isTrue();
      assertThat(sent.path("env").get("env_id").isNull()).isTrue();
      assertThat(sent.path("env").path("seed").asLong()).isEqualTo(3);
      assertThat(sent.path("record").path("return_trace").asBoolean(true)).isFalse();
      assertThat(sent.path("record").path("trace_format").asText()).isEqualTo("compact");
      assertThat(sent.get("synth_base_url").isNull()).isTrue();
      assertThat(sent.path("mode").asText()).isEqualTo("eval");
      assertThat(sent.path("run_id").asText())
          .isEqualTo(sent.path("trace_correlation_id").asText())
          .matches("banking77-seed-3-[0-9a-f]{8}");
      assertThat(onlyRolloutRequest().getHeader("Content-Type")).startsWith("application/json");
    }

    @Test
    void runIdPrefixIsAppIdElseEnvNameElseEval() {
      SeedSpec seed = SeedSpec.of(12);
      assertThat(new RolloutRequests(JSON, template("app", "env"), null).newRunId(seed))
          .matches("app-seed-12-[0-9a-f]{8}");
      assertThat(new RolloutRequests(JSON, template(null, "env"), null).newRunId(seed))
          .matches("env-seed-12-[0-9a-f]{8}");
      assertThat(new RolloutRequests(JSON, template(null, null), null).newRunId(seed))
          .matches("eval-seed-12-[0-9a-f]{8}");
    }

    @Test
    void laterEpochsCarryTheirEpochInTheRunId() {
      RolloutRequests requests = new RolloutRequests(JSON, template("app", "env"), null);
      SeedSpec seed = SeedSpec.of(12);
      assertThat(requests.newRunId(seed, 0)).matches("app-seed-12-[0-9a-f]{8}");
      assertThat(requests.newRunId(seed, 2)).matches("app-seed-12-epoch-2-[0-9a-f]{8}");
    }

    @Test
    void runIdsAreFreshPerCall() {
      RolloutRequests requests = new RolloutRequests(JSON, template("app", "env"), null);
      List<String> ids = IntStream.range(0, 50)
          .mapToObj(i -> requests.newRunId(SeedSpec.of(1))).toList();
      assertThat(ids).allMatch(id -> id.matches("app-seed-1-[0-9a-f]{8}"));
      assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void datasetRowTravelsInEnvConfigBesideTheTemplateConfig() {
      RolloutRequests requests = new RolloutRequests(JSON, template("app", "env"), null);
      SeedSpec seed = new SeedSpec(4, "row-4", Map.of("question", "why?"));

      ObjectNode body = requests.build(seed, Variant.DEFAULT, "app-seed-4-00000000");

      assertThat(body.path("env").path("seed").asLong()).isEqualTo(4);
      assertThat(body.path("env").path("config").path("split").asText()).isEqualTo("train");
      assertThat(body.path("env").path("config").path("instance").path("question").asText())
          .isEqualTo("why?");
    }

    @Test
    void baseUrlWithTrailingSlashStillPostsToSlashRollout() {
      stubRollout(aResponse().withStatus(200).withBody(OK_BODY));

      RolloutReply reply = client(app.baseUrl() + "/", null, Duration.ofSeconds(5))
          .rollout(simpleRequest());

      assertThat(reply.metrics().score()).isEqualTo(1.0);
      assertThat(onlyRolloutRequest().getUrl()).isEqualTo("/rollout");
    }
  }

  @Nested
  class Auth {

    @Test
    void sendsTheKeyInAllThreeHeaders() {
      stubRollout(aResponse().withStatus(200).withBody(OK_BODY));

      client(new Secret(KEY)).rollout(simpleRequest());

      LoggedRequest request = onlyRolloutRequest();
      assertThat(request.getHeader("X-API-Key")).isEqualTo(KEY);
      assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
      assertThat(request.getHeader("X-API-Keys")).isEqualTo(KEY);
    }

    @Test
    void sendsNoAuthHeadersWithoutAKey() {
      stubRollout(aResponse().withStatus(200).withBody(OK_BODY));

      client(null).rollout(simpleRequest());

      LoggedRequest request = onlyRolloutRequest();
      assertThat(request.containsHeader("X-API-Key")).isFalse();
      assertThat(request.containsHeader("Authorization")).isFalse();
      assertThat(request.containsHeader("X-API-Keys")).isFalse();
    }

    @Test
    void healthSendsTheKeyAndIsTrueOnlyOn200() {
      app.stubFor(get(urlEqualTo("/health"))
          .willReturn(aResponse().withStatus(200).withBody("{\"healthy\":true}")));
      assertThat(client(new Secret(KEY)).healthy()).isTrue();
      assertThat(app.findAll(getRequestedFor(urlEqualTo("/health"))).get(0).getHeader("X-API-Key"))
          .isEqualTo(KEY);

      app.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(400)
          .withBody("{\"detail\":{\"error\":{\"code\":\"unauthorised\"}}}")));
      assertThat(client(new Secret(KEY)).healthy()).isFalse();
    }

    @Test
    void healthIsFalseWhenNothingListens() throws IOException {
      assertThat(client(closedPortUrl(), null, Duration.ofSeconds(5)).healthy()).isFalse();
    }
  }

  @Nested
  class HttpErrors {

    @Test
    void unauthorised400IsAnHttpErrorWithStatusAndBodyExcerpt() {
      stubRollout(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
          .withBody("{\"detail\":{\"error\":{\"code\":\"unauthorised\","
              + "\"message\":\"API key missing or invalid\"}}}"));

      TaskAppException e = rolloutFailure(client(null));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.HTTP);
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.type()).isEqualTo("http_400");
      assertThat(e.retryAfter()).isNull();
      assertThat(e.getMessage())
          .contains("POST /rollout")
          .contains("400")
          .contains("unauthorised")
          .contains("API key missing or invalid");
    }

    @Test
    void validation422ShowsTheValidationDetail() {
      stubRollout(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
          .withBody("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"env\"],"
              + "\"msg\":\"Field required\",\"input\":{\"run_id\":\"x\"}}]}"));

      TaskAppException e = rolloutFailure(client(new Secret(KEY)));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.HTTP);
      assertThat(e.status()).isEqualTo(422);
      assertThat(e.getMessage()).contains("422").contains("Field required").contains("env");
    }

    @Test
    void detailText500() {
      stubRollout(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
          .withBody("{\"detail\":\"policy call failed: upstream returned 429\"}"));

      TaskAppException e = rolloutFailure(client(new Secret(KEY)));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.HTTP);
      assertThat(e.status()).isEqualTo(500);
      assertThat(e.type()).isEqualTo("http_500");
      assertThat(e.getMessage()).contains("500")
          .contains("policy call failed: upstream returned 429");
    }

    @Test
    void bare500() {
      stubRollout(aResponse().withStatus(500).withHeader("Content-Type", "text/plain")
          .withBody("Internal Server Error"));

      TaskAppException e = rolloutFailure(client(new Secret(KEY)));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.HTTP);
      assertThat(e.status()).isEqualTo(500);
      assertThat(e.getMessage()).contains("HTTP 500").contains("Internal Server Error");
    }

    @Test
    void service503KeepsRetryAfter() {
      stubRollout(aResponse().withStatus(503).withHeader("Retry-After", "7")
          .withBody("{\"detail\":{\"error\":{\"code\":\"missing_environment_api_key\"}}}"));

      TaskAppException e = rolloutFailure(client(new Secret(KEY)));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.HTTP);
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.type()).isEqualTo("http_503");
      assertThat(e.retryAfter()).isEqualTo("7");
      assertThat(e.getMessage()).contains("503").contains("missing_environment_api_key");
    }

    @Test
    void emptyErrorBodyIsSaidPlainly() {
      stubRollout(aResponse().withStatus(502));

      TaskAppException e = rolloutFailure(client(null));

      assertThat(e.status()).isEqualTo(502);
      assertThat(e.getMessage()).contains("502").contains("(empty body)");
    }

    @Test
    void longErrorBodyIsCutToAnExcerpt() {
      String body = "{\"detail\":\"" + "x".repeat(20_000) + "\"}";
      stubRollout(aResponse().withStatus(500).withBody(body));

      TaskAppException e = rolloutFailure(client(null));

      assertThat(e.getMessage()).contains("{\"detail\":\"xxx").endsWith("...");
      assertThat(e.getMessage().length()).isLessThan(500);
    }
  }

  @Nested
  class ProtocolErrors {

    @Test
    void okWithABodyThatIsNotJson() {
      stubRollout(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
          .withBody("<html><body>gateway says hi</body></html>"));

      TaskAppException e = rolloutFailure(client(null));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.type()).isEqualTo("protocol");
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.getMessage()).contains("POST /rollout").contains("200").contains("not JSON");
    }

    @Test
    void okWithTruncatedJson() {
      stubRollout(aResponse().withStatus(200).withBody("{\"metrics\":{\"mean_return\":1"));

      TaskAppException e = rolloutFailure(client(null));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.getMessage()).contains("not JSON");
    }

    @Test
    void okWithAnEmptyBody() {
      stubRollout(aResponse().withStatus(200));

      TaskAppException e = rolloutFailure(client(null));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.getMessage()).contains("POST /rollout returned 200");
    }

    @Test
    void okWithAJsonArray() {
      stubRollout(aResponse().withStatus(200).withBody("[1,2,3]"));

      TaskAppException e = rolloutFailure(client(null));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.getMessage()).contains("not a JSON object");
    }

    @Test
    void okJsonWithoutMetricsNamesTheKeysItFound() {
      stubRollout(aResponse().withStatus(200)
          .withBody("{\"run_id\":\"r\",\"trace\":null,\"status\":\"done\"}"));

      TaskAppException e = rolloutFailure(client(null));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.getMessage()).contains("no \"metrics\" object").contains("run_id")
          .contains("status");
    }

    @Test
    void okMetricsWithoutAnyScoreListsWhereItLooked() {
      stubRollout(aResponse().withStatus(200)
          .withBody("{\"run_id\":\"r\",\"metrics\":{\"num_steps\":3,\"details\":{}}}"));

      TaskAppException e = rolloutFailure(client(null));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.getMessage()).contains("no score").contains("mean_return")
          .contains("outcome_objectives.reward").contains("num_steps");
    }
  }

  @Nested
  class TransportErrors {

    @Test
    void connectionRefused() throws IOException {
      String url = closedPortUrl();

      TaskAppException e = rolloutFailure(client(url, new Secret(KEY), Duration.ofSeconds(5)));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.TRANSPORT);
      assertThat(e.status()).isZero();
      assertThat(e.type()).isEqualTo("transport");
      assertThat(e.getMessage()).contains("POST /rollout").contains(url.replaceAll("/$", ""))
          .contains("failed");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE",
        "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"})
    void brokenConnections(Fault fault) {
      stubRollout(aResponse().withFault(fault));

      TaskAppException e = rolloutFailure(client(new Secret(KEY)));

      assertThat(e.kind()).as("%s -> %s", fault, e.getMessage())
          .isEqualTo(TaskAppException.Kind.TRANSPORT);
      assertThat(e.status()).isZero();
      assertThat(e.getMessage()).contains("POST /rollout").contains(app.baseUrl());
    }

    @Test
    void aReplySlowerThanTheRolloutTimeoutIsATransportTimeout() {
      stubRollout(aResponse().withStatus(200).withBody(OK_BODY).withFixedDelay(3_000));
      TaskAppClient impatient = client(app.baseUrl(), null, Duration.ofMillis(400));

      long t0 = System.nanoTime();
      TaskAppException e = rolloutFailure(impatient);
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.TRANSPORT);
      assertThat(e.getMessage()).contains("timed out after").contains("timeout.rollout");
      assertThat(elapsedMs).as("gave up at the timeout, not after the delay").isLessThan(2_500);
    }
  }

  @Nested
  class KeyNeverLeaks {

    @Test
    void keyEchoedInAnErrorBodyIsMasked() {
      stubRollout(aResponse().withStatus(400).withBody(
          "{\"detail\":{\"error\":{\"code\":\"unauthorised\",\"message\":\"unknown key "
              + KEY + "\"}}}"));

      TaskAppException e = rolloutFailure(client(new Secret(KEY)));

      assertThat(e.getMessage()).doesNotContain(KEY).contains("unknown key ***")
          .contains("unauthorised");
      assertThat(printed(e)).doesNotContain(KEY);
    }

    @Test
    void keyStraddlingTheExcerptLimitLeavesNoFragment() {
      String body = "x".repeat(290) + KEY + " was rejected";
      stubRollout(aResponse().withStatus(400).withBody(body));

      TaskAppException e = rolloutFailure(client(new Secret(KEY)));

      assertThat(e.getMessage()).doesNotContain(KEY.substring(0, 10));
      assertThat(e.getMessage()).contains("xxx***");
    }

    @Test
    void keyEchoedInANonJsonOkBodyIsMaskedInMessageAndCause() {
      stubRollout(aResponse().withStatus(200).withBody(KEY + " is not allowed here"));

      TaskAppException e = rolloutFailure(client(new Secret(KEY)));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.getMessage()).doesNotContain(KEY).contains("***");
      assertThat(printed(e)).doesNotContain(KEY);
    }

    @Test
    void keyInAWrongOkBodyNeverReachesTheProtocolMessage() {
      stubRollout(aResponse().withStatus(200).withBody("{\"" + KEY + "\":1}"));

      TaskAppException e = rolloutFailure(client(new Secret(KEY)));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.getMessage()).contains("no \"metrics\" object").doesNotContain(KEY);
    }

    private String printed(Throwable t) {
      StringWriter out = new StringWriter();
      t.printStackTrace(new PrintWriter(out));
      return out.toString();
    }
  }

  private static String closedPortUrl() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return "http://127.0.0.1:" + port + "/";
  }
}
