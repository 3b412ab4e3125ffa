package dev.evalunit.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.TestEngines;
import dev.evalunit.engine.descriptor.RolloutFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Anything thrown while a seed runs, an {@link Error} included, ends that seed as a counted
 * error with a {@code results.jsonl} row and a message naming it (issue 10: an
 * {@code OutOfMemoryError} used to leave no row and a verdict saying "0 errored"). The errors are
 * thrown by an interceptor on the engine's HTTP client, where a huge body would throw them.
 */
class ThrownErrorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path outputDir;

  /** Seed 0's calls run out of memory, seed 1's overflow the stack. */
  static final class Throwing implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Buffer body = new Buffer();
      chain.request().body().writeTo(body);
      long seed = JSON.readTree(body.readUtf8()).get("env").get("seed").asLong();
      throw seed == 0 ? new OutOfMemoryError("Java heap space") : new StackOverflowError();
    }
  }

  @Test
  void anErrorInARolloutIsThatSeedsCountedErrorWithARow() throws Exception {
    EngineExecutionResults results = EngineTestKit.engine(
            TestEngines.intercepted(Map.of(), outputDir, new Throwing()))
        .configurationParameter("evalunit.taskApp.url", "http://127.0.0.1:9")
        .configurationParameter("evalunit.taskApp.probe", "none") // the rollout itself throws
        .configurationParameter("evalunit.seeds", "0..1")
        .configurationParameter("evalunit.concurrency", "2")
        .selectors(selectClass(FaultSuite.class))
        .execute();

    List<JsonNode> rows = Files.readAllLines(outputDir.resolve("target/evalunit/"
        + FaultSuite.class.getName() + "/results.jsonl")).stream().map(ThrownErrorTest::parse)
        .toList();
    assertThat(rows).hasSize(2);
    for (JsonNode row : rows) {
      assertThat(row.get("status").asText()).isEqualTo("errored");
      assertThat(row.get("error").get("type").asText()).isEqualTo("internal");
      assertThat(row.get("error").get("message").asText())
          .startsWith("seed " + row.get("seed").asLong() + ": internal error in the engine: ");
    }
    assertThat(failure(results, "seed 0")).isInstanceOf(RolloutFailedException.class)
        .hasMessage("seed 0: internal error in the engine: java.lang.OutOfMemoryError: "
            + "Java heap space");
    assertThat(failure(results, "seed 1")).isInstanceOf(RolloutFailedException.class)
        .hasMessage("seed 1: internal error in the engine: java.lang.StackOverflowError");
    assertThat(failure(results, "verdict").getMessage())
        .contains("no seed completed (2 errored, 0 not run)");
  }

  private static Throwable failure(EngineExecutionResults results, String displayName) {
    Event event = results.allEvents().finished().list().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName)
            || e.getTestDescriptor().getUniqueId().getLastSegment().getType().equals(displayName))
        .findFirst()
        .orElseThrow(() -> new AssertionError(displayName + " did not finish"));
    TestExecutionResult result = event.getRequiredPayload(TestExecutionResult.class);
    assertThat(result.getStatus()).as(displayName).isEqualTo(TestExecutionResult.Status.FAILED);
    return result.getThrowable().orElseThrow();
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not a whole JSON row: " + line, e);
    }
  }
}
