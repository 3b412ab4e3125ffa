package dev.evalunit.engine.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.config.Secret;
import dev.evalunit.engine.config.SecretRedactor;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.Reliability.Retry;
import dev.evalunit.engine.config.SuiteConfig.RolloutTemplate;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.EngineServices;
import dev.evalunit.engine.execution.RetryPolicy;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Task apps that misbehave on purpose (issue 10), all on 127.0.0.1: redirects to another
 * origin, broken numbers, oversized and endless bodies, a body cut mid-way, a stalled reply.
 */
class HostileTaskAppTest {

  private static final String KEY = "sk_env_hostile_9c2e41d0b8654c1e";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EngineServices SERVICES = EngineServices.create(Map.of());

  @RegisterExtension
  static WireMockExtension app = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  /** The other origin a redirect points at: it must never see a request. */
  @RegisterExtension
  static WireMockExtension elsewhere = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @AfterAll
  static void closeServices() {
    SERVICES.close();
  }

  private static TaskAppClient client(String url, ResponseLimits limits) {
    return new TaskAppClient(SERVICES.http(), url, new Secret(KEY), Duration.ofSeconds(2),
        Duration.ofSeconds(20), JSON, SecretRedactor.NONE, limits);
  }

  private static ObjectNode request(boolean returnTrace) {
    RolloutRequests requests = new RolloutRequests(JSON, new RolloutTemplate("app", "env",
        Map.of(), null, Map.of("model", "m"), returnTrace, "compact", "eval"), null);
    SeedSpec seed = SeedSpec.of(1);
    return requests.build(seed, Variant.DEFAULT, requests.newRunId(seed));
  }

  private static TaskAppException failure(TaskAppClient client) {
    Throwable thrown = catchThrowable(() -> client.rollout(request(false)));
    assertThat(thrown).isInstanceOf(TaskAppException.class);
    return (TaskAppException) thrown;
  }

  /** A value as the message shows it: the way Jackson prints what it parsed. */
  private static String jsonText(String value) {
    try {
      return JSON.readTree(value).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String metrics(String inner) {
    return "{\"metrics\":{" + inner + "},\"aborted\":false}";
  }

  @Nested
  class Redirects {

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectToAnotherPortIsAnErrorNamingTheLocationAndNothingLeavesTheOrigin(int status) {
      String location = elsewhere.baseUrl() + "/rollout";
      app.stubFor(post(urlEqualTo("/rollout"))
          .willReturn(aResponse().withStatus(status).withHeader("Location", location)));
      elsewhere.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
          .withBody(metrics("\"outcome_reward\":1.0"))));

      TaskAppException e = failure(client(app.baseUrl(), ResponseLimits.DEFAULTS));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.HTTP);
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.getMessage()).contains("HTTP " + status).contains(location)
          .contains("another origin").contains("not followed").doesNotContain(KEY);
      assertThat(elsewhere.findAll(anyRequestedFor(anyUrl())))
          .as("no key header and no body reached the other origin").isEmpty();
      assertThat(new RetryPolicy(Retry.DEFAULTS, () -> 0.0).retryable(e)).isFalse();
    }

    @Test
    void aSameOriginRedirectIsNotFollowedEither() {
      app.stubFor(post(urlEqualTo("/rollout"))
          .willReturn(aResponse().withStatus(307).withHeader("Location", "/v2/rollout")));

      TaskAppException e = failure(client(app.baseUrl(), ResponseLimits.DEFAULTS));

      assertThat(e.getMessage()).contains(app.baseUrl() + "/v2/rollout")
          .doesNotContain("another origin");
      assertThat(app.findAll(anyRequestedFor(urlEqualTo("/v2/rollout")))).isEmpty();
    }

    @Test
    void urlCredentialsOfTheTaskAppNeverReachAMessage() throws Exception {
      try (RawHttpServer cut = new RawHttpServer(1, out -> out.write(RawHttpServer.head(
          "302 Found", "Location: http://127.0.0.1:1/x", "Content-Length: 0")))) {
        String url = cut.url().replace("http://", "http://admin:hunter2secret@");

        TaskAppException e = failure(client(url, ResponseLimits.DEFAULTS));

        assertThat(e.getMessage()).doesNotContain("hunter2secret").contains("http://***@");
      }
    }
  }

  @Nested
  class StrictNumbers {

    @ParameterizedTest
    @ValueSource(strings = {"\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e308", "-1e308",
        "1e400"})
    void aNonFiniteOrHugeScoreIsAProtocolErrorNamingTheFieldAndValue(String value) {
      app.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
          .withBody(metrics("\"outcome_reward\":" + value + ",\"details\":{}"))));

      TaskAppException e = failure(client(app.baseUrl(), ResponseLimits.DEFAULTS));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.getMessage()).contains("metrics.outcome_reward is ")
          .contains("not a finite number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e308", "\"NaN\"", "-5", "12.5", "9223372036854775808"})
    void brokenTokenCountsAreProtocolErrors(String value) {
      app.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
          .withBody(metrics("\"outcome_reward\":1.0,\"details\":{\"tokens\":" + value + "}"))));

      TaskAppException e = failure(client(app.baseUrl(), ResponseLimits.DEFAULTS));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.getMessage()).contains("metrics.details.tokens is " + jsonText(value))
          .contains("0..9223372036854775807");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1000", "\"NaN\"", "1e308", "\"-Infinity\""})
    void aNegativeOrNonFiniteCostIsAProtocolError(String value) {
      app.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
          .withBody(metrics("\"outcome_reward\":1.0,\"details\":{\"cost_usd\":" + value + "}"))));

      TaskAppException e = failure(client(app.baseUrl(), ResponseLimits.DEFAULTS));

      assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
      assertThat(e.getMessage()).contains("metrics.details.cost_usd is " + jsonText(value));
    }

    @Test
    void traceTokenSumsThatOverflowALongAreAProtocolError() {
      String event = "{\"usage\":{\"total_tokens\":9223372036854775000}}";
      app.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
          .withBody("{\"metrics\":{\"outcome_reward\":1.0,\"details\":{}},\"trace\":"
              + "{\"event_history\":[" + event + "," + event + "]}}")));

      TaskAppException e = failure(client(app.baseUrl(), ResponseLimits.DEFAULTS));

      assertThat(e.getMessage()).contains("token usage of the trace")
          .contains("sums past 9223372036854775807");
    }

    @Test
    void aNegativeCostInTheTraceIsRefusedNotSubtracted() {
      app.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
          .withBody("{\"metrics\":{\"outcome_reward\":1.0,\"details\":{}},\"trace\":"
              + "{\"event_history\":[{\"cost_usd\":5},{\"cost_usd\":-1000}]}}")));

      TaskAppException e = failure(client(app.baseUrl(), ResponseLimits.DEFAULTS));

      assertThat(e.getMessage()).contains("cost_usd of the trace is -1000");
    }

    @Test
    void ordinaryNumbersStillRead() {
      app.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
          .withBody(metrics("\"outcome_reward\":\"0.75\",\"details\":{\"tokens\":1200.0,"
              + "\"cost_usd\":0.0}"))));

      RolloutReply reply = client(app.baseUrl(), ResponseLimits.DEFAULTS).rollout(request(false));

      assertThat(reply.metrics().score()).isEqualTo(0.75);
      assertThat(reply.metrics().tokens()).isEqualTo(1200L);
      assertThat(reply.metrics().costUsd()).isEqualTo(0.0);
    }
  }

  @Nested
  class BoundedResources {

    @Test
    void anEndlessChunkedBodyEndsAtTheSizeLimitWithAnErrorNamingIt() throws Exception {
      long limit = 1L << 20;
      long[] sent = new long[1];
      // Bounded: the server stops after 256 MiB even if nobody hangs up.
      try (RawHttpServer endless = new RawHttpServer(1, out -> {
        out.write(RawHttpServer.head("200 OK", "Content-Type: application/json",
            "Transfer-Encoding: chunked"));
        byte[] chunk = ("2000\r\n" + "x".repeat(8192) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        out.write("a\r\n{\"trace\":\"\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 32_768; i++) {
          out.write(chunk);
          sent[0] += 8192;
        }
      })) {
        long t0 = System.nanoTime();
        TaskAppException e = failure(client(endless.url(), new ResponseLimits(limit,
            Duration.ZERO)));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(e.kind()).isEqualTo(TaskAppException.Kind.PROTOCOL);
        assertThat(e.getMessage()).contains("larger than 1048576 bytes (1 MiB)")
            .contains("evalunit.response.maxBytes");
        assertThat(new RetryPolicy(Retry.DEFAULTS, () -> 0.0).retryable(e)).isFalse();
        assertThat(ms).as("ended at the limit, not at the rollout timeout").isLessThan(10_000);
      }
    }

    @Test
    void aContentLengthAboveTheLimitIsRefusedBeforeReading() {
      app.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
          .withBody(metrics("\"outcome_reward\":1.0,\"pad\":\"" + "x".repeat(4096) + "\""))));

      TaskAppException e = failure(client(app.baseUrl(), new ResponseLimits(2048,
          Duration.ZERO)));

      assertThat(e.getMessage()).contains("larger than 2048 bytes");
    }

    @Test
    void theDefaultLimitIs64MiB() {
      assertThat(ResponseLimits.DEFAULTS.maxBytes()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void aReplyThatStallsMidBodyFailsAfterTheReadIdleTimeout() throws Exception {
      try (RawHttpServer stall = new RawHttpServer(1, out -> {
        out.write(RawHttpServer.head("200 OK", "Content-Length: 100"));
        out.write("{\"metrics\":".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(5_000);
      })) {
        long t0 = System.nanoTime();
        TaskAppException e = failure(client(stall.url(), new ResponseLimits(1 << 20,
            Duration.ofMillis(300))));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(e.kind()).isEqualTo(TaskAppException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains("received nothing for 300 ms")
            .contains("timeout.readIdle");
        assertThat(ms).isLessThan(4_000);
      }
    }

    @Test
    void aTraceThatWasNotAskedForIsDroppedAfterItsUsageIsRead() {
      app.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
          .withBody("{\"metrics\":{\"outcome_reward\":1.0,\"details\":{}},\"trace\":"
              + "{\"usage\":{\"total_tokens\":42},\"big\":\"" + "x".repeat(100_000) + "\"}}")));
      TaskAppClient client = client(app.baseUrl(), ResponseLimits.DEFAULTS);

      RolloutReply unasked = client.rollout(request(false));
      RolloutReply asked = client.rollout(request(true));

      assertThat(unasked.trace()).isNull();
      assertThat(unasked.metrics().tokens()).isEqualTo(42L);
      assertThat(asked.trace()).isNotNull();
    }
  }

  @Nested
  class CutBodies {

    @Test
    void aCloseDelimited200CutMidBodyIsARetriedTransportError() throws Exception {
      try (RawHttpServer cut = new RawHttpServer(1, out -> {
        out.write(RawHttpServer.head("200 OK", "Content-Type: application/json",
            "Connection: close"));
        out.write("{\"metrics\":{\"outcome_reward\":1.0,\"det".getBytes(
            StandardCharsets.US_ASCII));
      })) {
        TaskAppException e = failure(client(cut.url(), ResponseLimits.DEFAULTS));

        assertThat(e.kind()).isEqualTo(TaskAppException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains("connection closed in the middle of the JSON body");
        assertThat(new RetryPolicy(Retry.DEFAULTS, () -> 0.0).retryable(e)).isTrue();
      }
    }

    @Test
    void aCloseDelimitedWholeBodyStillReads() throws Exception {
      try (RawHttpServer whole = new RawHttpServer(1, out -> {
        out.write(RawHttpServer.head("200 OK", "Connection: close"));
        out.write(metrics("\"outcome_reward\":0.5").getBytes(StandardCharsets.US_ASCII));
      })) {
        RolloutReply reply = client(whole.url(), ResponseLimits.DEFAULTS).rollout(request(false));

        assertThat(reply.metrics().score()).isEqualTo(0.5);
      }
    }

    @Test
    void aContentLengthBodyCutShortIsATransportErrorToo() throws Exception {
      try (RawHttpServer cut = new RawHttpServer(1, out -> {
        out.write(RawHttpServer.head("200 OK", "Content-Length: 500"));
        out.write("{\"metrics\":{".getBytes(StandardCharsets.US_ASCII));
      })) {
        assertThat(failure(client(cut.url(), ResponseLimits.DEFAULTS)).kind())
            .isEqualTo(TaskAppException.Kind.TRANSPORT);
      }
    }
  }

  @Test
  void everyRuleAboveAppliesToTheOnlyClientTheEngineBuilds() {
    // The engine's shared client follows no redirect either (the backend client uses it).
    assertThat(SERVICES.http().followRedirects()).isFalse();
    assertThat(SERVICES.http().followSslRedirects()).isFalse();
    assertThat(List.of()).isEmpty();
  }
}
