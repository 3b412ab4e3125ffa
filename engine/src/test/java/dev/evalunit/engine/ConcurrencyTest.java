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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Rollouts run in the background up to the configured concurrency, while every seed's start,
 * output and finish happen on the launcher's thread: that is what lets Surefire attribute each
 * seed's {@code <system-out>} to the right testcase.
 */
class ConcurrencyTest {

  private static final int SEEDS = 12;
  private static final int CONCURRENCY = 4;

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
        Thread.sleep(150);
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

  @Test
  void rolloutsOverlapUpToTheLimitWhileEventsAndOutputStayOnTheLauncherThread() {
    Map<String, String> startThread = new ConcurrentHashMap<>();
    Map<String, String> finishThread = new ConcurrentHashMap<>();
    List<String> printed = new CopyOnWriteArrayList<>();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionStarted(TestIdentifier id) {
        startThread.put(id.getDisplayName(), Thread.currentThread().getName());
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        finishThread.put(id.getDisplayName(), Thread.currentThread().getName());
      }
    };
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(PassingSuite.class))
        .configurationParameter("evalunit.taskApp.url", "http://127.0.0.1:"
            + taskApp.getAddress().getPort())
        .configurationParameter("evalunit.seeds", "0.." + (SEEDS - 1))
        .configurationParameter("evalunit.concurrency", Integer.toString(CONCURRENCY))
        .build();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true) {
      @Override
      public void println(String line) {
        printed.add(Thread.currentThread().getName() + "|" + line);
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
    assertThat(startThread).hasSize(SEEDS + 3); // seeds, verdict, suite, engine
    assertThat(startThread.values()).containsOnly(launcherThread);
    assertThat(finishThread.values()).containsOnly(launcherThread);
    assertThat(printed).filteredOn(line -> line.contains("[evalunit] seed "))
        .hasSize(SEEDS)
        .allMatch(line -> line.startsWith(launcherThread + "|"));
  }
}
