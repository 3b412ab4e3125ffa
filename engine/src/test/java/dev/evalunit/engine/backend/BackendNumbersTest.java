package dev.evalunit.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backend result rows follow the same number rules as task-app replies (issue 10). */
class BackendNumbersTest {

  @Test
  void brokenNumbersErrorTheirSeedOnlyNamingFieldAndValue() throws Exception {
    String document = """
        {"results": [
          {"seed": 0, "score": 1e308},
          {"seed": 1, "score": 1.0, "cost_usd": -1000},
          {"seed": 2, "score": 1.0, "tokens": 1e308},
          {"seed": 3, "score": 1.0, "latency_ms": -5},
          {"seed": 4, "score": 0.5, "tokens": 1200, "cost_usd": 0.01, "latency_ms": 12.5}
        ]}""";
    List<SeedSpec> seeds = List.of(SeedSpec.of(0), SeedSpec.of(1), SeedSpec.of(2),
        SeedSpec.of(3), SeedSpec.of(4));

    Map<String, SeedResult> results = BackendResults.map(new ObjectMapper().readTree(document),
        "job-1", Variant.DEFAULT, seeds, Instant.now(), Instant.now(), s -> null);

    assertThat(results.get("0").error().message()).contains("\"score\" is 1.0E308");
    assertThat(results.get("1").error().message()).contains("\"cost_usd\" is -1000");
    assertThat(results.get("2").error().message()).contains("\"tokens\" is 1.0E308");
    assertThat(results.get("3").error().message()).contains("\"latency_ms\" is -5");
    for (String key : List.of("0", "1", "2", "3")) {
      assertThat(results.get(key).status()).isEqualTo(Status.ERRORED);
      assertThat(results.get(key).error().type()).isEqualTo("backend_protocol");
    }
    assertThat(results.get("4").status()).isEqualTo(Status.COMPLETED);
    assertThat(results.get("4").metrics().tokens()).isEqualTo(1200L);
  }
}
