package dev.evalunit.engine.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.evalunit.Dataset;
import dev.evalunit.EvalSuite;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** A JSONL dataset: one test per row, shown by its id, its index sent as the seed. */
class DatasetExecutionTest {

  @EvalSuite(env = "swe")
  @Dataset(file = "data/instances.jsonl")
  static class InstanceSuite {}

  @TempDir Path dir;
  @RegisterExtension
  final WireMockExtension taskApp = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @BeforeEach
  void start() {
    ConfigTestSupport.write(dir, "data/instances.jsonl", """
        {"instance_id": "django__django-11099", "repo": "django/django"}
        {"instance_id": "sympy__sympy-20590", "repo": "sympy/sympy"}
        """);
        taskApp.stubFor(post(urlEqualTo("/rollout")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"metrics\":{\"mean_return\":1.0}}")));
  }

  private EngineTestKit.Builder kit() {
    return EngineTestKit.engine(ConfigTestSupport.engine(Map.of(), dir))
        .configurationParameter("evalunit.taskApp.url", taskApp.baseUrl());
  }

  @Test
  void eachRowIsATestNamedByItsIdThatSendsItsIndexAndRow() {
    TestDescriptor suite = kit().selectors(selectClass(InstanceSuite.class)).discover()
        .getEngineDescriptor().getChildren().iterator().next();
    assertThat(suite.getChildren()).extracting(TestDescriptor::getDisplayName)
        .containsExactly("django__django-11099", "sympy__sympy-20590", "suite verdict");

    EngineExecutionResults results = kit().selectors(selectClass(InstanceSuite.class)).execute();

    results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    taskApp.verify(1, postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("1")))
        .withRequestBody(matchingJsonPath("$.env.config.instance.instance_id",
            equalTo("sympy__sympy-20590")))
        .withRequestBody(matchingJsonPath("$.env.config.instance.repo", equalTo("sympy/sympy"))));
  }

  @Test
  void aUniqueIdByInstanceIdRerunsThatRow() {
    UniqueId row = UniqueId.forEngine("evalunit").append("suite", InstanceSuite.class.getName())
        .append("seed", "sympy__sympy-20590");

    kit().selectors(selectUniqueId(row)).execute()
        .testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    taskApp.verify(1, postRequestedFor(urlEqualTo("/rollout")));
    taskApp.verify(1, postRequestedFor(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo("1"))));
  }
}
