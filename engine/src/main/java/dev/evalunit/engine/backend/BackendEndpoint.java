package dev.evalunit.engine.backend;

import dev.evalunit.engine.config.Secret;
import okhttp3.HttpUrl;

/**
 * A hosted eval backend: its API base ({@code /api} appended when missing) and the key sent as
 * {@code Authorization: Bearer <key>}.
 *
 * <pre>{@code
 * BackendEndpoint.of("https://api.example.com/", key).base()  // https://api.example.com/api
 * }</pre>
 *
 * @param base the API base, without a trailing slash
 * @param apiKey the backend key; never printed
 */
public record BackendEndpoint(HttpUrl base, Secret apiKey) {

  public static BackendEndpoint of(String url, Secret apiKey) {
    String trimmed = url.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (!trimmed.endsWith("/api")) {
      trimmed = trimmed + "/api";
    }
    HttpUrl parsed = HttpUrl.parse(trimmed);
    if (parsed == null) {
      throw new IllegalArgumentException("the backend URL is not an http(s) URL: " + url);
    }
    return new BackendEndpoint(parsed, apiKey);
  }

  /** {@code base/eval/jobs[/segments...]}. */
  HttpUrl jobs(String... segments) {
    HttpUrl.Builder builder = base.newBuilder().addPathSegment("eval").addPathSegment("jobs");
    for (String segment : segments) {
      builder.addPathSegment(segment);
    }
    return builder.build();
  }

  @Override
  public String toString() {
    return "BackendEndpoint[base=" + base + ", apiKey=" + Secret.MASK + "]";
  }
}
