package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.evalunit.engine.config.SecretRedactor;
import dev.evalunit.engine.pricing.ModelPrice;
import dev.evalunit.engine.pricing.TokenCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.apiguardian.api.API;

/**
 * An LLM grading answers against a rubric over an OpenAI-compatible chat-completions endpoint.
 * Each answer gets {@link JudgeConfig#votes()} judge calls; the majority grade wins and the
 * judges' agreement is reported. The judges' tokens and cost ({@link JudgeVerdict#usage()}) are
 * their own, never the agent's.
 *
 * <p>The judge must reply with exactly one JSON object
 * {@code {"reason": "<text>", "grade": "<label>"}}, the label one of
 * {@link JudgeConfig#grades()} spelt exactly (the system prompt says so; with
 * {@code response_format} the server enforces JSON). Anything else, or an endpoint that refuses
 * the call or keeps failing after the retries, throws {@link JudgeException} with the start of
 * the reply: the seed errors, it does not score 0. The API key appears in no message.
 *
 * <p>Thread-safe: create one per suite (it holds an HTTP client) and close it after.
 *
 * <pre>{@code
 * try (LlmJudge judge = LlmJudge.of(JudgeConfig.openAiCompatible(baseUrl, "gpt-4o-mini", key)
 *     .withRubric("The reply gives the correct refund amount and a next step.").withVotes(3))) {
 *   JudgeVerdict verdict = judge.grade(task, answer, reference);
 *   verdict.grade();             // "PASS"
 *   verdict.agreement();         // 1.0
 *   verdict.usage().costUsd();   // the judges' cost, apart from the agent's
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class LlmJudge implements Scorer, AutoCloseable {

  private final JudgeConfig config;
  private final OkHttpClient http;
  private final ChatCompletions endpoint;

  private LlmJudge(JudgeConfig config) {
    this.config = config;
    this.http = new OkHttpClient.Builder().callTimeout(config.timeout())
        .readTimeout(config.timeout()).retryOnConnectionFailure(false).build();
    this.endpoint = new ChatCompletions(http, config);
  }

  public static LlmJudge of(JudgeConfig config) {
    return new LlmJudge(Objects.requireNonNull(config, "config"));
  }

  public JudgeConfig config() {
    return config;
  }

  /**
   * The judges' verdict on {@code answer}.
   *
   * @param task what the agent was asked (null to leave it out of the prompt)
   * @param answer the agent's answer
   * @param reference a reference answer (null when there is none)
   * @throws JudgeException when a judge's reply is not a valid grade or the endpoint fails
   */
  public JudgeVerdict grade(String task, String answer, String reference) {
    if (answer == null) {
      throw new IllegalArgumentException("the answer to grade is null");
    }
    List<Map<String, String>> messages = JudgePrompt.messages(config, task, answer, reference);
    List<JudgeVote> votes = new ArrayList<>();
    JudgeUsage usage = JudgeUsage.NONE;
    for (int i = 0; i < config.votes(); i++) {
      String model = config.models().get(i % config.models().size());
      String who = "judge " + (i + 1) + " of " + config.votes() + " (model " + model + ")";
      ChatCompletions.Reply reply;
      try {
        reply = endpoint.complete(model, messages);
      } catch (ChatCompletions.Failed e) {
        throw new JudgeException(who + ": " + e.getMessage(), usage.plusAttempts(e.attempts),
            e.getCause());
      }
      Double cost = reply.usageReported() ? config.prices().find(model)
          .map((ModelPrice p) -> p.costUsd(new TokenCounts(reply.promptTokens(),
              reply.completionTokens(), reply.cachedTokens())))
          .orElse(null) : null;
      JudgeVote partial = new JudgeVote(i + 1, model, "", 0, "", reply.promptTokens(),
          reply.completionTokens(), reply.cachedTokens(), cost, reply.attempts());
      JudgeReply.Grade grade;
      try {
        grade = JudgeReply.parse(reply.content(), config.grades());
      } catch (JudgeReply.Malformed e) {
        throw new JudgeException(who + " gave a malformed grade: " + e.getMessage()
            + ". Expected exactly " + expectedShape() + "; the reply began: "
            + endpoint.excerpt(reply.content()), usage.plus(partial), null);
      }
      JudgeVote vote = new JudgeVote(i + 1, model, grade.label(),
          config.grades().get(grade.label()), grade.reason(), reply.promptTokens(),
          reply.completionTokens(), reply.cachedTokens(), cost, reply.attempts());
      votes.add(vote);
      usage = usage.plus(vote);
    }
    return decide(votes, usage);
  }

  /**
   * Grades {@code actual} with {@code expected} as the reference answer and no task; an answer
   * of null scores 0 without a judge call.
   */
  @Override
  public Score score(String expected, String actual) {
    if (actual == null) {
      return Score.fail("no answer to judge");
    }
    return grade(null, actual, expected).toScore();
  }

  private JudgeVerdict decide(List<JudgeVote> votes, JudgeUsage usage) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (JudgeVote vote : votes) {
      counts.merge(vote.grade(), 1, Integer::sum);
    }
    int most = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    String winner = null;
    int tied = 0;
    for (Map.Entry<String, Integer> count : counts.entrySet()) {
      if (count.getValue() == most) {
        tied++;
        if (winner == null || config.grades().get(count.getKey()) < config.grades().get(winner)) {
          winner = count.getKey();
        }
      }
    }
    String majority = winner;
    String reason = votes.stream().filter(v -> v.grade().equals(majority)).findFirst()
        .orElseThrow().reason();
    return new JudgeVerdict(majority, config.grades().get(majority), reason,
        most / (double) votes.size(), tied > 1, votes, usage);
  }

  private String expectedShape() {
    return "{\"reason\": \"<text>\", \"grade\": " + String.join(" | ",
        config.grades().keySet().stream().map(g -> "\"" + g + "\"").toList()) + "}";
  }

  /** Releases the HTTP client's connections. */
  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "LlmJudge[" + SecretRedactor.maskUrlCredentials(config.toString()) + "]";
  }
}
