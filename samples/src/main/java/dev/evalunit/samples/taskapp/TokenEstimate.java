package dev.evalunit.samples.taskapp;

/**
 * Token counts for policies that call no model: about four characters per token, the usual rule
 * of thumb for English text with GPT-style tokenizers. Deterministic, so baseline runs are
 * reproducible to the token.
 */
final class TokenEstimate {

  private static final int CHARS_PER_TOKEN = 4;

  private TokenEstimate() {}

  static long of(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return Math.max(1, (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
  }
}
