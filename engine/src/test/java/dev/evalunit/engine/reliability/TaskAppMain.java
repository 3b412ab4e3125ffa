package dev.evalunit.engine.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny task app run as a real process by the managed-task-app tests (JDK only, so its class
 * path is just the test classes). Arguments: {@code <port> <mode> <n> [<pid file>]}:
 * <ul>
 *   <li>{@code serve <delay ms>}: healthy; each rollout answers score 1 and $0.01 after the
 *       delay;</li>
 *   <li>{@code hang-after <n>}: the first n rollouts answer, later ones never do;</li>
 *   <li>{@code exit <code>}: exits at once with that code;</li>
 *   <li>{@code unhealthy <ignored>}: listens, but {@code GET /health} answers 503 forever.</li>
 * </ul>
 * It logs each step to standard output, which the engine streams to {@code task-app.log}.
 */
public final class TaskAppMain {

  private TaskAppMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String mode = args[1];
    int n = Integer.parseInt(args[2]);
    if (args.length > 3) {
      Files.writeString(Path.of(args[3]), Long.toString(ProcessHandle.current().pid()));
    }
    log("task app starting in mode " + mode + " on port " + port);
    if (mode.equals("exit")) {
      log("failing on purpose with exit code " + n);
      System.exit(n);
    }
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    AtomicInteger rollouts = new AtomicInteger();
    server.createContext("/health", exchange -> {
      if (mode.equals("unhealthy")) {
        log("health check: not ready (503)");
        send(exchange, 503, "{\"healthy\":false}");
      } else {
        send(exchange, 200, "{\"healthy\":true}");
      }
    });
    server.createContext("/rollout", exchange -> {
      exchange.getRequestBody().readAllBytes();
      int number = rollouts.incrementAndGet();
      log("rollout " + number + " started");
      if (mode.equals("hang-after") && number > n) {
        log("rollout " + number + " hangs");
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (mode.equals("serve")) {
        pause(n);
      }
      send(exchange, 200, "{\"metrics\":{\"mean_return\":1.0,\"details\":{\"cost_usd\":0.01}}}");
    });
    server.start();
    log("listening");
  }

  private static void pause(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static synchronized void log(String line) {
    System.out.println("[task-app] " + line);
    System.out.flush();
  }
}
