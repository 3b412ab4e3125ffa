package dev.evalunit.samples.taskapp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The descriptive answers: {@code GET /info} and {@code GET /task_info}. */
final class IntentTaskInfo {

  static final String VERSION = "1.0.0";

  private final IntentDataset dataset;

  IntentTaskInfo(IntentDataset dataset) {
    this.dataset = dataset;
  }

  ObjectNode info() {
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.putObject("service").put("version", VERSION).set("task", task());
    info.set("dataset", dataset());
    info.set("rubrics", rubric());
    info.set("inference", inference());
    info.set("limits", limits());
    return info;
  }

  /** {@code GET /task_info} without a seed. */
  ObjectNode taskset() {
    ObjectNode taskset = task().put("size", dataset.size());
    intentsInto(taskset);
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.set("taskset", taskset);
    return answer;
  }

  /** {@code GET /task_info?seed=N}: the task as this seed poses it (without the answer). */
  ObjectNode forSeed(long seed) {
    IntentExample example = dataset.forSeed(seed);
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.set("task", task());
    info.put("environment", IntentDataset.ENV_NAME);
    info.set("dataset", dataset().put("index", example.index()));
    info.set("rubric", rubric());
    info.set("inference", inference());
    info.set("limits", limits());
    info.putObject("task_metadata").put("seed", seed).put("index", example.index())
        .put("query", example.text());
    return info;
  }

  private ObjectNode task() {
    return JsonNodeFactory.instance.objectNode()
        .put("id", IntentDataset.ENV_NAME)
        .put("name", "Banking intent classification")
        .put("version", VERSION);
  }

  private ObjectNode dataset() {
    ObjectNode node = JsonNodeFactory.instance.objectNode()
        .put("id", IntentDataset.ENV_NAME)
        .put("split", "train")
        .put("size", dataset.size());
    intentsInto(node);
    return node;
  }

  private void intentsInto(ObjectNode node) {
    dataset.intents().forEach(node.withArray("intents")::add);
  }

  private static ObjectNode rubric() {
    ObjectNode rubric = JsonNodeFactory.instance.objectNode();
    rubric.putObject("outcome").withArray("criteria").addObject()
        .put("id", "correct_intent")
        .put("description", "The predicted intent equals the labelled intent")
        .put("weight", 1.0);
    return rubric;
  }

  private static ObjectNode inference() {
    ObjectNode inference = JsonNodeFactory.instance.objectNode()
        .put("supports_proxy", false)
        .put("endpoint", "any OpenAI-compatible /chat/completions via policy.config.inference_url");
    inference.withArray("models").add(KeywordPolicy.MODEL).add(MajorityPolicy.MODEL);
    inference.withArray("output_modes").add("tool_calls").add("text");
    return inference;
  }

  private static ObjectNode limits() {
    return JsonNodeFactory.instance.objectNode().put("max_turns", 1).put("max_steps", 1);
  }
}
