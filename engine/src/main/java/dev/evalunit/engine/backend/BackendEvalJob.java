package dev.evalunit.engine.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.backend.BackendException.Kind;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.results.SeedResult.Status;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One variant of a suite run as one eval job on the hosted backend: create the job, poll its
 * status with a growing pause until it is {@code completed}, {@code failed} or
 * {@code cancelled} (any other status counts as pending), fetch the results, and unpack the
 * traces. {@link #run()} never throws: every seed gets a {@link SeedResult}, so tests,
 * {@code results.jsonl}, reports and thresholds work as in direct mode.
 *
 * <p>When the run is interrupted (the engine stops the suite, or the JVM shuts down while the
 * job is under way) the job is cancelled with {@code POST {base}/eval/jobs/{id}/cancel} so the
 * backend stops spending; its seeds are reported as not run.
 *
 * <pre>{@code
 * Map<String, SeedResult> bySeedKey = new BackendEvalJob(client, options, request, variant,
 *     seeds, variantDir, true, "Banking77Eval", Console::println).run();
 * }</pre>
 */
public final class BackendEvalJob {

  /** Statuses after which a job changes no more. */
  static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");
  /** Status polls that may fail in a row (5xx, 429, transport) before the job is given up. */
  static final int MAX_FAILED_POLLS = 10;

  private final BackendClient client;
  private final BackendOptions options;
  private final ObjectNode request;
  private final Variant variant;
  private final List<SeedSpec> seeds;
  private final Path variantDir;
  private final boolean traces;
  private final String label;
  private final Consumer<String> log;
  /** The job under way, for {@link #cancelOnShutdown()}; null before it is created and after. */
  private volatile String runningJob;

  /**
   * @param request the job request, see {@link #request}
   * @param variantDir where the variant's traces go ({@code traces/} below it)
   * @param traces whether to download the trace archive
   * @param label the suite (and variant) for log lines and messages
   * @param log where status lines go (the build console in the engine)
   */
  public BackendEvalJob(BackendClient client, BackendOptions options, ObjectNode request,
      Variant variant, List<SeedSpec> seeds, Path variantDir, boolean traces, String label,
      Consumer<String> log) {
    this.client = client;
    this.options = options;
    this.request = request;
    this.variant = variant;
    this.seeds = List.copyOf(seeds);
    this.variantDir = variantDir;
    this.traces = traces;
    this.label = label;
    this.log = log;
  }

  /**
   * The body of {@code POST {base}/eval/jobs} for a variant's seeds: the task app the backend
   * calls, the seeds, and the variant's policy config with {@code policy_name}.
   */
  public static ObjectNode request(ObjectMapper json, SuiteConfig config, Variant variant,
      List<SeedSpec> seeds, String taskAppUrl) {
    ObjectNode body = json.createObjectNode();
    body.put("task_app_url", taskAppUrl);
    body.put("task_app_api_key", config.taskApp().apiKey() == null ? null
        : config.taskApp().apiKey().value());
    body.put("app_id", config.rollout().appId());
    body.put("env_name", config.rollout().envName());
    ArrayNode seedArray = body.putArray("seeds");
    seeds.forEach(s -> seedArray.add(s.seed()));
    Map<String, Object> policy = new LinkedHashMap<>(config.rollout().policyConfig());
    policy.putAll(variant.policyConfig());
    ObjectNode policyNode = json.valueToTree(policy);
    policyNode.put("policy_name", config.rollout().policyName());
    body.set("policy", policyNode);
    body.set("env_config", json.valueToTree(config.rollout().envConfig()));
    body.put("mode", config.rollout().mode());
    body.put("max_concurrent", config.concurrency());
    body.put("timeout", config.timeouts().rollout().toSeconds());
    return body;
  }

  /** Runs the job to its end; one result per seed, keyed by {@link SeedSpec#key()}. */
  public Map<String, SeedResult> run() {
    Instant started = Instant.now();
    String jobId = null;
    try {
      jobId = client.create(request);
      log.accept("[evalunit] backend eval job " + jobId + " created for " + label + " ("
          + seeds.size() + " seeds)");
      String id = jobId;
      runningJob = jobId;
      JsonNode status = awaitEnd(jobId);
      String state = statusOf(status);
      log.accept("[evalunit] backend eval job " + jobId + " " + state);
      if (state.equals("failed")) {
        String error = status.hasNonNull("error") ? client.redact(status.get("error").asText())
            : "no reason given";
        return all(started, Status.ERRORED, new ErrorInfo("backend_job_failed",
            "the backend eval job " + jobId + " for " + label + " failed: " + error));
      }
      Map<String, SeedResult> results = BackendResults.map(client.results(jobId), jobId,
          variant, seeds, started, Instant.now(), seed -> missing(seed, id, state, started));
      return traces ? withTraces(jobId, results) : results;
    } catch (InterruptedException e) {
      return interrupted(jobId, started);
    } catch (BackendException e) {
      if (isInterruption(e)) {
        return interrupted(jobId, started);
      }
      return all(started, Status.ERRORED, new ErrorInfo(e.type(), label + ": " + e.getMessage()));
    } catch (RuntimeException e) {
      return all(started, Status.ERRORED, new ErrorInfo("internal", label + ": "
          + client.redact(String.valueOf(e))));
    } finally {
      runningJob = null;
    }
  }

  /**
   * Cancels the job under way, if any, because the JVM is shutting down. Called by the run's one
   * shutdown hook (the engine tracks this job with {@code RunControl} while it runs); the job
   * registers no hook of its own.
   */
  public void cancelOnShutdown() {
    String id = runningJob;
    if (id != null) {
      cancelQuietly(id, "the JVM is shutting down");
    }
  }

  /** Polls until the job is over, pausing a little longer each time. */
  private JsonNode awaitEnd(String jobId) throws InterruptedException {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    Duration pause = options.pollInterval();
    int failedPolls = 0;
    String lastSeen = null;
    while (true) {
      Thread.sleep(Math.max(1, pause.toMillis()));
      try {
        JsonNode status = client.status(jobId);
        failedPolls = 0;
        String state = statusOf(status);
        if (TERMINAL.contains(state)) {
          return status;
        }
        String seen = state + progress(status);
        if (!seen.equals(lastSeen)) {
          log.accept("[evalunit] backend eval job " + jobId + ": " + seen);
          lastSeen = seen;
        }
      } catch (BackendException e) {
        if (isInterruption(e)) {
          throw e;
        }
        failedPolls++;
        if (!e.isTransient() || failedPolls >= MAX_FAILED_POLLS) {
          cancelQuietly(jobId, "its status could not be read");
          throw new BackendException(e.kind(), e.status(), "gave up on backend eval job "
              + jobId + " after " + failedPolls + " failed status poll"
              + (failedPolls == 1 ? "" : "s") + ": " + e.getMessage(), e);
        }
        log.accept("[evalunit] backend eval job " + jobId + ": status poll failed ("
            + e.getMessage() + "); polling again");
      }
      if (System.nanoTime() > deadline) {
        cancelQuietly(jobId, "it ran longer than " + options.timeout());
        throw new BackendException(Kind.PROTOCOL, 0, "backend eval job " + jobId
            + " did not finish within " + human(options.timeout()) + " ("
            + BackendOptions.TIMEOUT + "); it was cancelled", null);
      }
      long next = Math.min((long) (pause.toMillis() * 1.5) + 1,
          options.maxPollInterval().toMillis());
      pause = Duration.ofMillis(next);
    }
  }

  private Map<String, SeedResult> withTraces(String jobId, Map<String, SeedResult> results) {
    Path zip = variantDir.resolve("traces.zip.part");
    List<Path> files;
    try {
      Files.createDirectories(variantDir);
      client.downloadTraces(jobId, zip);
      TraceArchive.Unpacked unpacked = TraceArchive.extract(zip, variantDir.resolve("traces"));
      // A bad entry costs its own trace only: the job's results stand.
      unpacked.rejected().forEach(reason -> log.accept("[evalunit] a trace of backend eval job "
          + jobId + " was rejected: " + reason));
      files = unpacked.files();
    } catch (BackendException e) {
      log.accept("[evalunit] no traces for backend eval job " + jobId + ": " + e.getMessage());
      return results;
    } catch (IOException | UncheckedIOException e) {
      log.accept("[evalunit] no traces for backend eval job " + jobId + ": " + e.getMessage());
      return results;
    } finally {
      try {
        Files.deleteIfExists(zip);
      } catch (IOException ignored) {
        // a leftover partial download is harmless
      }
    }
    Map<String, SeedResult> out = new LinkedHashMap<>();
    results.forEach((key, r) -> {
      String name = "seed_" + r.seed() + "_trace.json";
      String trace = files.stream().filter(f -> f.getFileName().toString().equals(name))
          .findFirst().map(f -> "traces/" + f.toString().replace('\\', '/')).orElse(null);
      out.put(key, trace == null ? r : BackendResults.withTrace(r, trace));
    });
    return out;
  }

  private SeedResult missing(SeedSpec seed, String jobId, String state, Instant started) {
    String message = state.equals("cancelled")
        ? "the backend eval job " + jobId + " was cancelled before seed " + seed.seed()
            + " had a result"
        : "the results of backend eval job " + jobId + " have no row for seed " + seed.seed();
    return result(seed, started, Status.ERRORED, new ErrorInfo(
        state.equals("cancelled") ? "backend_cancelled" : "backend_protocol", message));
  }

  private Map<String, SeedResult> interrupted(String jobId, Instant started) {
    // Clear the flag so the cancel call can go out, then restore it for the caller.
    Thread.interrupted();
    if (jobId != null) {
      cancelQuietly(jobId, "the run was interrupted");
    }
    Thread.currentThread().interrupt();
    return all(started, Status.ABORTED, new ErrorInfo("not_run", "interrupted"
        + (jobId == null ? "" : "; backend eval job " + jobId + " was cancelled")));
  }

  private void cancelQuietly(String jobId, String why) {
    try {
      client.cancel(jobId);
      log.accept("[evalunit] cancelled backend eval job " + jobId + ": " + why);
    } catch (RuntimeException e) {
      log.accept("[evalunit] could not cancel backend eval job " + jobId + " (" + why + "): "
          + e.getMessage());
    }
  }

  private Map<String, SeedResult> all(Instant started, Status status, ErrorInfo error) {
    Map<String, SeedResult> out = new LinkedHashMap<>();
    seeds.forEach(seed -> out.put(seed.key(), result(seed, started, status, error)));
    return out;
  }

  private SeedResult result(SeedSpec seed, Instant started, Status status, ErrorInfo error) {
    return SeedResult.of(status, variant.name(), seed.seed(), seed.instanceId(),
            RolloutMetrics.NONE, error)
        .withAttempts(1).withTimes(started, Instant.now());
  }

  private static String human(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
  }

  private static String statusOf(JsonNode status) {
    return status.path("status").asText("").trim().toLowerCase(Locale.ROOT);
  }

  private static String progress(JsonNode status) {
    JsonNode results = status.path("results");
    if (results.path("completed").isNumber() && results.path("total").isNumber()) {
      return " " + results.get("completed").asInt() + "/" + results.get("total").asInt();
    }
    return "";
  }

  /** OkHttp reports an interrupted call as an InterruptedIOException (timeouts subclass it). */
  private static boolean isInterruption(BackendException e) {
    return Thread.currentThread().isInterrupted()
        || (e.getCause() instanceof InterruptedIOException
            && !(e.getCause() instanceof SocketTimeoutException)
            && "interrupted".equalsIgnoreCase(String.valueOf(e.getCause().getMessage())));
  }
}
