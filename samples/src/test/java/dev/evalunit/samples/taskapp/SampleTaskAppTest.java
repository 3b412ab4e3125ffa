package dev.evalunit.samples.taskapp;

import static dev.evalunit.samples.taskapp.TaskAppCalls.rolloutBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.samples.taskapp.TaskAppCalls.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The sample task app over real HTTP, on a free port, against the protocol's wire contract. */
class SampleTaskAppTest {

  private static final String KEY = "test-key-5f2a";
  private static final String[] AUTH = {"X-API-Key", KEY};

  private static SampleTaskApp app;
  private static TaskAppCalls calls;

  @BeforeAll
  static void startApp() {
    app = SampleTaskApp.start(0, KEY);
    calls = new TaskAppCalls(app.baseUrl());
  }

  @AfterAll
  static void stopApp() {
    app.close();
  }

  @Nested
  class Liveness {

    @Test
    void rootAnswersWithoutKey() {
      Reply reply = calls.get("/");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().path("status").asText()).isEqualTo("ok");
      assertThat(reply.json().path("service").asText()).isEqualTo("intents");
    }

    @Test
    void headRootAnswersWithoutBody() {
      Reply reply = calls.head("/");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.raw()).isEmpty();
    }

    @Test
    void healthNeedsTheKey() {
      assertThat(calls.get("/health").status()).isEqualTo(400);

      Reply reply = calls.get("/health", AUTH);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().path("healthy").asBoolean()).isTrue();
      assertThat(reply.raw()).doesNotContain(KEY);
    }

    @Test
    void unknownPathAndWrongMethodAreRefusedBeforeAuth() {
      assertThat(calls.get("/nowhere").status()).isEqualTo(404);
      assertThat(calls.get("/nowhere").json().path("detail").asText()).isEqualTo("Not Found");
      assertThat(calls.get("/rollout").status()).isEqualTo(405);
    }
  }

  @Nested
  class Auth {

    @Test
    void missingKeyIs400WithCodeUnauthorised() {
      Reply reply = calls.post("/rollout", rolloutBody(0, "keyword-baseline").toString());

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().at("/detail/error/code").asText()).isEqualTo("unauthorised");
      assertThat(reply.json().at("/detail/error/message").asText()).isNotBlank();
    }

    @Test
    void wrongKeyIs400AndNeitherKeyIsEchoed() {
      Reply reply = calls.get("/info", "X-API-Key", "wrong-key-9c1d");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().at("/detail/error/code").asText()).isEqualTo("unauthorised");
      assertThat(reply.raw()).doesNotContain("wrong-key-9c1d").doesNotContain(KEY);
    }

    @Test
    void bearerAndKeyListAreAccepted() {
      assertThat(calls.get("/info", "Authorization", "Bearer " + KEY).status()).isEqualTo(200);
      assertThat(calls.get("/info", "X-API-Keys", "other," + KEY).status()).isEqualTo(200);
      assertThat(calls.get("/info", "Authorization", "Basic " + KEY).status()).isEqualTo(400);
    }

    @Test
    void serverWithoutKeyAnswers503() {
      try (SampleTaskApp keyless = SampleTaskApp.start(0, null)) {
        TaskAppCalls keylessCalls = new TaskAppCalls(keyless.baseUrl());

        Reply reply = keylessCalls.get("/health", AUTH);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().at("/detail/error/code").asText())
            .isEqualTo("missing_environment_api_key");
        assertThat(keylessCalls.get("/").status()).isEqualTo(200);
      }
    }
  }

  @Nested
  class Rollout {

    @Test
    void answersInTheSynthAi044Shape() {
      ObjectNode request = rolloutBody(5, "keyword-baseline");

      Reply reply = calls.post("/rollout", request.toString(), AUTH);

      assertThat(reply.status()).isEqualTo(200);
      JsonNode body = reply.json();
      assertThat(body.path("run_id").asText()).isEqualTo(request.path("run_id").asText());
      assertThat(body.path("trace_correlation_id").asText()).isEqualTo(request.path("run_id").asText());
      assertThat(body.path("aborted").asBoolean(true)).isFalse();
      JsonNode metrics = body.path("metrics");
      assertThat(metrics.path("episode_returns")).hasSize(1);
      assertThat(metrics.path("episode_returns").get(0).asDouble()).isEqualTo(1.0);
      assertThat(metrics.path("mean_return").asDouble()).isEqualTo(1.0);
      assertThat(metrics.path("outcome_score").asDouble()).isEqualTo(1.0);
      assertThat(metrics.path("events_score").asDouble()).isEqualTo(1.0);
      assertThat(metrics.path("num_steps").asInt()).isEqualTo(1);
      assertThat(metrics.path("num_episodes").asInt()).isEqualTo(1);
      JsonNode details = metrics.path("details");
      assertThat(details.path("expected").asText()).isEqualTo("pin_change");
      assertThat(details.path("predicted").asText()).isEqualTo("pin_change");
      assertThat(details.path("correct").asBoolean()).isTrue();
    }

    @Test
    void tokensAndCostAreOnlyInTheV3Trace() {
      Reply reply = calls.post("/rollout", rolloutBody(5, "keyword-baseline").toString(), AUTH);

      JsonNode details = reply.json().at("/metrics/details");
      assertThat(details.has("tokens")).isFalse();
      assertThat(details.has("cost_usd")).isFalse();
      JsonNode trace = reply.json().path("trace");
      assertThat(trace.path("schema_version").asText()).isEqualTo("3.0");
      assertThat(trace.path("markov_blanket_message_history").isArray()).isTrue();
      assertThat(trace.at("/metadata/session_id").asText()).isNotBlank();
      JsonNode event = trace.path("event_history").get(0);
      assertThat(event.path("type").asText()).isEqualTo("lm_call");
      assertThat(event.path("timestamp").asText()).isNotBlank();
      assertThat(event.at("/llm_request/messages")).hasSize(2);
      assertThat(event.at("/llm_response/finish_reason").asText()).isEqualTo("tool_calls");
      assertThat(event.at("/llm_response/message/tool_calls/0/function/name").asText())
          .isEqualTo("classify_intent");
      JsonNode usage = event.at("/llm_response/usage");
      long prompt = usage.path("prompt_tokens").asLong();
      long completion = usage.path("completion_tokens").asLong();
      assertThat(prompt).isPositive();
      assertThat(completion).isPositive();
      assertThat(usage.path("total_tokens").asLong()).isEqualTo(prompt + completion);
      assertThat(usage.path("cost_usd").asDouble())
          .isCloseTo((prompt * 0.15 + completion * 0.60) / 1e6, within(1e-12));
    }

    @Test
    void noTraceUnlessAsked() {
      ObjectNode request = rolloutBody(5, "keyword-baseline");
      request.withObjectProperty("record").put("return_trace", false);

      Reply reply = calls.post("/rollout", request.toString(), AUTH);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().has("trace")).isTrue();
      assertThat(reply.json().path("trace").isNull()).isTrue();
    }

    @Test
    void wrongAnswerScoresZero() {
      Reply reply = calls.post("/rollout", rolloutBody(1, "majority-baseline").toString(), AUTH);

      assertThat(reply.json().at("/metrics/details/predicted").asText()).isEqualTo("card_lost");
      assertThat(reply.json().at("/metrics/details/correct").asBoolean()).isFalse();
      assertThat(reply.json().at("/metrics/mean_return").asDouble()).isZero();
      assertThat(reply.json().at("/trace/event_history/0/llm_response/usage/cost_usd").asDouble())
          .isPositive();
    }

    @Test
    void sameSeedGivesTheSameResultAndSeedsWrapAround() {
      String request = rolloutBody(13, "keyword-baseline").toString();

      JsonNode first = calls.post("/rollout", request, AUTH).json();
      JsonNode second = calls.post("/rollout", request, AUTH).json();
      JsonNode wrapped = calls.post("/rollout",
          rolloutBody(13 + 72, "keyword-baseline").toString(), AUTH).json();

      assertThat(second.path("metrics")).isEqualTo(first.path("metrics"));
      assertThat(second.at("/trace/event_history/0/llm_response"))
          .isEqualTo(first.at("/trace/event_history/0/llm_response"));
      assertThat(second.at("/trace/metadata")).isEqualTo(first.at("/trace/metadata"));
      assertThat(wrapped.at("/metrics/details")).isEqualTo(first.at("/metrics/details"));
    }

    @Test
    void unknownModelWithoutInferenceUrlIs400() {
      Reply reply = calls.post("/rollout", rolloutBody(0, "gpt-imaginary").toString(), AUTH);

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().path("detail").asText()).startsWith("unknown model 'gpt-imaginary'");
    }

    @Test
    void unknownEnvNameIs400() {
      ObjectNode request = rolloutBody(0, "keyword-baseline");
      request.withObjectProperty("env").put("env_name", "banking77");

      Reply reply = calls.post("/rollout", request.toString(), AUTH);

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().path("detail").asText()).contains("banking77");
    }

    @Test
    void failSeedsAnswer500() {
      ObjectNode request = rolloutBody(4, "keyword-baseline");
      request.withObjectProperty("env").withObjectProperty("config").putArray("fail_seeds")
          .add(3).add(4);

      Reply reply = calls.post("/rollout", request.toString(), AUTH);

      assertThat(reply.status()).isEqualTo(500);
      assertThat(reply.json().path("detail").asText()).contains("seed 4");
      request.withObjectProperty("env").put("seed", 5);
      assertThat(calls.post("/rollout", request.toString(), AUTH).status()).isEqualTo(200);
    }

    @Test
    void delayMsHoldsTheAnswerThatLong() {
      ObjectNode request = rolloutBody(4, "keyword-baseline");
      request.withObjectProperty("env").withObjectProperty("config").put("delay_ms", 250);

      long start = System.nanoTime();
      Reply reply = calls.post("/rollout", request.toString(), AUTH);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(250_000_000L);
    }

    @Test
    void delayMsOutOfRangeIs400NamingTheRange() {
      ObjectNode request = rolloutBody(4, "keyword-baseline");
      request.withObjectProperty("env").withObjectProperty("config").put("delay_ms", 60_000);

      Reply reply = calls.post("/rollout", request.toString(), AUTH);

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().path("detail").asText()).contains("delay_ms")
          .contains("from 0 to 10000").contains("60000");
    }

    @Test
    void doneAnswersOk() {
      Reply reply = calls.post("/done", "{}", AUTH);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().path("ok").asBoolean()).isTrue();
    }
  }

  @Nested
  class InvalidBody {

    @Test
    void missingFieldsAreListedPydanticStyle() {
      Reply reply = calls.post("/rollout", "{\"env\":{\"seed\":\"x\"}}", AUTH);

      assertThat(reply.status()).isEqualTo(422);
      List<String> locs = new ArrayList<>();
      for (JsonNode error : reply.json().path("detail")) {
        assertThat(error.has("type")).isTrue();
        assertThat(error.path("loc").isArray()).isTrue();
        assertThat(error.path("msg").asText()).isNotBlank();
        assertThat(error.has("input")).isTrue();
        locs.add(error.path("loc").toString());
      }
      assertThat(locs).containsExactlyInAnyOrder(
          "[\"body\",\"run_id\"]", "[\"body\",\"policy\"]", "[\"body\",\"env\",\"seed\"]");
      assertThat(reply.json().at("/detail/0/type").asText()).isEqualTo("missing");
    }

    @Test
    void notJsonIsJsonInvalid() {
      Reply reply = calls.post("/rollout", "{not json", AUTH);

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.json().at("/detail/0/type").asText()).isEqualTo("json_invalid");
      assertThat(reply.json().at("/detail/0/loc/0").asText()).isEqualTo("body");
    }

    @Test
    void wrongTypesAreNamed() {
      ObjectNode request = rolloutBody(0, "keyword-baseline");
      request.put("env", "intents");
      request.withObjectProperty("record").put("return_trace", "yes");

      Reply reply = calls.post("/rollout", request.toString(), AUTH);

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.json().path("detail")).extracting(e -> e.path("type").asText())
          .containsExactlyInAnyOrder("model_attributes_type", "bool_type");
    }

    @Test
    void echoedInputCarriesNoInferenceKey() {
      ObjectNode request = rolloutBody(0, "some-model");
      request.remove("run_id");
      request.withObjectProperty("policy").withObjectProperty("config")
          .put("api_key", "sk-very-secret-1234");

      Reply reply = calls.post("/rollout", request.toString(), AUTH);

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.raw()).doesNotContain("sk-very-secret-1234").contains("***");
    }
  }

  @Nested
  class Descriptions {

    @Test
    void infoDescribesServiceDatasetAndModels() {
      Reply reply = calls.get("/info", AUTH);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().at("/service/task/id").asText()).isEqualTo("intents");
      assertThat(reply.json().at("/dataset/size").asInt()).isEqualTo(72);
      assertThat(reply.json().at("/dataset/intents")).hasSize(8);
      assertThat(reply.json().at("/inference/models").toString())
          .contains("keyword-baseline", "majority-baseline");
      assertThat(reply.json().has("rubrics")).isTrue();
      assertThat(reply.json().has("limits")).isTrue();
    }

    @Test
    void taskInfoWithoutSeedIsTheTaskset() {
      Reply reply = calls.get("/task_info", AUTH);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().at("/taskset/id").asText()).isEqualTo("intents");
      assertThat(reply.json().at("/taskset/size").asInt()).isEqualTo(72);
    }

    @Test
    void taskInfoForOneSeedIsAnObjectWithoutTheAnswer() {
      Reply reply = calls.get("/task_info?seed=3", AUTH);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().isObject()).isTrue();
      assertThat(reply.json().at("/task_metadata/seed").asLong()).isEqualTo(3);
      assertThat(reply.json().at("/task_metadata/query").asText()).contains("refund");
      assertThat(reply.raw()).doesNotContain("\"expected\"");
    }

    @Test
    void taskInfoForSeveralSeedsIsAnArrayInOrder() {
      Reply reply = calls.get("/task_info?seed=7&seed=2", AUTH);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().isArray()).isTrue();
      assertThat(reply.json()).extracting(n -> n.at("/task_metadata/seed").asLong())
          .containsExactly(7L, 2L);
    }

    @Test
    void taskInfoWithANonNumericSeedIs422() {
      Reply reply = calls.get("/task_info?seed=abc", AUTH);

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.json().at("/detail/0/loc").toString()).isEqualTo("[\"query\",\"seed\",0]");
    }
  }
}
