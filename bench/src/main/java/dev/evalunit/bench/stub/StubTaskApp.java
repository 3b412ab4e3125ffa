package dev.evalunit.bench.stub;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A task app that does no work: {@code POST /rollout} answers a valid synth-ai 0.4.4 response
 * ({@code metrics.mean_return}, and a v3 trace of the configured size when
 * {@code record.return_trace} is true) after a fixed latency. Binds to loopback only.
 *
 * <pre>{@code
 * try (StubTaskApp app = StubTaskApp.start(StubOptions.withLatency(Duration.ofMillis(100)))) {
 *   String url = app.url(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>Netty rather than the JDK's {@code HttpServer}: one event loop per core parses, schedules
 * and writes without a thread per request, so 64 rollouts waiting out their latency hold only
 * timer entries, and in a zero-latency run the stub stays far cheaper than the client under test.
 *
 * <p>Standalone, for trying it with curl or wrk:
 * {@code java -cp <bench class path> dev.evalunit.bench.stub.StubTaskApp [port] [latencyMs]
 * [traceBytes]}.
 */
public final class StubTaskApp implements AutoCloseable {

  private final EventLoopGroup group;
  private final Channel server;
  private final LongAdder rollouts;
  private final StubResponses responses;
  private final StubHandler handler;
  private final Duration latency;

  private StubTaskApp(EventLoopGroup group, Channel server, LongAdder rollouts,
      StubResponses responses, StubHandler handler, Duration latency) {
    this.group = group;
    this.latency = latency;
    this.server = server;
    this.rollouts = rollouts;
    this.responses = responses;
    this.handler = handler;
  }

  /** Binds and starts serving; the port is {@link #port()}. */
  public static StubTaskApp start(StubOptions options) {
    LongAdder rollouts = new LongAdder();
    StubResponses responses = new StubResponses(options.traceBytes());
    StubHandler handler = new StubHandler(options.latency().toNanos(), responses, rollouts);
    EventLoopGroup group = new NioEventLoopGroup(options.ioThreads());
    try {
      Channel server = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
              channel.pipeline()
                  .addLast(new HttpServerCodec())
                  .addLast(new HttpObjectAggregator(8 * 1024 * 1024))
                  .addLast(handler);
            }
          })
          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()))
          .sync()
          .channel();
      return new StubTaskApp(group, server, rollouts, responses, handler, options.latency());
    } catch (InterruptedException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the stub task app", e);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** The latency every rollout waits out. */
  public Duration latency() {
    return latency;
  }

  /** How many {@code POST /rollout} requests were accepted so far. */
  public long rolloutsServed() {
    return rollouts.sum();
  }

  /**
   * Sends {@code requests} rollouts of {@code body} through {@code connections} connections,
   * with the headers OkHttp sends and the stub's own latency, so that the stub's code is compiled
   * for the traffic it will see before a measurement starts: a cold stub answers its first
   * requests several times slower, and its JIT compiles on the cores the measured JVM needs.
   * (With C2, the stub kept recompiling its hottest methods during the measurement even after
   * this; the benchmark runs it with C1 only, see bench/pom.xml.)
   */
  public void warmUp(String body, int requests, int connections) {
    WarmUpClient.run(port(), body,
        "Connection: Keep-Alive\r\nAccept-Encoding: gzip\r\nUser-Agent: okhttp/4.12.0",
        requests, connections);
    awaitCompilerIdle();
    rollouts.reset();
    handler.resetMaxInFlight();
  }

  /**
   * Waits (at most 10 s) until the JIT compiler has been idle for half a second: compilations
   * queued by the warm-up would otherwise run during the measurement, on the same two cores.
   */
  private static void awaitCompilerIdle() {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long last = -1;
    while (System.nanoTime() < deadline) {
      long total = compiler.getTotalCompilationTime();
      if (total == last) {
        return;
      }
      last = total;
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The most rollouts in flight at once so far: with a latency, how much concurrency the client
   * really achieved.
   */
  public int maxInFlight() {
    return handler.maxInFlight();
  }

  /** The size in bytes of the trace sent when one is requested. */
  public int traceSize() {
    return responses.traceSize();
  }

  /** The tokens the returned trace reports in total (what the engine should read per seed). */
  public long traceTokens() {
    return (long) responses.traceEvents() * StubResponses.TOKENS_PER_EVENT;
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8765;
    long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 0;
    int traceBytes = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    StubOptions options = new StubOptions(port, Duration.ofMillis(latencyMs), traceBytes,
        Runtime.getRuntime().availableProcessors());
    StubTaskApp app = start(options);
    System.out.println("stub task app on " + app.url() + " (latency " + latencyMs
        + " ms, trace " + app.traceSize() + " bytes); Ctrl-C stops it");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }));
    stopped.await();
  }
}
