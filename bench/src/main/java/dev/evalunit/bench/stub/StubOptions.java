package dev.evalunit.bench.stub;

import java.time.Duration;

/**
 * How a {@link StubTaskApp} behaves.
 *
 * <pre>{@code
 * new StubOptions(0, Duration.ofMillis(100), 64 * 1024, 2) // any free port, 100 ms, 64 KB traces
 * }</pre>
 *
 * @param port the loopback port to bind, or 0 for any free one
 * @param latency how long each rollout takes before its reply is sent (zero: reply at once)
 * @param traceBytes the approximate size of the trace returned when the request asks for one
 * @param ioThreads event-loop threads; replies are scheduled on them, so no thread waits out the
 *     latency and any number of rollouts may be in flight
 */
public record StubOptions(int port, Duration latency, int traceBytes, int ioThreads) {

  public StubOptions {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, was " + latency);
    }
    if (traceBytes < 0) {
      throw new IllegalArgumentException("traceBytes must not be negative, was " + traceBytes);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
    }
  }

  /** Any free port, no trace padding beyond the minimum, one event loop per core. */
  public static StubOptions withLatency(Duration latency) {
    return new StubOptions(0, latency, 0, Runtime.getRuntime().availableProcessors());
  }

  public StubOptions withTraceBytes(int bytes) {
    return new StubOptions(port, latency, bytes, ioThreads);
  }
}
