package dev.evalunit.engine.backend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.engine.config.Secret;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BackendEvalJobTest {

  private static final String JOB = "/api/eval/jobs/job-9";
  private static final String KEY = "sk-job-test-31337";

  @TempDir Path dir;
  @RegisterExtension
  final WireMockExtension backend = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
        backend.stubFor(post(urlEqualTo("/api/eval/jobs"))
        .willReturn(okJson("{\"job_id\":\"job-9\",\"status\":\"pending\"}")));
    backend.stubFor(post(urlEqualTo(JOB + "/cancel"))
        .willReturn(okJson("{\"job_id\":\"job-9\",\"status\":\"cancelled\"}")));
  }

  private BackendEvalJob job(BackendOptions options) {
    return job(options, false);
  }

  private BackendEvalJob job(BackendOptions options, boolean traces) {
    ObjectMapper json = new ObjectMapper();
    BackendClient client = new BackendClient(new OkHttpClient(),
        BackendEndpoint.of(backend.baseUrl(), new Secret(KEY)), json);
    return new BackendEvalJob(client, options, json.createObjectNode(), Variant.DEFAULT,
        List.of(SeedSpec.of(0), SeedSpec.of(1)), dir, traces, "Suite", log::add);
  }

  @Test
  void oneBadTraceEntryRejectsThatTraceOnlyAndTheLogSaysWhy() throws Exception {
    backend.stubFor(get(urlEqualTo(JOB)).willReturn(okJson("{\"status\":\"completed\"}")));
    backend.stubFor(get(urlEqualTo(JOB + "/results")).willReturn(okJson(
        "{\"results\":[{\"seed\":0,\"score\":1.0},{\"seed\":1,\"score\":0.5}]}")));
    Map<String, String> entries = new java.util.LinkedHashMap<>();
    entries.put("seed_0_trace.json", "{\"seed\":0}");
    entries.put("../seed_1_trace.json", "pwned");
    backend.stubFor(get(urlEqualTo(JOB + "/traces")).willReturn(aResponse().withStatus(200)
        .withBody(TraceArchiveTest.zip(entries))));

    Map<String, SeedResult> results = job(polling(Duration.ofSeconds(10)), true).run();

    assertThat(results.values()).extracting(SeedResult::status)
        .containsOnly(Status.COMPLETED);
    assertThat(results.get("0").tracePath()).isEqualTo("traces/seed_0_trace.json");
    assertThat(results.get("1").tracePath()).isNull();
    assertThat(log).anyMatch(l -> l.contains("a trace of backend eval job job-9 was rejected: "
        + "entry \"../seed_1_trace.json\" would be written outside"));
    assertThat(dir.resolve("seed_1_trace.json")).doesNotExist();
    assertThat(dir.resolve("traces.zip.part")).doesNotExist();
  }

  private static BackendOptions polling(Duration timeout) {
    return new BackendOptions(true, null, Duration.ofMillis(5), Duration.ofMillis(10), timeout);
  }

  @Test
  void anInterruptedRunCancelsTheJobAndReportsItsSeedsAsNotRun() throws Exception {
    backend.stubFor(get(urlEqualTo(JOB)).willReturn(okJson("{\"status\":\"running\"}")));
    AtomicReference<Map<String, SeedResult>> results = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread runner = new Thread(() -> {
      results.set(job(polling(Duration.ofHours(1))).run());
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    });
    runner.start();
    while (backend.countRequestsMatching(getRequestedFor(urlEqualTo(JOB)).build()).getCount()
        < 2) {
      Thread.sleep(5);
    }
    runner.interrupt();
    runner.join();

    backend.verify(1, postRequestedFor(urlEqualTo(JOB + "/cancel")));
    assertThat(results.get().values()).extracting(SeedResult::status)
        .containsOnly(Status.ABORTED);
    assertThat(results.get().get("0").error().message())
        .isEqualTo("interrupted; backend eval job job-9 was cancelled");
    assertThat(stillInterrupted.get()).as("the interrupt is kept for the caller").isTrue();
    assertThat(log).anyMatch(l -> l.contains("cancelled backend eval job job-9"));
  }

  /** The job has no shutdown hook of its own: the run's one hook calls cancelOnShutdown. */
  @Test
  void theRunsShutdownHookCancelsTheJobUnderWayAndNothingBeforeOrAfter() throws Exception {
    backend.stubFor(get(urlEqualTo(JOB)).willReturn(okJson("{\"status\":\"running\"}")));
    BackendEvalJob job = job(polling(Duration.ofMillis(300)));
    job.cancelOnShutdown();
    backend.verify(0, postRequestedFor(urlEqualTo(JOB + "/cancel")));
    Thread runner = new Thread(job::run);
    runner.start();
    while (backend.countRequestsMatching(getRequestedFor(urlEqualTo(JOB)).build()).getCount()
        < 1) {
      Thread.sleep(5);
    }
    job.cancelOnShutdown();
    backend.verify(1, postRequestedFor(urlEqualTo(JOB + "/cancel")));
    runner.join();
    int cancels = backend.findAll(postRequestedFor(urlEqualTo(JOB + "/cancel"))).size();
    job.cancelOnShutdown();
    assertThat(backend.findAll(postRequestedFor(urlEqualTo(JOB + "/cancel")))).hasSize(cancels);
    assertThat(log).anyMatch(l -> l.contains("the JVM is shutting down"));
  }

  @Test
  void aJobThatOutlivesTheTimeoutIsCancelledAndErrored() {
    backend.stubFor(get(urlEqualTo(JOB)).willReturn(okJson("{\"status\":\"running\"}")));

    Map<String, SeedResult> results = job(polling(Duration.ofMillis(50))).run();

    backend.verify(1, postRequestedFor(urlEqualTo(JOB + "/cancel")));
    assertThat(results.get("1").status()).isEqualTo(Status.ERRORED);
    assertThat(results.get("1").error().message())
        .contains("did not finish within 50 ms (evalunit.backend.timeout); it was cancelled");
  }

  @Test
  void pollingGivesUpAfterTooManyFailuresInARowAndCancels() {
    backend.stubFor(get(urlEqualTo(JOB)).willReturn(aResponse().withStatus(500)));

    Map<String, SeedResult> results = job(polling(Duration.ofHours(1))).run();

    backend.verify(BackendEvalJob.MAX_FAILED_POLLS, getRequestedFor(urlEqualTo(JOB)));
    backend.verify(1, postRequestedFor(urlEqualTo(JOB + "/cancel")));
    assertThat(results.get("0").error().type()).isEqualTo("backend_http_500");
    assertThat(results.get("0").error().message()).contains("gave up on backend eval job job-9 "
        + "after 10 failed status polls");
  }

  @Test
  void statusLinesFollowTheJobAndNeverShowTheKey() {
    backend.stubFor(get(urlEqualTo(JOB)).inScenario("s").whenScenarioStateIs(STARTED)
        .willSetStateTo("up").willReturn(aResponse().withStatus(503)
            .withBody("overloaded, key " + KEY)));
    backend.stubFor(get(urlEqualTo(JOB)).inScenario("s").whenScenarioStateIs("up")
        .willSetStateTo("done").willReturn(okJson(
            "{\"status\":\"mystery-state\",\"results\":{\"completed\":1,\"total\":2}}")));
    backend.stubFor(get(urlEqualTo(JOB)).inScenario("s").whenScenarioStateIs("done")
        .willReturn(okJson("{\"status\":\"completed\"}")));
    backend.stubFor(get(urlEqualTo(JOB + "/results")).willReturn(okJson("{\"results\":[]}")));

    job(polling(Duration.ofHours(1))).run();

    assertThat(log).anyMatch(l -> l.contains("backend eval job job-9 created for Suite (2 seeds)"))
        .anyMatch(l -> l.contains("status poll failed") && l.contains("HTTP 503"))
        .anyMatch(l -> l.contains("job-9: mystery-state 1/2"))
        .anyMatch(l -> l.endsWith("job-9 completed"))
        .noneMatch(l -> l.contains(KEY));
  }

  @Test
  void aClientErrorWhilePollingIsNotRetried() {
    backend.stubFor(get(urlEqualTo(JOB)).willReturn(aResponse().withStatus(404)
        .withBody("{\"detail\":\"no such job\"}")));

    Map<String, SeedResult> results = job(polling(Duration.ofHours(1))).run();

    backend.verify(1, getRequestedFor(urlEqualTo(JOB)));
    assertThat(results.get("0").error().message()).contains("HTTP 404").contains("no such job");
  }

  @Test
  void theBaseGetsApiAppendedOnce() {
    assertThat(BackendEndpoint.of("https://b.example/", new Secret("k")).base().toString())
        .isEqualTo("https://b.example/api");
    assertThat(BackendEndpoint.of("https://b.example/api/", new Secret("k")).base().toString())
        .isEqualTo("https://b.example/api");
    assertThat(BackendEndpoint.of("https://b.example/api", new Secret("k")).toString())
        .doesNotContain("k]").contains("apiKey=***");
  }

  @Test
  void backendModeNeedsBothAUrlAndAKeyAndCanBeSwitchedOff() {
    BackendOptions on = BackendOptions.DEFAULT;
    assertThat(on.endpoint("https://b", Map.of("SYNTH_API_KEY", "k"))).isPresent();
    assertThat(on.endpoint(null, Map.of("SYNTH_API_KEY", "k"))).isEmpty();
    assertThat(on.endpoint("https://b", Map.of())).isEmpty();
    BackendOptions off = new BackendOptions(false, null, on.pollInterval(), on.maxPollInterval(),
        on.timeout());
    assertThat(off.endpoint("https://b", Map.of("SYNTH_API_KEY", "k"))).isEmpty();
    BackendOptions setting = new BackendOptions(true, "https://setting", on.pollInterval(),
        on.maxPollInterval(), on.timeout());
    assertThat(setting.endpoint("https://suite", Map.of("SYNTH_API_KEY", "k"))).get()
        .extracting(e -> e.base().host()).isEqualTo("setting");
  }
}
