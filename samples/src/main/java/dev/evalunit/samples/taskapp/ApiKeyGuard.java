package dev.evalunit.samples.taskapp;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the environment key the way synth-ai task apps do: {@code X-API-Key},
 * {@code Authorization: Bearer} or any entry of {@code X-API-Keys} may carry it. Answers never
 * contain the expected or the presented key.
 */
final class ApiKeyGuard {

  private final byte[] expected;

  /** @param expected the server's key, or null when it was started without one */
  ApiKeyGuard(String expected) {
    this.expected = expected == null || expected.isEmpty() ? null
        : expected.getBytes(StandardCharsets.UTF_8);
  }

  /** @throws HttpProblem 503 without a server key, 400 when no presented key matches */
  void check(Headers headers) {
    if (expected == null) {
      throw HttpProblem.missingServerKey();
    }
    List<String> presented = presentedKeys(headers);
    if (presented.isEmpty()) {
      throw HttpProblem.unauthorised(
          "API key missing: send it as X-API-Key or Authorization: Bearer");
    }
    for (String key : presented) {
      // Constant-time comparison, so response timing does not reveal a matching prefix.
      if (MessageDigest.isEqual(expected, key.getBytes(StandardCharsets.UTF_8))) {
        return;
      }
    }
    throw HttpProblem.unauthorised("API key invalid");
  }

  private static List<String> presentedKeys(Headers headers) {
    List<String> keys = new ArrayList<>();
    String single = headers.getFirst("X-API-Key");
    if (single != null && !single.isBlank()) {
      keys.add(single.trim());
    }
    String authorization = headers.getFirst("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      keys.add(authorization.substring(7).trim());
    }
    String several = headers.getFirst("X-API-Keys");
    if (several != null) {
      for (String key : several.split(",")) {
        if (!key.isBlank()) {
          keys.add(key.trim());
        }
      }
    }
    return keys;
  }
}
