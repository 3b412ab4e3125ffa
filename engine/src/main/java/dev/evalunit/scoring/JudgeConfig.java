package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.evalunit.engine.config.SecretRedactor;
import dev.evalunit.engine.pricing.ModelPrice;
import dev.evalunit.engine.pricing.PriceTable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How an {@link LlmJudge} grades: which OpenAI-compatible endpoint and model, the rubric, the
 * grades it may give, how many judges vote, and how failed calls are retried. Immutable; build
 * it with {@link #openAiCompatible} and the withers. {@link #toString()} never shows the key.
 *
 * <pre>{@code
 * JudgeConfig config = JudgeConfig.openAiCompatible("https://api.openai.com/v1", "gpt-4o-mini",
 *         System.getenv("OPENAI_API_KEY"))
 *     .withRubric("The reply names the customer's intent and offers the right next step.")
 *     .withVotes(3).withTemperature(0.7);
 * }</pre>
 *
 * @param baseUrl the API base, requests go to {@code baseUrl + "/chat/completions"}
 *     (OpenAI: {@code https://api.openai.com/v1})
 * @param apiKey sent as {@code Authorization: Bearer ...}; null for servers without one
 * @param models the judge models; vote {@code i} uses {@code models[i % size]}
 * @param rubric what a right answer is, in the judge's words
 * @param grades the grades the judge may give, each with its score in [0, 1], in order
 * @param votes how many judge calls vote on each answer (the majority wins)
 * @param temperature sent as {@code temperature}; null to leave it out (models that refuse it)
 * @param jsonResponseFormat send {@code response_format: {"type": "json_object"}}
 * @param maxAttempts attempts per judge call, first included (429, 5xx and transport errors are
 *     retried)
 * @param firstBackoff the pause before the first retry; doubled for each next one
 * @param maxBackoff the longest pause, also the cap on a server's {@code Retry-After}
 * @param timeout the longest one HTTP attempt may take
 * @param prices prices the judge's tokens ({@link PriceTable#builtIn()} by default)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record JudgeConfig(String baseUrl, String apiKey, List<String> models, String rubric,
    Map<String, Double> grades, int votes, Double temperature, boolean jsonResponseFormat,
    int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration timeout,
    PriceTable prices) {

  /** The rubric unless one is given. */
  public static final String DEFAULT_RUBRIC = "The answer does what the task asks, correctly"
      + " and completely. When a reference answer is given, the answer agrees with it in"
      + " substance; wording may differ.";
  /** The most judges that may vote on one answer. */
  public static final int MAX_VOTES = 25;
  /** The most attempts of one judge call. */
  public static final int MAX_ATTEMPTS = 10;

  public JudgeConfig {
    checkBaseUrl(baseUrl);
    models = List.copyOf(Objects.requireNonNull(models, "models"));
    if (models.isEmpty() || models.stream().anyMatch(m -> m == null || m.isBlank())) {
      throw new IllegalArgumentException("judge models must be non-blank names, got " + models);
    }
    if (rubric == null || rubric.isBlank()) {
      throw new IllegalArgumentException("the judge's rubric is blank; say what a right answer"
          + " is, or leave the default (JudgeConfig.DEFAULT_RUBRIC)");
    }
    grades = checkGrades(grades);
    if (votes < 1 || votes > MAX_VOTES) {
      throw new IllegalArgumentException("judge votes must be 1.." + MAX_VOTES + ", got " + votes);
    }
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("judge temperature must be 0..2, got " + temperature);
    }
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException("judge maxAttempts must be 1.." + MAX_ATTEMPTS
          + ", got " + maxAttempts);
    }
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(timeout, "timeout");
    if (firstBackoff.isNegative() || maxBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("judge backoff must be 0 <= firstBackoff <= maxBackoff,"
          + " got " + firstBackoff + " and " + maxBackoff);
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("judge timeout must be positive, got " + timeout);
    }
    Objects.requireNonNull(prices, "prices");
  }

  /**
   * A judge on one model, with the defaults: {@link #DEFAULT_RUBRIC}, grades PASS (1) and FAIL
   * (0), one vote, temperature 0, JSON response format, 4 attempts with 1 s to 30 s backoff,
   * 60 s per attempt, built-in prices.
   */
  public static JudgeConfig openAiCompatible(String baseUrl, String model, String apiKey) {
    Map<String, Double> passFail = new LinkedHashMap<>();
    passFail.put("PASS", 1.0);
    passFail.put("FAIL", 0.0);
    return new JudgeConfig(baseUrl, apiKey, List.of(Objects.requireNonNull(model, "model")),
        DEFAULT_RUBRIC, passFail, 1, 0.0, true, 4, Duration.ofSeconds(1),
        Duration.ofSeconds(30), Duration.ofSeconds(60), PriceTable.builtIn());
  }

  public JudgeConfig withRubric(String text) {
    return new JudgeConfig(baseUrl, apiKey, models, text, grades, votes, temperature,
        jsonResponseFormat, maxAttempts, firstBackoff, maxBackoff, timeout, prices);
  }

  /**
   * The grades the judge may give, in the order the prompt lists them, e.g.
   * {@code Map.of("CORRECT", 1.0, "PARTIAL", 0.5, "WRONG", 0.0)} (use a LinkedHashMap to fix
   * the order).
   */
  public JudgeConfig withGrades(Map<String, Double> labels) {
    return new JudgeConfig(baseUrl, apiKey, models, rubric, labels, votes, temperature,
        jsonResponseFormat, maxAttempts, firstBackoff, maxBackoff, timeout, prices);
  }

  /**
   * {@code n} judge calls per answer, the majority grade wins. With one model and temperature 0
   * the votes tend to agree by construction: raise the temperature or give several models.
   */
  public JudgeConfig withVotes(int n) {
    return new JudgeConfig(baseUrl, apiKey, models, rubric, grades, n, temperature,
        jsonResponseFormat, maxAttempts, firstBackoff, maxBackoff, timeout, prices);
  }

  /** Judge models taking turns: vote {@code i} asks {@code names[i % size]}. */
  public JudgeConfig withModels(List<String> names) {
    return new JudgeConfig(baseUrl, apiKey, names, rubric, grades, votes, temperature,
        jsonResponseFormat, maxAttempts, firstBackoff, maxBackoff, timeout, prices);
  }

  public JudgeConfig withTemperature(Double value) {
    return new JudgeConfig(baseUrl, apiKey, models, rubric, grades, votes, value,
        jsonResponseFormat, maxAttempts, firstBackoff, maxBackoff, timeout, prices);
  }

  /** Off for servers that reject {@code response_format}; the reply is parsed as strictly. */
  public JudgeConfig withJsonResponseFormat(boolean send) {
    return new JudgeConfig(baseUrl, apiKey, models, rubric, grades, votes, temperature, send,
        maxAttempts, firstBackoff, maxBackoff, timeout, prices);
  }

  public JudgeConfig withRetries(int attempts, Duration first, Duration max) {
    return new JudgeConfig(baseUrl, apiKey, models, rubric, grades, votes, temperature,
        jsonResponseFormat, attempts, first, max, timeout, prices);
  }

  public JudgeConfig withTimeout(Duration perAttempt) {
    return new JudgeConfig(baseUrl, apiKey, models, rubric, grades, votes, temperature,
        jsonResponseFormat, maxAttempts, firstBackoff, maxBackoff, perAttempt, prices);
  }

  public JudgeConfig withPrices(PriceTable table) {
    return new JudgeConfig(baseUrl, apiKey, models, rubric, grades, votes, temperature,
        jsonResponseFormat, maxAttempts, firstBackoff, maxBackoff, timeout, table);
  }

  /**
   * This configuration with a price for {@code model} (USD per million tokens; cached prompt
   * tokens at the prompt price), e.g. a self-hosted judge: {@code withPrice("qwen3-8b", 0, 0)}.
   */
  public JudgeConfig withPrice(String model, double promptPerMillion, double completionPerMillion) {
    if (!(promptPerMillion >= 0) || !(completionPerMillion >= 0)) {
      throw new IllegalArgumentException("the price of judge model " + model + " must be at least"
          + " 0, got " + promptPerMillion + " and " + completionPerMillion);
    }
    return withPrices(prices.with(List.of(new ModelPrice(Objects.requireNonNull(model, "model"),
        promptPerMillion, completionPerMillion, promptPerMillion, "JudgeConfig.withPrice"))));
  }

  /** The configuration with the key shown as {@code ***} (or {@code none}). */
  @Override
  public String toString() {
    return "JudgeConfig[baseUrl=" + SecretRedactor.maskUrlCredentials(baseUrl) + ", apiKey="
        + (apiKey == null ? "none" : "***") + ", models=" + models + ", grades=" + grades
        + ", votes=" + votes + ", temperature=" + temperature + ", jsonResponseFormat="
        + jsonResponseFormat + ", maxAttempts=" + maxAttempts + ", firstBackoff=" + firstBackoff
        + ", maxBackoff=" + maxBackoff + ", timeout=" + timeout + "]";
  }

  private static void checkBaseUrl(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("the judge's baseUrl is blank; expected e.g."
          + " https://api.openai.com/v1");
    }
    String shown = SecretRedactor.maskUrlCredentials(baseUrl);
    try {
      URI uri = new URI(baseUrl);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("the judge's baseUrl " + shown + " is not an http(s)"
            + " URL with a host; expected e.g. https://api.openai.com/v1");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the judge's baseUrl " + shown + " is not a URL ("
          + e.getReason() + "); expected e.g. https://api.openai.com/v1", e);
    }
  }

  private static Map<String, Double> checkGrades(Map<String, Double> grades) {
    if (grades == null || grades.isEmpty()) {
      throw new IllegalArgumentException("the judge needs at least one grade, e.g. PASS=1.0,"
          + " FAIL=0.0");
    }
    Map<String, Double> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Double> grade : grades.entrySet()) {
      String label = grade.getKey();
      Double score = grade.getValue();
      if (label == null || label.isBlank() || !label.equals(label.strip())
          || label.contains("\"")) {
        throw new IllegalArgumentException("a judge grade must be a non-blank label without"
            + " quotes or surrounding spaces, got " + Texts.quote(label));
      }
      if (score == null || !(score >= 0 && score <= 1)) {
        throw new IllegalArgumentException("the score of judge grade " + label
            + " must be in [0, 1], got " + score);
      }
      copy.put(label, score);
    }
    return Collections.unmodifiableMap(copy);
  }
}
