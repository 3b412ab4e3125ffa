package dev.evalunit.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;

import dev.evalunit.EvalSuite;
import dev.evalunit.engine.TestEngines;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Jupiter's {@code @Tag} and {@code @Disabled} count where Jupiter counts them: on composed
 * annotations too, and inherited from a superclass.
 */
class ComposedAnnotationsTest {

  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @Tag("nightly")
  @Tag("llm")
  @interface Nightly {}

  /** Two levels deep: a composed annotation carrying another. */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @Nightly
  @Tag("expensive")
  @interface Expensive {}

  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @Disabled("backend outage")
  @interface Quarantined {}

  @Expensive
  @EvalSuite(taskApp = "http://127.0.0.1:9", env = "intents", seeds = "0, 1")
  static class ComposedTagSuite {}


  @Tag("inherited")
  static class TaggedBase {}

  @EvalSuite(taskApp = "http://127.0.0.1:9", env = "intents", seeds = "0")
  static class InheritingSuite extends TaggedBase {}

  @Quarantined
  @EvalSuite(taskApp = "http://127.0.0.1:9", env = "intents", seeds = "0")
  static class QuarantinedSuite {}

  private final EngineTestKit.Builder kit =
      EngineTestKit.engine(TestEngines.hermetic(Map.of(), Path.of(".")));

  @Test
  void tagsOnComposedAnnotationsAtAnyDepthReachTheSuiteAndItsTests() {
    TestDescriptor suite = suite(ComposedTagSuite.class);
    assertThat(suite.getTags()).containsExactlyInAnyOrder(TestTag.create("expensive"),
        TestTag.create("nightly"), TestTag.create("llm"));
    assertThat(suite.getChildren()).allSatisfy(child ->
        assertThat(child.getTags()).contains(TestTag.create("nightly")));
  }

  @Test
  void tagsOfASuperclassAreInherited() {
    assertThat(suite(InheritingSuite.class).getTags())
        .containsExactly(TestTag.create("inherited"));
  }

  @Test
  void disabledOnAComposedAnnotationSkipsTheSuiteWithItsReason() {
    kit.selectors(selectClass(QuarantinedSuite.class)).execute().containerEvents()
        .assertThatEvents().haveExactly(1, event(container(), displayName("QuarantinedSuite"),
            skippedWithReason("backend outage")));
  }

  private TestDescriptor suite(Class<?> suiteClass) {
    return kit.selectors(selectClass(suiteClass)).discover().getEngineDescriptor().getChildren()
        .iterator().next();
  }
}
