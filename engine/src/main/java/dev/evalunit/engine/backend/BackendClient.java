package dev.evalunit.engine.backend;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.backend.BackendException.Kind;
import dev.evalunit.engine.config.Secret;
import dev.evalunit.engine.config.SecretRedactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The eval backend's HTTP API (protocol spec, "Backend mode"): create a job, read its status,
 * its results and its trace archive, and cancel it. Every failure is a
 * {@link BackendException} whose message never contains the key.
 *
 * <pre>{@code
 * BackendClient backend = new BackendClient(http, endpoint, json);
 * String id = backend.create(request);          // POST {base}/eval/jobs
 * JsonNode status = backend.status(id);         // GET  {base}/eval/jobs/{id}
 * JsonNode results = backend.results(id);       // GET  {base}/eval/jobs/{id}/results
 * backend.downloadTraces(id, file);             // GET  {base}/eval/jobs/{id}/traces
 * backend.cancel(id);                           // POST {base}/eval/jobs/{id}/cancel
 * }</pre>
 */
public final class BackendClient {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final int EXCERPT_CHARS = 300;

  private final OkHttpClient http;
  private final BackendEndpoint endpoint;
  private final ObjectMapper json;
  private final List<Secret> alsoMasked;

  /**
   * @param alsoMasked other secrets the backend may echo (the task app key sent in the job)
   */
  public BackendClient(OkHttpClient http, BackendEndpoint endpoint, ObjectMapper json,
      Secret... alsoMasked) {
    this.http = http.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(60))
        .callTimeout(Duration.ofMinutes(5))
        // The key header goes to the configured backend only, never to a Location.
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    this.endpoint = endpoint;
    this.json = json;
    this.alsoMasked = Arrays.asList(alsoMasked);
  }

  public BackendEndpoint endpoint() {
    return endpoint;
  }

  /** Creates the eval job; its id. */
  public String create(ObjectNode request) {
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(request);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot serialise the eval job request", e);
    }
    JsonNode answer = call("POST /eval/jobs", new Request.Builder().url(endpoint.jobs())
        .post(RequestBody.create(payload, JSON)));
    JsonNode id = answer.get("job_id");
    if (id == null || !id.isValueNode() || id.asText().isBlank()) {
      throw new BackendException(Kind.PROTOCOL, 200, "POST /eval/jobs answered without a "
          + "\"job_id\": " + excerpt(answer.toString()), null);
    }
    return id.asText();
  }

  /** The job's status object ({@code status}, maybe {@code results.completed/total}). */
  public JsonNode status(String jobId) {
    return call("GET /eval/jobs/" + jobId, new Request.Builder().url(endpoint.jobs(jobId)).get());
  }

  /** The job's results object ({@code summary}, {@code results[]}). */
  public JsonNode results(String jobId) {
    return call("GET /eval/jobs/" + jobId + "/results",
        new Request.Builder().url(endpoint.jobs(jobId, "results")).get());
  }

  /** Streams the job's trace archive to {@code file}, at most {@link TraceArchive#MAX_BYTES}. */
  public void downloadTraces(String jobId, Path file) {
    downloadTraces(jobId, file, TraceArchive.MAX_BYTES);
  }

  /**
   * Streams the job's trace archive to {@code file}; an archive larger than {@code maxBytes}
   * is not read further and nothing of it is kept.
   *
   * @throws BackendException of kind PROTOCOL naming the cap when the archive is larger
   */
  void downloadTraces(String jobId, Path file, long maxBytes) {
    String label = "GET /eval/jobs/" + jobId + "/traces";
    Request request = authorised(new Request.Builder().url(endpoint.jobs(jobId, "traces")))
        .get().build();
    boolean complete = false;
    try (Response response = http.newCall(request).execute()) {
      failUnlessSuccessful(label, response);
      ResponseBody body = response.body();
      if (body.contentLength() > maxBytes) {
        throw tooLarge(label, maxBytes);
      }
      try (InputStream in = body.byteStream();
          OutputStream out = Files.newOutputStream(file)) {
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
          total += n;
          if (total > maxBytes) {
            throw tooLarge(label, maxBytes);
          }
          out.write(buffer, 0, n);
        }
      }
      complete = true;
    } catch (IOException e) {
      throw transport(label, e);
    } finally {
      if (!complete) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // the caller deletes its download file again
        }
      }
    }
  }

  private static BackendException tooLarge(String label, long maxBytes) {
    return new BackendException(Kind.PROTOCOL, 200, label + " sent an archive larger than "
        + maxBytes + " bytes; the download was stopped and deleted", null);
  }

  /**
   * Asks the backend to stop the job: {@code POST {base}/eval/jobs/{id}/cancel}, the
   * convention of job APIs; the protocol names no cancel call.
   */
  public void cancel(String jobId) {
    call("POST /eval/jobs/" + jobId + "/cancel", new Request.Builder()
        .url(endpoint.jobs(jobId, "cancel")).post(RequestBody.create(new byte[0], JSON)));
  }

  private JsonNode call(String label, Request.Builder builder) {
    Request request = authorised(builder).build();
    try (Response response = http.newCall(request).execute()) {
      failUnlessSuccessful(label, response);
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      if (text.isBlank()) {
        return json.createObjectNode();
      }
      JsonNode tree;
      try {
        tree = json.readTree(text);
      } catch (JacksonException e) {
        throw new BackendException(Kind.PROTOCOL, response.code(), label + " returned "
            + response.code() + " with a body that is not JSON: " + excerpt(text), e);
      }
      if (!tree.isObject()) {
        throw new BackendException(Kind.PROTOCOL, response.code(), label + " returned "
            + response.code() + " with JSON that is not an object: " + excerpt(text), null);
      }
      return tree;
    } catch (IOException e) {
      throw transport(label, e);
    }
  }

  private void failUnlessSuccessful(String label, Response response) throws IOException {
    if (!response.isSuccessful()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      throw new BackendException(Kind.HTTP, response.code(), label + " returned HTTP "
          + response.code() + ": " + (text.isBlank() ? "(empty body)" : excerpt(text)), null);
    }
  }

  private BackendException transport(String label, IOException e) {
    String message = e.getMessage();
    return new BackendException(Kind.TRANSPORT, 0, label + " to "
        + SecretRedactor.maskUrlCredentials(endpoint.base().toString())
        + " failed: " + e.getClass().getSimpleName()
        + (message == null ? "" : ": " + redact(message)), e);
  }

  private Request.Builder authorised(Request.Builder builder) {
    return builder.header("Authorization", "Bearer " + endpoint.apiKey().value());
  }

  private String excerpt(String text) {
    String stripped = text.strip();
    return redact(stripped.length() > EXCERPT_CHARS
        ? stripped.substring(0, EXCERPT_CHARS) + "..." : stripped);
  }

  /** A backend may echo what it was sent; the key never reaches a message. */
  String redact(String text) {
    String key = endpoint.apiKey().value();
    String out = text == null || key.isEmpty() ? text : text.replace(key, Secret.MASK);
    for (Secret secret : alsoMasked) {
      if (out != null && secret != null && !secret.value().isEmpty()) {
        out = out.replace(secret.value(), Secret.MASK);
      }
    }
    return out;
  }
}
