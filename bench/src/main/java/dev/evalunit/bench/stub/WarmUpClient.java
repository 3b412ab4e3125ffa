package dev.evalunit.bench.stub;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends warm-up rollouts over raw keep-alive sockets. Deliberately not an HTTP client library:
 * the JIT would spend the measurement compiling that client's code (the JDK client's took seconds
 * of C2 time) on the cores the measured JVM needs.
 */
final class WarmUpClient {

  private WarmUpClient() {}

  /** {@code requests} POSTs of {@code body} to {@code /rollout}, spread over {@code connections}. */
  static void run(int port, String body, String extraHeaders, int requests, int connections) {
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    byte[] request = ("POST /rollout HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Content-Type: application/json; charset=utf-8\r\n" + extraHeaders + "\r\n"
        + "Content-Length: " + payload.length + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.UTF_8);
    AtomicInteger remaining = new AtomicInteger(requests);
    List<Thread> threads = new ArrayList<>();
    List<RuntimeException> failures = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread thread = new Thread(() -> {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
          OutputStream out = socket.getOutputStream();
          InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
          while (remaining.getAndDecrement() > 0) {
            out.write(request);
            out.flush();
            readResponse(in);
          }
        } catch (IOException e) {
          synchronized (failures) {
            failures.add(new UncheckedIOException("warm-up request failed", e));
          }
        }
      }, "stub-warm-up-" + i);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  /** Reads one response: the head up to the blank line, then Content-Length bytes of body. */
  private static void readResponse(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    long contentLength = 0;
    boolean ok = false;
    boolean firstLine = true;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("the stub closed the connection");
      }
      if (c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
        continue;
      }
      if (line.length() == 0) {
        break;
      }
      String header = line.toString();
      if (firstLine) {
        ok = header.contains(" 200 ");
        firstLine = false;
      } else if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
        contentLength = Long.parseLong(header.substring(15).trim());
      }
      line.setLength(0);
    }
    for (long skipped = 0; skipped < contentLength; ) {
      long n = in.skip(contentLength - skipped);
      if (n <= 0) {
        if (in.read() < 0) {
          throw new IOException("the stub's reply ended early");
        }
        n = 1;
      }
      skipped += n;
    }
    if (!ok) {
      throw new IOException("the stub did not answer a warm-up rollout with 200");
    }
  }
}
