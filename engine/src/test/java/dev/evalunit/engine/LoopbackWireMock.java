package dev.evalunit.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * The WireMock task app tests stand up: bound to 127.0.0.1 only, on a free port.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final WireMockExtension TASK_APP = LoopbackWireMock.extension();
 * ...
 * TASK_APP.stubFor(LoopbackWireMock.rolloutOfSeed(3).willReturn(LoopbackWireMock.json(body)));
 * }</pre>
 */
public final class LoopbackWireMock {

  private LoopbackWireMock() {}

  /** A WireMock server on 127.0.0.1 and a free port, started and stopped by JUnit. */
  public static WireMockExtension extension() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
  }

  /** HTTP 200 with a JSON body. */
  public static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  /** {@code POST /rollout} for one seed ({@code env.seed}). */
  public static MappingBuilder rolloutOfSeed(long seed) {
    return post(urlEqualTo("/rollout"))
        .withRequestBody(matchingJsonPath("$.env.seed", equalTo(Long.toString(seed))));
  }
}
