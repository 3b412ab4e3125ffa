package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * A task app for the "intents" environment, speaking the synth-ai task-app protocol over the JDK's
 * HTTP server. Run it with {@code java -cp ... dev.evalunit.samples.taskapp.SampleTaskApp --port
 * 8103} and {@code ENVIRONMENT_API_KEY} set, or start it in-process with {@link #start}.
 *
 * <p>Models: {@code keyword-baseline} and {@code majority-baseline} run offline; any other model
 * needs {@code policy.config.inference_url} (an OpenAI-compatible endpoint) and a key in
 * {@code policy.config.api_key} or {@code OPENAI_API_KEY}. For demonstrations,
 * {@code env.config.fail_seeds} lists seeds whose rollout answers HTTP 500.
 */
public final class SampleTaskApp implements AutoCloseable {

  public static final int DEFAULT_PORT = 8103;
  /** Rollouts against a real model block on it; allow plenty in flight. */
  private static final int WORKER_THREADS = 32;

  private final HttpServer server;
  private final ExecutorService workers;
  private final OkHttpClient inference;

  private SampleTaskApp(HttpServer server, ExecutorService workers, OkHttpClient inference) {
    this.server = server;
    this.workers = workers;
    this.inference = inference;
  }

  /**
   * Starts the app on the loopback interface.
   *
   * @param port the port, or 0 for any free one (see {@link #port()})
   * @param apiKey the environment key clients must present; null makes keyed endpoints answer 503
   */
  public static SampleTaskApp start(int port, String apiKey) {
    return start(InetAddress.getLoopbackAddress().getHostAddress(), port, apiKey, System::getenv);
  }

  /** @param environment where {@code OPENAI_API_KEY} is looked up (tests pass their own) */
  static SampleTaskApp start(String host, int port, String apiKey,
      Function<String, String> environment) {
    ObjectMapper json = new ObjectMapper();
    IntentDataset dataset = IntentDataset.load(json);
    OkHttpClient inference = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofMinutes(2))
        .callTimeout(Duration.ofMinutes(3))
        .build();
    TaskAppRoutes routes = new TaskAppRoutes(new ApiKeyGuard(apiKey), new IntentTaskInfo(dataset),
        new IntentRollout(dataset, new PolicySelector(dataset, inference, json, environment)),
        json);
    ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, workerThreads());
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 128);
    } catch (IOException e) {
      workers.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
    server.createContext("/", routes);
    server.setExecutor(workers);
    server.start();
    return new SampleTaskApp(server, workers, inference);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    inference.dispatcher().executorService().shutdown();
    inference.connectionPool().evictAll();
  }

  /** {@code --port N} (default 8103) and {@code --host H} (default 127.0.0.1). */
  public static void main(String[] args) {
    int port = DEFAULT_PORT;
    String host = InetAddress.getLoopbackAddress().getHostAddress();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> port = parsePort(value);
        case "--host" -> host = require(value, "--host");
        default -> usage("unknown argument " + args[i]);
      }
      i++;
    }
    String apiKey = System.getenv("ENVIRONMENT_API_KEY");
    if (apiKey == null || apiKey.isBlank()) {
      System.out.println("[sample-task-app] ENVIRONMENT_API_KEY is not set: every endpoint but"
          + " GET / answers 503 missing_environment_api_key");
    }
    SampleTaskApp app = start(host, port, apiKey, System::getenv);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sample-task-app-stop"));
    System.out.println("[sample-task-app] serving env '" + IntentDataset.ENV_NAME + "' on "
        + app.baseUrl());
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(require(value, "--port"));
      if (port < 0 || port > 65535) {
        usage("--port must be 0..65535");
      }
      return port;
    } catch (NumberFormatException e) {
      usage("--port needs a number, got " + value);
      return -1;
    }
  }

  private static String require(String value, String option) {
    if (value == null) {
      usage(option + " needs a value");
    }
    return value;
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: SampleTaskApp [--port N] [--host H]   (key from ENVIRONMENT_API_KEY)");
    System.exit(2);
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "sample-task-app-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
