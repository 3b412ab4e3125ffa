package dev.evalunit.engine.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile task app on 127.0.0.1 that answers at the socket level, for the replies WireMock
 * cannot send: a close-delimited body cut short, an endless chunked body, a stall mid-body. Each
 * connection reads one request (headers and a {@code Content-Length} body), then hands the
 * socket's output to the handler. Accepts at most {@code maxConnections} connections.
 */
public final class RawHttpServer implements AutoCloseable {

  /** Writes the reply to one request. */
  @FunctionalInterface
  public interface Handler {
    void reply(OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final Thread acceptor;
  private final AtomicInteger requests = new AtomicInteger();

  public RawHttpServer(int maxConnections, Handler handler) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      for (int i = 0; i < maxConnections && !socket.isClosed(); i++) {
        try (Socket client = socket.accept()) {
          client.setSoTimeout(10_000);
          readRequest(client.getInputStream());
          requests.incrementAndGet();
          OutputStream out = client.getOutputStream();
          handler.reply(out);
          out.flush();
        } catch (IOException | InterruptedException e) {
          // the client hung up, or the server is closing
        }
      }
    }, "raw-http-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** How many requests were read. */
  public int requests() {
    return requests.get();
  }

  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended early");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    long length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      }
    }
    in.readNBytes((int) length);
  }

  /** {@code HTTP/1.1 <status>} with the given header lines, then a blank line. */
  public static byte[] head(String status, String... headers) {
    StringBuilder text = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
    for (String header : headers) {
      text.append(header).append("\r\n");
    }
    return text.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
