package dev.evalunit.engine.client;

import java.time.Duration;

/**
 * How much of a task app's reply the engine is willing to read, so that a hostile or broken
 * server cannot grow the JVM without end: the most bytes of one response body
 * ({@code response.maxBytes}) and the longest pause between two reads of it
 * ({@code timeout.readIdle}, zero for none: the rollout timeout still bounds the call).
 *
 * <pre>{@code
 * ResponseLimits limits = new ResponseLimits(64L << 20, Duration.ofSeconds(60));
 * }</pre>
 *
 * @param maxBytes the largest response body read, in bytes; a larger one ends the call
 * @param readIdle the longest wait for the next bytes of a response, or zero for no limit
 */
public record ResponseLimits(long maxBytes, Duration readIdle) {

  /** 64 MiB: far above any real rollout reply, far below what would exhaust a heap. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** The defaults: 64 MiB and no read-idle limit. */
  public static final ResponseLimits DEFAULTS = new ResponseLimits(DEFAULT_MAX_BYTES,
      Duration.ZERO);

  public ResponseLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    if (readIdle == null || readIdle.isNegative()) {
      throw new IllegalArgumentException("readIdle must be zero or positive: " + readIdle);
    }
  }

  /** {@code 67108864 bytes (64 MiB)}: the limit as a message states it. */
  public static String describe(long bytes) {
    String unit;
    double value;
    if (bytes >= 1L << 30) {
      unit = "GiB";
      value = bytes / (double) (1L << 30);
    } else if (bytes >= 1L << 20) {
      unit = "MiB";
      value = bytes / (double) (1L << 20);
    } else if (bytes >= 1L << 10) {
      unit = "KiB";
      value = bytes / (double) (1L << 10);
    } else {
      return bytes + " bytes";
    }
    String amount = value == Math.rint(value) ? Long.toString((long) value)
        : String.format(java.util.Locale.ROOT, "%.1f", value);
    return bytes + " bytes (" + amount + " " + unit + ")";
  }
}
