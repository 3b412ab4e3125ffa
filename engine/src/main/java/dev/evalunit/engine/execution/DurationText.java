package dev.evalunit.engine.execution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Durations in messages, in the form settings are written: {@code 500ms}, {@code 30s},
 * {@code 1m30s}, {@code 2h}, {@code 31.2s}.
 */
final class DurationText {

  private DurationText() {}

  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    long hours = millis / 3_600_000;
    long minutes = millis % 3_600_000 / 60_000;
    BigDecimal seconds = BigDecimal.valueOf(millis % 60_000, 3).setScale(1, RoundingMode.DOWN)
        .stripTrailingZeros();
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (seconds.signum() > 0) {
      text.append(seconds.toPlainString()).append('s');
    }
    return text.toString();
  }
}
