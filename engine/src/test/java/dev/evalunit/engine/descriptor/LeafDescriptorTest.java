package dev.evalunit.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** A seed's descriptor keeps no children set, yet behaves like any descriptor in the tree. */
class LeafDescriptorTest {

  private final UniqueId suite = UniqueId.forEngine("evalunit").append("suite", "S");

  @Test
  void aSeedIsALeafWithoutAChildrenSetEqualByItsUniqueId() {
    SeedDescriptor seed = new SeedDescriptor(suite, Variant.DEFAULT, SeedSpec.of(7), false);
    assertThat(seed).isNotInstanceOf(AbstractTestDescriptor.class);
    assertThat(seed.getChildren()).isEmpty();
    assertThat(seed.getUniqueId()).isEqualTo(suite.append("seed", "7"));
    assertThat(seed.getDisplayName()).isEqualTo("seed 7");
    assertThat(seed).isEqualTo(new SeedDescriptor(suite, Variant.DEFAULT, SeedSpec.of(7), true))
        .hasSameHashCodeAs(new SeedDescriptor(suite, Variant.DEFAULT, SeedSpec.of(7), true))
        .isNotEqualTo(new SeedDescriptor(suite, Variant.DEFAULT, SeedSpec.of(8), false));
    assertThat(seed.findByUniqueId(seed.getUniqueId()).orElseThrow()).isSameAs(seed);
    assertThatThrownBy(() -> seed.addChild(seed))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void removingASeedFromItsParentPrunesIt() {
    EvalEngineDescriptor root = new EvalEngineDescriptor(UniqueId.forEngine("evalunit"));
    SeedDescriptor seed = new SeedDescriptor(root.getUniqueId(), Variant.DEFAULT, SeedSpec.of(1),
        false);
    root.addChild(seed);
    assertThat(seed.getParent()).contains(root);
    seed.removeFromHierarchy();
    assertThat(root.getChildren()).isEmpty();
  }
}
