package dev.evalunit.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.evalunit.engine.TestEngines;
import dev.evalunit.engine.fixtures.PassingSuite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Issue 11: every seed has a source an IDE navigates to, its suite class, and it is one that
 * keeps Surefire's testcase names: a method source on the suite class named after the class
 * (IntelliJ's JavaTestLocator resolves that to the class) with the seed as parameter (Surefire
 * then names the testcase by the legacy reporting name, the seed's display name). A class source
 * would leave the name empty in Surefire's XML; the XML itself is checked by the samples'
 * SurefireReportCheck.
 */
class SeedSourceTest {

  private static List<? extends TestDescriptor> children(TestDescriptor root) {
    return List.copyOf(root.getChildren().iterator().next().getChildren());
  }

  private static TestDescriptor discover(org.junit.platform.engine.DiscoverySelector selector) {
    return EngineTestKit.engine(TestEngines.hermetic(Map.of(), Path.of(".")))
        .selectors(selector).discover().getEngineDescriptor();
  }

  @Test
  void everySeedsSourceIsItsSuiteClassNamedByItsDisplayName() {
    TestDescriptor root = discover(selectClass(PassingSuite.class));
    TestDescriptor suite = root.getChildren().iterator().next();
    List<? extends TestDescriptor> seeds = children(root).stream()
        .filter(d -> d instanceof SeedDescriptor).toList();

    assertThat(suite.getSource()).contains(ClassSource.from(PassingSuite.class));
    assertThat(seeds).hasSize(3).allSatisfy(seed -> {
      TestSource source = seed.getSource().orElseThrow();
      assertThat(source).isInstanceOf(MethodSource.class);
      MethodSource method = (MethodSource) source;
      assertThat(method.getClassName()).isEqualTo(PassingSuite.class.getName());
      assertThat(method.getMethodName()).isEqualTo(PassingSuite.class.getSimpleName());
      assertThat(method.getMethodParameterTypes()).isEqualTo("long");
      assertThat(method.getJavaClass()).isEqualTo(PassingSuite.class);
      assertThat(seed.getLegacyReportingName()).isEqualTo(seed.getDisplayName());
    });
    // One source object for all seeds of a suite: a million seeds do not hold a million.
    assertThat(seeds.get(0).getSource().orElseThrow())
        .isSameAs(seeds.get(2).getSource().orElseThrow());
  }

  @Test
  void aSeedSelectedByUniqueIdHasTheSameSource() {
    TestDescriptor whole = discover(selectClass(PassingSuite.class));
    TestDescriptor seed = children(whole).get(1);

    TestDescriptor alone = discover(selectUniqueId(seed.getUniqueId()));

    assertThat(children(alone)).hasSize(1);
    assertThat(children(alone).get(0).getSource()).isEqualTo(seed.getSource());
    assertThat(children(alone).get(0).getDisplayName()).isEqualTo("seed 1");
  }
}
