package dev.evalunit;

import dev.evalunit.agent.AgentContext;
import dev.evalunit.agent.SimulatedUser;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the suite's rollout as a Java method: the agent runs in process, and no task app is
 * needed. The engine calls the method once per seed (and variant), on its worker pool, with the
 * suite's concurrency, timeouts, budgets, resume, thresholds and reports, exactly as it sends an
 * HTTP rollout. This is OpenHands' {@code process_instance(instance, metadata)}.
 *
 * <pre>{@code
 * @EvalSuite(seeds = "0..9", concurrency = 4)
 * @Dataset(file = "evals/questions.jsonl")
 * @SuiteThreshold(meanScore = 0.8)
 * class SupportAgentEval implements AutoCloseable {
 *   private final SupportAgent agent = new SupportAgent();   // set up once per suite
 *
 *   record Question(String instance_id, String text, String label) {}
 *
 *   @Rollout(maxIterations = 10, agentClass = "SupportAgent")
 *   EvalOutput run(Question q, AgentContext ctx) {
 *     String answer = agent.answer(q.text(), ctx.llm(), ctx.usage(), ctx.history());
 *     return EvalOutput.of(q.text(), TestResult.passed(answer.equals(q.label())));
 *   }
 *
 *   @Override public void close() { agent.shutdown(); }              // after the suite
 * }
 * }</pre>
 *
 * <p>The method takes two parameters and returns {@link dev.evalunit.agent.EvalOutput}:
 * <ul>
 *   <li>first, the instance: {@link dev.evalunit.agent.Instance} (seed, id, dataset row), a
 *       {@code long} (the seed), or any record or bean type the dataset row is bound to by field
 *       name (unknown fields ignored);
 *   <li>second, the {@link AgentContext}.
 * </ul>
 * A suite class has at most one {@code @Rollout} method; with one, {@link EvalSuite#taskApp()}
 * and {@link EvalSuite#env()} are not needed. The class needs a no-argument constructor (any
 * visibility): one instance serves the whole suite, from all worker threads at once (so the
 * method must be thread-safe when {@code concurrency > 1}), and is closed after the last seed if
 * it implements {@link AutoCloseable}.
 *
 * <p>An exception thrown by the method is a seed error (Surefire {@code <error>}) that names the
 * seed and the exception, never a score of 0; it is retried only if its type is one of
 * {@link #retryOn()}. An {@code EvalOutput} with an error is a seed error too.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Rollout {

  /** The default of {@link #maxIterations()}: OpenHands' default {@code max_iterations}. */
  int DEFAULT_MAX_ITERATIONS = 30;

  /**
   * The most iterations the agent should take, as {@link AgentContext#maxIterations()} (OpenHands
   * {@code max_iterations}); {@code 0} means not set ({@value #DEFAULT_MAX_ITERATIONS}). The
   * engine does not count iterations; the agent loop reads the limit.
   */
  int maxIterations() default 0;

  /** The agent's name for {@code metadata.json}'s {@code agent_class}; default the class name. */
  String agentClass() default "";

  /** A note for {@code metadata.json}'s {@code eval_note}, e.g. the prompt version. */
  String evalNote() default "";

  /**
   * Exception types after which the rollout is tried again (with the suite's retry count and
   * backoff, {@code evalunit.retry.*}), e.g. a provider's rate-limit exception. Subclasses count.
   * Any other exception ends the seed as an error at once.
   */
  Class<? extends Throwable>[] retryOn() default {};

  /**
   * The simulated user that answers {@link AgentContext#askUser(String)}: a class with a
   * no-argument constructor. The default ({@code SimulatedUser.class}) is the engine's
   * codeact-style user: it tells the agent to go on with the task and never to ask for human
   * help, and from the third time on adds that it may give up.
   */
  Class<? extends SimulatedUser> simulatedUser() default SimulatedUser.class;
}
