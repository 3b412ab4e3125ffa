package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * Picks the policy for a rollout from {@code policy.config}: the baselines by model name, any
 * other model through {@code inference_url}.
 */
final class PolicySelector {

  private final IntentPolicy keyword;
  private final IntentPolicy majority;
  private final IntentPolicy noisy;
  private final OkHttpClient http;
  private final ObjectMapper json;
  private final Function<String, String> environment;

  /** @param environment looks up {@code OPENAI_API_KEY} when the config carries no key */
  PolicySelector(IntentDataset dataset, OkHttpClient http, ObjectMapper json,
      Function<String, String> environment) {
    this.keyword = new KeywordPolicy(dataset.majorityIntent());
    this.majority = new MajorityPolicy(dataset.majorityIntent());
    this.noisy = new NoisyKeywordPolicy(dataset.majorityIntent());
    this.http = http;
    this.json = json;
    this.environment = environment;
  }

  /** @throws HttpProblem 400 for a model this app cannot serve */
  IntentPolicy select(JsonNode policyConfig, String outputMode) {
    String model = policyConfig.path("model").asText("");
    if (model.equals(KeywordPolicy.MODEL)) {
      return keyword;
    }
    if (model.equals(MajorityPolicy.MODEL)) {
      return majority;
    }
    if (model.equals(NoisyKeywordPolicy.MODEL)) {
      return noisy;
    }
    String inferenceUrl = policyConfig.path("inference_url").asText("");
    if (model.isBlank() || inferenceUrl.isBlank()) {
      throw HttpProblem.detail(400, "unknown model '" + model + "': use "
          + KeywordPolicy.MODEL + ", " + NoisyKeywordPolicy.MODEL + " or " + MajorityPolicy.MODEL
          + ", or set policy.config.inference_url to an OpenAI-compatible endpoint");
    }
    String apiKey = policyConfig.path("api_key").asText("");
    if (apiKey.isBlank()) {
      apiKey = environment.apply("OPENAI_API_KEY");
    }
    return new ChatCompletionsPolicy(http, json, inferenceUrl,
        apiKey == null || apiKey.isBlank() ? null : apiKey, model, policyConfig, outputMode);
  }
}
