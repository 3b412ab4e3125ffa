package dev.evalunit.engine.client;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.config.Secret;
import dev.evalunit.engine.config.SecretRedactor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Speaks the task-app protocol over one shared {@link OkHttpClient}: sends the key headers,
 * posts rollouts, reads replies leniently, and turns every failure into a
 * {@link TaskAppException} whose message carries the status and a body excerpt, never the key.
 */
public final class TaskAppClient {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final int EXCERPT_CHARS = 300;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final OkHttpClient http;
  private final HttpUrl base;
  private final Secret apiKey;
  private final SecretRedactor redactor;
  private final ObjectMapper json;
  private final Duration rolloutTimeout;
  private final ResponseLimits limits;

  /**
   * @param http the engine's shared client (pool and dispatcher); timeouts are set per suite
   * @param baseUrl the task app's base URL
   * @param apiKey the environment key, or null to send none
   * @param rolloutTimeout the longest one rollout call may take
   */
  public TaskAppClient(OkHttpClient http, String baseUrl, Secret apiKey, Duration connectTimeout,
      Duration rolloutTimeout, ObjectMapper json) {
    this(http, baseUrl, apiKey, connectTimeout, rolloutTimeout, json, SecretRedactor.NONE);
  }

  /**
   * Like the other constructor, and also replaces the suite's other secrets (policy-config keys
   * and tokens) wherever a reply echoes them: in error messages and in the parsed body, trace
   * included, before anything reads it.
   */
  public TaskAppClient(OkHttpClient http, String baseUrl, Secret apiKey, Duration connectTimeout,
      Duration rolloutTimeout, ObjectMapper json, SecretRedactor redactor) {
    this(http, baseUrl, apiKey, connectTimeout, rolloutTimeout, json, redactor,
        ResponseLimits.DEFAULTS);
  }

  /**
   * Like the other constructors, reading replies within {@code limits}: a body larger than
   * {@code limits.maxBytes()} ends the call as an error naming the limit, and with a positive
   * {@code limits.readIdle()} a reply that stops sending for that long fails as a transport
   * error.
   */
  public TaskAppClient(OkHttpClient http, String baseUrl, Secret apiKey, Duration connectTimeout,
      Duration rolloutTimeout, ObjectMapper json, SecretRedactor redactor,
      ResponseLimits limits) {
    this.redactor = redactor;
    this.limits = limits;
    HttpUrl parsed = HttpUrl.parse(baseUrl);
    if (parsed == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
    }
    this.base = parsed;
    this.apiKey = apiKey;
    this.json = json;
    this.rolloutTimeout = rolloutTimeout;
    this.http = http.newBuilder()
        .connectTimeout(connectTimeout)
        .callTimeout(rolloutTimeout)
        // The call timeout bounds a rollout. A read timeout puts every socket read through
        // okio's global timeout list (a locked, sorted list), the costliest step of a rollout
        // when many are in flight: so only when timeout.readIdle asks for one.
        .readTimeout(limits.readIdle())
        .writeTimeout(Duration.ZERO)
        // A redirect would carry the key headers (and, for 307/308, the body) to wherever the
        // Location points; the configured origin is the only one that gets them.
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  /** The base URL, with any {@code user:password@} shown as {@code ***@}. */
  public String baseUrl() {
    return origin();
  }

  /** {@code POST /rollout}: the reply, or a TaskAppException naming what went wrong. */
  public RolloutReply rollout(ObjectNode request) {
    return rollout(request, null);
  }

  /**
   * {@code POST /rollout} within {@code timeout}: a retried rollout gives each attempt what is
   * left of its {@code timeout.rollout}. On expiry the call fails as a transport error.
   *
   * @param timeout the longest this call may take, or null for the client's rollout timeout
   */
  public RolloutReply rollout(ObjectNode request, Duration timeout) {
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(request);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot serialise the rollout request", e);
    }
    Request call = authorised(new Request.Builder().url(endpoint("rollout")))
        .post(RequestBody.create(payload, JSON))
        .build();
    String label = "POST /rollout";
    Call pending = http.newCall(call);
    // Rounded up: what is left of a 700 ms budget a few microseconds later still reads 700 ms.
    long limitMs = timeout == null ? rolloutTimeout.toMillis()
        : Math.max(1, (timeout.toNanos() + 999_999) / 1_000_000);
    pending.timeout().timeout(limitMs, TimeUnit.MILLISECONDS);
    boolean traceRequested = request.path("record").path("return_trace").asBoolean(false);
    try (Response response = pending.execute()) {
      ResponseBody body = response.body();
      if (response.isRedirect()) {
        throw redirected(label, response);
      }
      if (!response.isSuccessful()) {
        throw new TaskAppException(TaskAppException.Kind.HTTP, response.code(),
            label + " returned HTTP " + response.code() + ": " + excerpt(body)
                + missingKeyHint(response.code()),
            response.header("Retry-After"), null);
      }
      JsonNode tree;
      try (InputStream in = BoundedBody.open(body, limits.maxBytes())) {
        tree = json.readTree(in);
      } catch (JsonEOFException e) {
        if (BoundedBody.closeDelimited(response)) {
          // Framed by the connection closing: an early end is a cut connection, not a reply.
          throw new TaskAppException(TaskAppException.Kind.TRANSPORT, 0, label + " to " + origin()
              + " failed: the connection closed in the middle of the JSON body (no"
              + " Content-Length, so the body was cut short)", null, null);
        }
        throw notJson(label, response, e);
      } catch (JacksonException e) {
        throw notJson(label, response, e);
      }
      try {
        return RolloutResponseReader.read(redactor.redact(tree), label, traceRequested);
      } catch (TaskAppException e) {
        // The reader names the keys it found; a server may have used the key as one.
        throw new TaskAppException(e.kind(), e.status(), redact(e.getMessage()),
            e.retryAfter(), null);
      }
    } catch (BoundedBody.TooLarge e) {
      // Not retried: the same request would draw the same oversized reply.
      throw new TaskAppException(TaskAppException.Kind.PROTOCOL, 200, label + " returned a body"
          + " larger than " + ResponseLimits.describe(e.limit) + " (" + MAX_BYTES_SETTING
          + "); the rest was not read", null, null);
    } catch (IOException e) {
      String what;
      if (e instanceof java.net.SocketTimeoutException && !limits.readIdle().isZero()) {
        what = " received nothing for " + limits.readIdle().toMillis()
            + " ms while reading (timeout.readIdle)";
      } else if (isTimeout(e)) {
        what = " timed out after " + limitMs + " ms (timeout.rollout)";
      } else {
        what = " failed: " + describe(e);
      }
      throw new TaskAppException(TaskAppException.Kind.TRANSPORT, 0, label + " to " + origin()
          + what, null, e);
    }
  }

  /** The setting that raises the response size limit. */
  static final String MAX_BYTES_SETTING = "evalunit.response.maxBytes";

  private TaskAppException notJson(String label, Response response, JacksonException e) {
    // No cause: the parser's own message quotes the offending token, which may be the key.
    return new TaskAppException(TaskAppException.Kind.PROTOCOL, response.code(),
        label + " returned " + response.code() + " with a body that is not JSON: "
            + redact(e.getOriginalMessage()), null, null);
  }

  private TaskAppException redirected(String label, Response response) {
    String location = response.header("Location");
    HttpUrl target = location == null ? null : response.request().url().resolve(location);
    boolean sameOrigin = target != null && target.scheme().equals(base.scheme())
        && target.host().equals(base.host()) && target.port() == base.port();
    return new TaskAppException(TaskAppException.Kind.HTTP, response.code(), label
        + " returned HTTP " + response.code() + " redirecting to "
        + (location == null ? "(no Location)" : redact(SecretRedactor.maskUrlCredentials(
            target == null ? location : target.toString())))
        + (sameOrigin ? "" : ", another origin than " + origin())
        + "; redirects are not followed, so neither the key nor the request leaves "
        + origin() + " (set taskApp.url to the address that serves /rollout)", null, null);
  }

  /** The base URL as messages show it: credentials masked. */
  private String origin() {
    return SecretRedactor.maskUrlCredentials(base.toString());
  }

  /**
   * Asks a task app the engine did not start whether it is there, before the first rollout:
   * {@code GET /} (liveness, no key; any HTTP answer counts) or, with {@code health},
   * {@code GET /health} with the key, which must answer 200.
   *
   * @return empty when it is there, else what happened (endpoint, status or transport error)
   */
  public Optional<String> unready(boolean health) {
    Request.Builder builder = new Request.Builder().url(health ? endpoint("health") : base).get();
    Request call = (health ? authorised(builder) : builder).build();
    String label = health ? "GET /health" : "GET /";
    try (Response response = http.newBuilder().callTimeout(PROBE_TIMEOUT).build()
        .newCall(call).execute()) {
      if (!health || response.code() == 200) {
        return Optional.empty();
      }
      return Optional.of(label + " returned HTTP " + response.code() + ": "
          + excerpt(response.body()) + missingKeyHint(response.code()));
    } catch (IOException e) {
      return Optional.of(label + " failed: " + redact(describe(e)));
    }
  }

  /**
   * {@code GET /task_info} without a seed, with the key: the taskset the app describes (the
   * {@code taskset} member of the reply, else the whole reply), read within the response limits.
   *
   * @throws TaskAppException naming {@code GET <url>/task_info} and what went wrong: a transport
   *     error, an HTTP status with an excerpt of the body, or a body that is not a JSON object
   */
  public JsonNode taskset() {
    HttpUrl url = endpoint("task_info");
    String label = "GET " + SecretRedactor.maskUrlCredentials(url.toString());
    Request call = authorised(new Request.Builder().url(url)).get().build();
    try (Response response = http.newBuilder().callTimeout(PROBE_TIMEOUT).build()
        .newCall(call).execute()) {
      if (!response.isSuccessful() || response.isRedirect()) {
        throw new TaskAppException(TaskAppException.Kind.HTTP, response.code(), label
            + " returned HTTP " + response.code() + ": " + excerpt(response.body())
            + missingKeyHint(response.code()), null, null);
      }
      JsonNode tree;
      try (InputStream in = BoundedBody.open(response.body(), limits.maxBytes())) {
        tree = json.readTree(in);
      } catch (JacksonException e) {
        throw new TaskAppException(TaskAppException.Kind.PROTOCOL, response.code(), label
            + " returned a body that is not JSON: " + redact(e.getOriginalMessage()), null, null);
      }
      if (tree == null || !tree.isObject()) {
        throw new TaskAppException(TaskAppException.Kind.PROTOCOL, response.code(), label
            + " returned " + (tree == null ? "an empty body" : "a JSON " + tree.getNodeType()
                .name().toLowerCase(java.util.Locale.ROOT)) + ", expected an object with a "
            + "\"taskset\"", null, null);
      }
      JsonNode taskset = tree.get("taskset");
      return redactor.redact(taskset != null && taskset.isObject() ? taskset : tree);
    } catch (BoundedBody.TooLarge e) {
      throw new TaskAppException(TaskAppException.Kind.PROTOCOL, 200, label + " returned a body"
          + " larger than " + ResponseLimits.describe(e.limit) + " (" + MAX_BYTES_SETTING + ")",
          null, null);
    } catch (IOException e) {
      throw new TaskAppException(TaskAppException.Kind.TRANSPORT, 0, label + " failed: "
          + redact(describe(e)), null, e);
    }
  }

  /**
   * What a newcomer needs after a 400/401/403 when no key was configured: that none was, and
   * the two ways to set one. Empty otherwise.
   */
  private String missingKeyHint(int status) {
    boolean noKey = apiKey == null || apiKey.value().isEmpty();
    if (!noKey || (status != 400 && status != 401 && status != 403)) {
      return "";
    }
    return ". No task app key is configured: set the environment variable ENVIRONMENT_API_KEY"
        + " or the setting evalunit.taskApp.apiKey (-Devalunit.taskApp.apiKey=... or"
        + " junit-platform.properties)";
  }

  /** {@code GET /health} with the key: true on 200. Transport errors count as not healthy. */
  public boolean healthy() {
    Request call = authorised(new Request.Builder().url(endpoint("health"))).get().build();
    try (Response response = http.newBuilder().callTimeout(Duration.ofSeconds(5)).build()
        .newCall(call).execute()) {
      return response.code() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private HttpUrl endpoint(String path) {
    return base.newBuilder().addPathSegments(path).build();
  }

  private Request.Builder authorised(Request.Builder builder) {
    if (apiKey != null) {
      builder.header("X-API-Key", apiKey.value())
          .header("Authorization", "Bearer " + apiKey.value())
          .header("X-API-Keys", apiKey.value());
    }
    return builder;
  }

  private String excerpt(ResponseBody body) {
    if (body == null) {
      return "(no body)";
    }
    try {
      BufferedSource source = body.source();
      long limit = EXCERPT_CHARS * 4L;
      source.request(limit);
      String text = source.getBuffer()
          .readString(Math.min(limit, source.getBuffer().size()), StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        return "(empty body)";
      }
      // Mask before cutting: a key straddling the cut would otherwise survive as a prefix.
      text = redact(text);
      return text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "..." : text;
    } catch (IOException e) {
      return "(body unreadable: " + describe(e) + ")";
    }
  }

  private static boolean isTimeout(IOException e) {
    return e instanceof java.io.InterruptedIOException && !(e instanceof java.net.ConnectException)
        && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timeout");
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** A server may echo the key it was sent; never let it into a message. */
  private String redact(String text) {
    if (text == null || apiKey == null || apiKey.value().isEmpty()) {
      return redactor.redact(text);
    }
    return redactor.redact(text.replace(apiKey.value(), Secret.MASK));
  }
}
