package dev.evalunit.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The taskset shapes {@code seeds = "task_info[:split]"} reads, and what it says otherwise. */
class TasksetSeedsTest {

  private static final String LABEL = "GET http://127.0.0.1:1/task_info";

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void wholeTasksetBySeedsOrSize() throws Exception {
    assertThat(TasksetSeeds.read(json("{\"seeds\":[4,2,9]}"), null, LABEL))
        .containsExactly(4L, 2L, 9L);
    assertThat(TasksetSeeds.read(json("{\"id\":\"x\",\"size\":3}"), null, LABEL))
        .containsExactly(0L, 1L, 2L);
    assertThat(TasksetSeeds.read(json("{\"dataset\":{\"size\":2}}"), null, LABEL))
        .containsExactly(0L, 1L);
  }

  @Test
  void aSplitByListSizeObjectOrSizesTable() throws Exception {
    assertThat(TasksetSeeds.read(json("{\"splits\":{\"test\":[7,8]}}"), "test", LABEL))
        .containsExactly(7L, 8L);
    assertThat(TasksetSeeds.read(json("{\"splits\":{\"test\":2}}"), "test", LABEL))
        .containsExactly(0L, 1L);
    assertThat(TasksetSeeds.read(json("{\"splits\":{\"test\":{\"size\":2}}}"), "test", LABEL))
        .containsExactly(0L, 1L);
    assertThat(TasksetSeeds.read(json("{\"splits\":[\"train\",\"test\"],"
        + "\"sizes\":{\"train\":9,\"test\":3}}"), "test", LABEL)).containsExactly(0L, 1L, 2L);
    assertThat(TasksetSeeds.read(json("{\"dataset\":{\"split_sizes\":{\"test\":1}}}"), "test",
        LABEL)).containsExactly(0L);
  }

  @Test
  void badShapesNameTheEndpointAndWhatWasExpected() throws Exception {
    assertThatThrownBy(() -> TasksetSeeds.read(json("{\"id\":\"x\"}"), null, LABEL))
        .isInstanceOf(TaskAppException.class)
        .hasMessageContaining(LABEL + " names no seeds").hasMessageContaining("it has id");
    assertThatThrownBy(() -> TasksetSeeds.read(json("{\"seeds\":[1,-2]}"), null, LABEL))
        .hasMessageContaining("lists -2 at index 1, expected a seed (a non-negative integer)");
    assertThatThrownBy(() -> TasksetSeeds.read(json("{\"splits\":[\"train\",\"val\"]}"), "test",
        LABEL)).hasMessageContaining("the splits it names: train, val");
    assertThatThrownBy(() -> TasksetSeeds.read(json("{\"size\":0}"), null, LABEL))
        .hasMessageContaining("has size 0, expected 1..1000000");
  }
}
