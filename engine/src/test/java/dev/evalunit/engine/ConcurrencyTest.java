package dev.evalunit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.sun.net.httpserver.HttpServer;
import dev.evalunit.engine.fixtures.PassingSuite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Rollouts run in the background up to the configured concurrency, and each seed's test spans its
 * rollout: it starts when its rollout begins, finishes when it ends, in a thread of its own, with
 * its line printed in that thread between the two and no other test finishing in between (Surefire
 * gives the output since the last finished test to the next one that finishes). The suite and the
 * verdict stay on the launcher's thread, and every child starts after and finishes before its
 * parent.
 */
class ConcurrencyTest {

  private static final int SEEDS = 8;
  private static final int CONCURRENCY = 4;
  private static final long LATENCY_MS = 300;

  @TempDir Path outputDir;
  private HttpServer taskApp;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  @BeforeEach
  void startSlowTaskApp() throws IOException {
    taskApp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    taskApp.setExecutor(Executors.newCachedThreadPool());
    taskApp.createContext("/rollout", exchange -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(LATENCY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.decrementAndGet();
      byte[] body = "{\"metrics\":{\"mean_return\":1.0}}".getBytes(StandardCharsets.UTF_8);
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    taskApp.start();
  }

  @AfterEach
  void stop() {
    taskApp.stop(0);
  }

  /** One event as it happened: what, of which test, in which thread, when. */
  record Happened(String what, String test, String thread, long nanos) {}

  @Test
  void eachSeedSpansItsRolloutInItsOwnThreadWithItsLineBeforeItsFinish() {
    List<Happened> events = new CopyOnWriteArrayList<>();
    AtomicLong suiteStart = new AtomicLong();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionStarted(TestIdentifier id) {
        events.add(new Happened("start", id.getDisplayName(), Thread.currentThread().getName(),
            System.nanoTime()));
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        events.add(new Happened("finish", id.getDisplayName(), Thread.currentThread().getName(),
            System.nanoTime()));
      }
    };
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(PassingSuite.class))
        .configurationParameter("evalunit.taskApp.url", "http://127.0.0.1:"
            + taskApp.getAddress().getPort())
        .configurationParameter("evalunit.seeds", "0.." + (SEEDS - 1))
        .configurationParameter("evalunit.concurrency", Integer.toString(CONCURRENCY))
        .configurationParameter("evalunit.progress.interval", "0")
        .build();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true) {
      @Override
      public void println(String line) {
        if (line.startsWith("[evalunit] seed ")) {
          String test = line.substring("[evalunit] ".length(), line.indexOf(':'));
          events.add(new Happened("print", test, Thread.currentThread().getName(),
              System.nanoTime()));
        }
      }
    });
    try {
      LauncherFactory.create(LauncherConfig.builder()
              .enableTestEngineAutoRegistration(false)
              .addTestEngines(new EvalUnitTestEngine(Map.of(), outputDir))
              .build())
          .execute(request, listener);
    } finally {
      System.setOut(original);
    }

    String launcherThread = Thread.currentThread().getName();
    assertThat(maxInFlight.get()).isEqualTo(CONCURRENCY);
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < SEEDS; i++) {
      seeds.add("seed " + i);
    }
    int suiteStarted = index(events, "start", "PassingSuite");
    int suiteFinished = index(events, "finish", "PassingSuite");
    int verdictStarted = index(events, "start", "suite verdict");
    for (String seed : seeds) {
      int started = index(events, "start", seed);
      int printed = index(events, "print", seed);
      int finished = index(events, "finish", seed);
      Happened start = events.get(started);
      Happened finish = events.get(finished);
      assertThat(start.thread()).as(seed).isNotEqualTo(launcherThread)
          .isEqualTo(events.get(printed).thread()).isEqualTo(finish.thread());
      assertThat(suiteStarted).as(seed).isLessThan(started);
      assertThat(started).as(seed).isLessThan(printed);
      assertThat(printed).as(seed).isLessThan(finished);
      assertThat(events.subList(printed + 1, finished)).as("between %s's line and its finish", seed)
          .noneMatch(e -> e.what().equals("finish"));
      assertThat(finished).as(seed).isLessThan(verdictStarted);
      // The test spans the rollout, so it lasts at least the task app's latency.
      assertThat(finish.nanos() - start.nanos()).as(seed)
          .isGreaterThanOrEqualTo(LATENCY_MS * 1_000_000);
    }
    // Seeds overlap: the second starts before the first finishes.
    assertThat(index(events, "start", "seed 1")).isLessThan(index(events, "finish", "seed 0"));
    assertThat(verdictStarted).isLessThan(index(events, "finish", "suite verdict"));
    assertThat(index(events, "finish", "suite verdict")).isLessThan(suiteFinished);
    assertThat(events.get(suiteStarted).thread()).isEqualTo(launcherThread);
    assertThat(events.get(verdictStarted).thread()).isEqualTo(launcherThread);
  }

  private static int index(List<Happened> events, String what, String test) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).what().equals(what) && events.get(i).test().equals(test)) {
        return i;
      }
    }
    throw new AssertionError("no " + what + " of " + test + " in " + events);
  }
}
