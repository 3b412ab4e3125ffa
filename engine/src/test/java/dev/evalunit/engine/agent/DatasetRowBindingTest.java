package dev.evalunit.engine.agent;

import static dev.evalunit.engine.agent.InProcessRolloutTest.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.Dataset;
import dev.evalunit.EvalSuite;
import dev.evalunit.Rollout;
import dev.evalunit.Threshold;
import dev.evalunit.agent.AgentContext;
import dev.evalunit.agent.EvalOutput;
import dev.evalunit.agent.TestResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A @Dataset row reaches the rollout method as the method's own record type. */
class DatasetRowBindingTest {

  record Question(String instance_id, String text, String label) {}

  @EvalSuite
  @Dataset(file = "questions.jsonl")
  @Threshold(score = 0.5)
  static class RowSuite {
    @Rollout
    EvalOutput run(Question q, AgentContext ctx) {
      String answer = q.text().contains("card") ? "lost_card" : "other";
      return EvalOutput.of(q.text(), TestResult.passed(answer.equals(q.label()))
          .withDetail("answer", answer));
    }
  }

  /** Plain seeds have no row to bind to a record. */
  @EvalSuite(seeds = "0")
  static class NoRowSuite {
    @Rollout
    EvalOutput run(Question q, AgentContext ctx) {
      return EvalOutput.of("never", TestResult.of(1.0));
    }
  }

  @TempDir Path dir;

  @BeforeEach
  void dataset() throws IOException {
    Files.writeString(dir.resolve("questions.jsonl"), """
        {"instance_id": "b77-card", "text": "I lost my card", "label": "lost_card", "extra": 1}
        {"instance_id": "b77-pin", "text": "Change my PIN", "label": "change_pin"}
        """);
  }

  @Test
  void eachRowIsBoundByFieldNameAndItsIdNamesTheTestAndTheOutputLine() throws IOException {
    var results = InProcessRolloutTest.kit(dir).selectors(selectClass(RowSuite.class)).execute();

    // b77-card is answered right, b77-pin wrong (score 0 < 0.5); the verdict passes.
    results.testEvents().assertStatistics(s -> s.succeeded(2).failed(1));
    List<JsonNode> output = lines(InProcessRolloutTest.out(dir, RowSuite.class)
        .resolve("output.jsonl"));
    assertThat(output).extracting(l -> l.get("instance_id").asText())
        .containsExactlyInAnyOrder("b77-card", "b77-pin");
    JsonNode card = output.stream().filter(l -> l.get("instance_id").asText().equals("b77-card"))
        .findFirst().orElseThrow();
    assertThat(card.get("instruction").asText()).isEqualTo("I lost my card");
    assertThat(card.get("test_result").get("answer").asText()).isEqualTo("lost_card");
    assertThat(card.get("instance").get("label").asText()).isEqualTo("lost_card");
    assertThat(card.get("metadata").get("dataset").asText()).isEqualTo("questions.jsonl");
  }

  @Test
  void aRecordParameterWithoutADatasetIsASeedErrorSayingWhatToDeclare() {
    InProcessRolloutTest.kit(dir).selectors(selectClass(NoRowSuite.class)).execute()
        .testEvents().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
            message(m -> m.startsWith("seed 0: no dataset row to bind to ")
                && m.contains("declare the first parameter as Instance or long")))));
  }
}
