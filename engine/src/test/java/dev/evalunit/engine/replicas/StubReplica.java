package dev.evalunit.engine.replicas;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One task-app replica for tests: a JDK HTTP server on 127.0.0.1 that answers {@code GET /} and
 * {@code POST /rollout} (score 1) after a fixed latency, counts the rollouts it answered, and can
 * be taken down (its port then refuses connections).
 */
final class StubReplica implements AutoCloseable {

  private static final byte[] REPLY = ("{\"run_id\":\"r\",\"metrics\":{\"mean_return\":1.0,"
      + "\"outcome_score\":1.0,\"episode_returns\":[1.0],\"num_steps\":1,\"num_episodes\":1,"
      + "\"details\":{}}}").getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private volatile boolean down;

  StubReplica(long latencyMs) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", exchange -> {
      if (down) {
        exchange.close();
        return;
      }
      if (exchange.getRequestURI().getPath().equals("/rollout")) {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
          Thread.sleep(latencyMs);
          exchange.getRequestBody().readAllBytes();
          reply(exchange, REPLY);
          answered.incrementAndGet();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          inFlight.decrementAndGet();
        }
      } else {
        reply(exchange, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
      }
    });
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "stub-replica");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
  }

  private static void reply(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int answered() {
    return answered.get();
  }

  int mostInFlight() {
    return mostInFlight.get();
  }

  /** Takes the replica down: calls in flight are cut, new connections are refused. */
  void takeDown() {
    down = true;
    server.stop(0);
  }

  @Override
  public void close() {
    if (!down) {
      takeDown();
    }
  }
}
