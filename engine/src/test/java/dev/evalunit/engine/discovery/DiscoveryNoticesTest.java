package dev.evalunit.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.evalunit.engine.MapParameters;
import dev.evalunit.engine.config.SuiteConfigResolver;
import dev.evalunit.engine.descriptor.EvalEngineDescriptor;
import dev.evalunit.engine.fixtures.BrokenSuite;
import dev.evalunit.engine.fixtures.PassingSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * On platforms before 1.13 (Spring Boot 3.2 to 3.5 pin JUnit 5.10 to 5.12) there is no
 * discovery issue API: what would be an issue is a console line, and discovery goes on.
 */
class DiscoveryNoticesTest {

  @Test
  void withoutTheIssueApiAMisconfiguredSuiteIsALineAndTheOtherSuitesStillResolve() {
    List<String> lines = new ArrayList<>();
    EvalEngineDescriptor root = new EvalEngineDescriptor(UniqueId.forEngine("evalunit"));
    SuiteConfigResolver configs = new SuiteConfigResolver(new MapParameters(Map.of()), Map.of(),
        Path.of("."));

    new SuiteDiscovery(configs, context -> DiscoveryNotices.printing(lines::add)).discover(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(BrokenSuite.class), selectClass(PassingSuite.class)).build(),
        root);

    assertThat(lines).singleElement().asString()
        .startsWith("[evalunit] discovery warning: evalunit suite " + BrokenSuite.class.getName()
            + " is misconfigured: ")
        .contains("\"zero..two\"");
    assertThat(root.getChildren()).hasSize(2);
  }

  @Test
  void noticesAreMarkedAsNotices() {
    List<String> lines = new ArrayList<>();
    DiscoveryNotices.printing(lines::add).info(PassingSuite.class, "key x ignored");
    assertThat(lines).containsExactly("[evalunit] discovery notice: key x ignored");
  }
}
