package dev.evalunit.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.config.SecretRedactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One judge call to {@code POST {baseUrl}/chat/completions}, with bounded retries: 429, 5xx and
 * transport errors are tried again up to {@code maxAttempts} in all, after
 * {@code min(maxBackoff, firstBackoff * 2^(n-1))} scaled by a random factor in [0.5, 1], or the
 * server's {@code Retry-After} capped at {@code maxBackoff}. Other statuses and a reply without
 * {@code choices[0].message.content} end the call at once.
 */
final class ChatCompletions {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int BODY_EXCERPT = 300;
  private static final int MAX_BODY = 1 << 20;

  /** The judge's answer to one call. */
  record Reply(String content, boolean usageReported, long promptTokens, long completionTokens,
      long cachedTokens, int attempts) {}

  /** A call that got no usable answer, with the attempts it made. */
  static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    final int attempts;

    Failed(String message, int attempts, Throwable cause) {
      super(message, cause);
      this.attempts = attempts;
    }
  }

  private final OkHttpClient http;
  private final JudgeConfig config;
  private final HttpUrl url;
  private final SecretRedactor redactor;

  ChatCompletions(OkHttpClient http, JudgeConfig config) {
    this.http = http;
    this.config = config;
    String base = config.baseUrl().endsWith("/") ? config.baseUrl() : config.baseUrl() + "/";
    this.url = HttpUrl.get(base).resolve("chat/completions");
    this.redactor = config.apiKey() == null ? SecretRedactor.NONE
        : SecretRedactor.of(List.of(config.apiKey()));
  }

  /** Where calls go, credentials masked, for messages. */
  String shownUrl() {
    return SecretRedactor.maskUrlCredentials(url.toString());
  }

  Reply complete(String model, List<Map<String, String>> messages) throws Failed {
    byte[] body = body(model, messages);
    String last = null;
    for (int attempt = 1; ; attempt++) {
      Request.Builder request = new Request.Builder().url(url)
          .post(RequestBody.create(body, JSON));
      if (config.apiKey() != null) {
        request.header("Authorization", "Bearer " + config.apiKey());
      }
      String retryAfter = null;
      try (Response response = http.newCall(request.build()).execute()) {
        String text = read(response.body());
        if (response.isSuccessful()) {
          return reply(text, attempt);
        }
        last = "HTTP " + response.code() + ": " + excerpt(text);
        if (response.code() != 429 && response.code() < 500) {
          throw new Failed("the judge endpoint POST " + shownUrl() + " answered " + last
              + " (not retried: only 429, 5xx and transport errors are)", attempt, null);
        }
        retryAfter = response.header("Retry-After");
      } catch (InterruptedIOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new Failed("the judge call to " + shownUrl() + " was interrupted", attempt, e);
        }
        last = "timed out after " + config.timeout() + " (" + e.getMessage() + ")";
      } catch (IOException e) {
        last = "transport error " + e.getClass().getSimpleName() + ": "
            + redactor.redact(e.getMessage());
      }
      if (attempt >= config.maxAttempts()) {
        throw new Failed("the judge endpoint POST " + shownUrl() + " failed " + attempt
            + " time" + (attempt == 1 ? "" : "s") + " (maxAttempts " + config.maxAttempts()
            + "); last: " + last, attempt, null);
      }
      try {
        Thread.sleep(pause(attempt, retryAfter).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failed("interrupted while waiting to retry the judge call to " + shownUrl(),
            attempt, e);
      }
    }
  }

  private byte[] body(String model, List<Map<String, String>> messages) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", model);
    var list = body.putArray("messages");
    for (Map<String, String> message : messages) {
      list.addObject().put("role", message.get("role")).put("content", message.get("content"));
    }
    if (config.temperature() != null) {
      body.put("temperature", config.temperature());
    }
    if (config.jsonResponseFormat()) {
      body.putObject("response_format").put("type", "json_object");
    }
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the judge request", e);
    }
  }

  private Reply reply(String text, int attempts) throws Failed {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (IOException e) {
      throw new Failed("the judge endpoint " + shownUrl() + " answered 200 with a body that is"
          + " not JSON: " + excerpt(text), attempts, null);
    }
    JsonNode content = root == null ? null : root.path("choices").path(0).path("message")
        .path("content");
    if (content == null || !content.isTextual()) {
      throw new Failed("the judge endpoint " + shownUrl() + " answered 200 without"
          + " choices[0].message.content: " + excerpt(text), attempts, null);
    }
    JsonNode usage = root.path("usage");
    boolean reported = usage.path("prompt_tokens").canConvertToLong()
        || usage.path("completion_tokens").canConvertToLong();
    return new Reply(content.textValue(), reported, usage.path("prompt_tokens").asLong(0),
        usage.path("completion_tokens").asLong(0),
        usage.path("prompt_tokens_details").path("cached_tokens").asLong(0), attempts);
  }

  private Duration pause(int attempt, String retryAfter) {
    Duration max = config.maxBackoff();
    Duration asked = retryAfter(retryAfter);
    if (asked != null) {
      return asked.compareTo(max) > 0 ? max : asked;
    }
    long ceiling = config.firstBackoff().toMillis();
    for (int i = 1; i < attempt && ceiling < max.toMillis(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, max.toMillis());
    return Duration.ofMillis((long) (ceiling * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
  }

  /** {@code Retry-After} as seconds or an HTTP date, or null. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.strip());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Duration wait = Duration.between(java.time.Instant.now(),
            ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /** The body as text, at most {@link #MAX_BODY} bytes of it (a judge's reply is small). */
  private static String read(ResponseBody body) throws IOException {
    if (body == null) {
      return "";
    }
    byte[] bytes = body.byteStream().readNBytes(MAX_BODY + 1);
    int kept = Math.min(bytes.length, MAX_BODY);
    return new String(bytes, 0, kept, java.nio.charset.StandardCharsets.UTF_8)
        + (bytes.length > MAX_BODY ? "... (cut at " + MAX_BODY + " bytes)" : "");
  }

  String excerpt(String text) {
    return Texts.quote(redactor.redact(text), BODY_EXCERPT);
  }
}
