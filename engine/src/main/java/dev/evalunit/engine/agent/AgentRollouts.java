package dev.evalunit.engine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.agent.EvalOutput;
import dev.evalunit.agent.HistoryEvent;
import dev.evalunit.agent.SimulatedUser;
import dev.evalunit.engine.client.RolloutReply;
import dev.evalunit.engine.client.TaskAppException;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.AgentRollout;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.RolloutKey;
import dev.evalunit.engine.execution.RolloutTransport;
import dev.evalunit.engine.pricing.TokenCounts;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The rollouts of a {@code @Rollout} suite, in process: one suite instance for the whole suite,
 * the method called once per attempt on a thread of its own while the engine's worker waits for
 * it (holding its concurrency permit) up to the attempt's limit. At the limit, or when the run
 * shuts down, the context is marked cancelled and the thread interrupted; a method that does not
 * return within {@link #CANCEL_GRACE} after that is abandoned (its thread keeps running, the
 * seed errors). Whatever the method returns or throws becomes a {@link RolloutReply}, so the seed
 * ends as an HTTP rollout's would. Each finished seed gets an OpenHands {@code EvalOutput} line
 * in its variant's {@code output.jsonl}; its log lines are kept for its test's output.
 */
public final class AgentRollouts implements RolloutTransport, AutoCloseable {

  /** How long a cancelled method may take to return before its thread is abandoned. */
  static final Duration CANCEL_GRACE = Duration.ofSeconds(2);

  /** Error type of an exception the method threw that is not declared retryable. */
  public static final String EXCEPTION = "agent_exception";
  /** Error type of an EvalOutput that carries an error. */
  public static final String AGENT_ERROR = "agent_error";

  private final SuiteConfig config;
  private final AgentRollout agent;
  private final Object suite;
  private final Method method;
  private final InstanceBinder binder;
  private final SimulatedUser user;
  private final ObjectMapper json;
  private final ExecutorService threads;
  private final Map<String, EvalOutputFile> outputFiles = new ConcurrentHashMap<>();
  private final Function<Variant, Path> variantDir;
  /** The output line of each key's last attempt, until its seed is recorded. */
  private final Map<RolloutKey, ObjectNode> pending = new ConcurrentHashMap<>();
  private final Map<RolloutKey, List<String>> logs = new ConcurrentHashMap<>();

  private AgentRollouts(SuiteConfig config, Object suite, SimulatedUser user, ObjectMapper json,
      ThreadFactory threads, Function<Variant, Path> variantDir) {
    this.config = config;
    this.agent = config.agent();
    this.suite = suite;
    this.method = agent.method();
    this.method.setAccessible(true);
    this.binder = new InstanceBinder(method.getParameterTypes()[0], json);
    this.user = user;
    this.json = json;
    this.threads = Executors.newCachedThreadPool(threads);
    this.variantDir = variantDir;
  }

  /**
   * Creates the suite instance (and its simulated user) for a suite that is about to run.
   *
   * @param threads makes the threads the method runs on
   * @param variantDir the folder of a variant's outputs, where its output.jsonl goes
   * @throws IllegalStateException naming the class when it cannot be instantiated
   */
  public static AgentRollouts start(SuiteConfig config, ObjectMapper json, ThreadFactory threads,
      Function<Variant, Path> variantDir) {
    AgentRollout agent = config.agent();
    Object suite = instantiate(agent.suiteClass(), "suite class");
    SimulatedUser user = agent.simulatedUser() == null ? new CodeActUser()
        : (SimulatedUser) instantiate(agent.simulatedUser(), "simulated user");
    return new AgentRollouts(config, suite, user, json, threads, variantDir);
  }

  private static Object instantiate(Class<?> type, String what) {
    try {
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("the " + what + " " + type.getName()
          + " needs a constructor without parameters (any visibility)", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the constructor of the " + what + " " + type.getName()
          + " threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot create the " + what + " " + type.getName()
          + ": " + e, e);
    }
  }

  @Override
  public RolloutReply rollout(RolloutKey key, String runId, Duration limit)
      throws InterruptedException {
    RolloutContext context = new RolloutContext(
        new SectionLlmConfig(AgentRollout.llmName(key.variant()), agent.llm(key.variant())),
        agent.maxIterations(), user, Instant.now().plus(limit));
    Object instance;
    try {
      instance = binder.bind(key.seed());
    } catch (IllegalArgumentException e) {
      return finish(key, runId, context, null, new ErrorInfo("agent_input",
          label(key) + ": " + e.getMessage()));
    }
    CountDownLatch returned = new CountDownLatch(1);
    Future<EvalOutput> call = threads.submit(() -> {
      try {
        return (EvalOutput) method.invoke(suite, instance, context);
      } finally {
        returned.countDown();
      }
    });
    try {
      EvalOutput output = call.get(limit.toNanos(), TimeUnit.NANOSECONDS);
      return returned(key, runId, context, output);
    } catch (TimeoutException e) {
      String ended = cancel(call, returned, context, "timed out after " + format(limit), true);
      finish(key, runId, context, null, null);
      throw new TaskAppException(TaskAppException.Kind.AGENT, 0, "the rollout method did not "
          + "return within " + format(limit) + "; it was cancelled (AgentContext.cancelled() and "
          + "an interrupt) and " + ended, null, null);
    } catch (InterruptedException e) {
      cancel(call, returned, context, "the run is being shut down", false);
      finish(key, runId, context, null, null);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof InvocationTargetException target
          ? target.getCause() : e.getCause();
      return threw(key, runId, context, cause);
    }
  }

  /**
   * Cancels a running call: the flag, then an interrupt; with {@code wait}, waits up to
   * {@link #CANCEL_GRACE} for the method to return and says whether it did.
   */
  private static String cancel(Future<EvalOutput> call, CountDownLatch returned,
      RolloutContext context, String reason, boolean wait) {
    context.cancel(reason);
    long t0 = System.nanoTime();
    call.cancel(true);
    if (!wait) {
      return "";
    }
    try {
      if (returned.await(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return "returned " + format(Duration.ofNanos(System.nanoTime() - t0)) + " later";
      }
      return "had not returned " + format(CANCEL_GRACE) + " later: its thread is abandoned "
          + "and may still be running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the run is being shut down";
    }
  }

  private RolloutReply returned(RolloutKey key, String runId, RolloutContext context,
      EvalOutput output) {
    if (output == null) {
      return finish(key, runId, context, null, new ErrorInfo(EXCEPTION, label(key)
          + ": the rollout method " + method.getName() + " returned null; return an EvalOutput "
          + "(EvalOutput.failed(instruction, reason) for an agent that could not finish)"));
    }
    ErrorInfo error = output.error() == null ? null : new ErrorInfo(AGENT_ERROR,
        label(key) + ": the agent reported an error: " + output.error());
    return finish(key, runId, context, output, error);
  }

  private RolloutReply threw(RolloutKey key, String runId, RolloutContext context,
      Throwable cause) {
    if (context.cancelled() && (cause instanceof CancellationException
        || cause instanceof InterruptedException)) {
      // Raced with the deadline: the method saw the cancellation before get() timed out.
      finish(key, runId, context, null, null);
      throw new TaskAppException(TaskAppException.Kind.AGENT, 0,
          "the rollout method was cancelled: " + cause.getMessage(), null, cause);
    }
    context.log(label(key) + ": the rollout method threw " + stackTrace(cause));
    String described = "the rollout method " + method.getName() + " threw " + cause
        + where(cause);
    if (agent.retryOn().stream().anyMatch(type -> type.isInstance(cause))) {
      finish(key, runId, context, null, null);
      throw new TaskAppException(TaskAppException.Kind.AGENT, 0, described
          + " (retried: declared in @Rollout(retryOn))", null, cause);
    }
    return finish(key, runId, context, null, new ErrorInfo(EXCEPTION,
        label(key) + ": " + described));
  }

  /**
   * Keeps the attempt's output line and log for when the seed is recorded, and makes its reply:
   * the score, tokens and cost, the history as trace.
   */
  private RolloutReply finish(RolloutKey key, String runId, RolloutContext context,
      EvalOutput output, ErrorInfo error) {
    List<HistoryEvent> history = output != null && !output.history().isEmpty()
        ? output.history() : context.events();
    RolloutMetrics metrics = metrics(output, context.usageCounter());
    pending.put(key, outputLine(key, output, history, metrics, context));
    List<String> lines = logs.computeIfAbsent(key, k -> new ArrayList<>());
    synchronized (lines) {
      lines.addAll(context.logLines());
    }
    JsonNode trace = trace(key, runId, history, context);
    return error == null ? new RolloutReply(metrics, trace, null, TokenCounts.NONE, null)
        : RolloutReply.failed(metrics, trace, error);
  }

  private RolloutMetrics metrics(EvalOutput output, UsageCounter usage) {
    Double score = output == null || output.testResult() == null ? null
        : output.testResult().score();
    Optional<Double> reported = usage.reportedCost();
    if (reported.isPresent()) {
      return new RolloutMetrics(score, null, null, null, null, usage.tokens(), reported.get(),
          RolloutMetrics.CostSource.REPORTED);
    }
    Optional<Double> priced = usage.pricedCost(config.prices());
    return new RolloutMetrics(score, null, null, null, null, usage.tokens(),
        priced.orElse(null), priced.isPresent() ? RolloutMetrics.CostSource.PRICED : null);
  }

  private JsonNode trace(RolloutKey key, String runId, List<HistoryEvent> history,
      RolloutContext context) {
    ObjectNode trace = json.createObjectNode();
    trace.put("instance_id", key.seed().key());
    trace.put("run_id", runId);
    trace.put("user_turns", context.userTurns());
    trace.set("history", events(history));
    trace.set("usage", usage(context.usageCounter()));
    return redacted(trace);
  }

  /** An OpenHands EvalOutput line; its error is set when the seed is recorded. */
  private ObjectNode outputLine(RolloutKey key, EvalOutput output, List<HistoryEvent> history,
      RolloutMetrics metrics, RolloutContext context) {
    ObjectNode line = json.createObjectNode();
    line.put("instance_id", output != null && output.instanceId() != null ? output.instanceId()
        : key.seed().key());
    line.put("instruction", output == null ? null : output.instruction());
    if (output != null && output.testResult() != null) {
      ObjectNode result = line.putObject("test_result");
      if (output.testResult().score() == null) {
        result.putNull("score");
      } else {
        result.put("score", output.testResult().score());
      }
      result.setAll((ObjectNode) json.valueToTree(output.testResult().details()));
    } else {
      line.putNull("test_result");
    }
    line.set("metadata", json.valueToTree(agent.metadata(key.variant())));
    line.set("history", events(history));
    ObjectNode m = line.putObject("metrics");
    if (metrics.costUsd() == null) {
      m.putNull("accumulated_cost");
    } else {
      m.put("accumulated_cost", metrics.costUsd());
    }
    TokenCounts total = context.usageCounter().total();
    ObjectNode tokens = m.putObject("accumulated_token_usage");
    tokens.put("prompt_tokens", total.prompt());
    tokens.put("completion_tokens", total.completion());
    tokens.put("cache_read_tokens", total.cached());
    m.set("token_usage_by_model", usage(context.usageCounter()));
    m.put("user_turns", context.userTurns());
    if (output != null) {
      m.setAll((ObjectNode) json.valueToTree(output.metrics()));
    }
    if (key.epoch() > 0) {
      line.put("epoch", key.epoch()); // evalunit's repeats; OpenHands has none
    }
    line.putNull("error");
    line.set("instance", json.valueToTree(key.seed().row().isEmpty()
        ? Map.of("seed", key.seed().seed()) : key.seed().row()));
    if (output != null && output.error() != null) {
      line.put("error", output.error());
    }
    return line;
  }

  private ArrayNode events(List<HistoryEvent> history) {
    ArrayNode events = json.createArrayNode();
    for (HistoryEvent event : history) {
      events.addObject().put("source", event.source()).put("kind", event.kind())
          .put("content", event.content());
    }
    return events;
  }

  private ObjectNode usage(UsageCounter usage) {
    ObjectNode byModel = json.createObjectNode();
    usage.byModel().forEach((model, t) -> byModel.putObject(model)
        .put("prompt_tokens", t.prompt()).put("completion_tokens", t.completion())
        .put("cache_read_tokens", t.cached()));
    return byModel;
  }

  private JsonNode redacted(JsonNode node) {
    try {
      return json.readTree(config.redactor().redact(json.writeValueAsString(node)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Writes the seed's output.jsonl line once its row is in results.jsonl: the last attempt's
   * EvalOutput, with the seed's error when it errored. A seed that never ran has no line.
   */
  public void recorded(RolloutKey key, SeedResult outcome) {
    ObjectNode line = pending.remove(key);
    if (line == null) {
      return;
    }
    if (outcome.error() != null) {
      line.put("error", outcome.error().message());
    }
    outputFiles.computeIfAbsent(key.variant().key(), k -> new EvalOutputFile(
        variantDir.apply(key.variant()).resolve("output.jsonl"), json, config.redactor()))
        .append(line);
  }

  /** The seed's log lines (every attempt's), secrets masked; empty for a seed that did not run. */
  public List<String> log(RolloutKey key) {
    List<String> lines = logs.get(key);
    if (lines == null) {
      return List.of();
    }
    synchronized (lines) {
      return lines.stream().map(config.redactor()::redact).toList();
    }
  }

  /**
   * Stops the method threads and closes the suite instance if it is {@link AutoCloseable}.
   *
   * @throws IllegalStateException when closing the suite instance throws
   */
  @Override
  public void close() {
    threads.shutdownNow();
    outputFiles.values().forEach(EvalOutputFile::close);
    if (suite instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the suite instance of " + config.suiteName()
            + " failed: " + e, e);
      }
    }
  }

  private static String where(Throwable cause) {
    StackTraceElement[] frames = cause.getStackTrace();
    return frames.length == 0 ? "" : " at " + frames[0];
  }

  private static String stackTrace(Throwable cause) {
    java.io.StringWriter out = new java.io.StringWriter();
    cause.printStackTrace(new java.io.PrintWriter(out));
    return out.toString().stripTrailing();
  }

  private static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  static String label(RolloutKey key) {
    // As the engine labels seeds elsewhere (execution.SeedEndings).
    return key.seed().displayName() + (key.epoch() == 0 ? "" : " epoch " + key.epoch())
        + (key.variant().name() == null ? "" : " (variant " + key.variant().name() + ")");
  }
}
