package dev.evalunit.engine.discovery;

import dev.evalunit.engine.config.SuiteConfigResolver;
import dev.evalunit.engine.descriptor.EvalEngineDescriptor;
import dev.evalunit.engine.descriptor.SuiteDescriptor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver.InitializationContext;

/** Builds the test tree for a discovery request: selectors in, descriptors out. */
public final class SuiteDiscovery {

  private final EngineDiscoveryRequestResolver<EvalEngineDescriptor> resolver;
  private final SuiteConfigResolver configs;

  public SuiteDiscovery(SuiteConfigResolver configs) {
    this(configs, DiscoveryNotices::of);
  }

  /** Notices printed through {@code console} where the platform takes no discovery issues. */
  public static SuiteDiscovery printingTo(SuiteConfigResolver configs, Consumer<String> console) {
    return new SuiteDiscovery(configs, context -> DiscoveryNotices.of(context, console));
  }

  /** For tests: notices as on a platform before 1.13. */
  SuiteDiscovery(SuiteConfigResolver configs,
      Function<InitializationContext<EvalEngineDescriptor>, DiscoveryNotices> notices) {
    this.configs = configs;
    this.resolver = EngineDiscoveryRequestResolver.<EvalEngineDescriptor>builder()
        .addClassContainerSelectorResolver(IsEvalSuite.INSTANCE)
        .addSelectorResolver(context -> new EvalSuiteResolver(
            context.getClassNameFilter(), configs, notices.apply(context)))
        .build();
  }

  public void discover(EngineDiscoveryRequest request, EvalEngineDescriptor root) {
    resolver.resolve(request, root);
    configs.warnAboutAbsentSuites(root.getChildren().stream()
        .filter(SuiteDescriptor.class::isInstance)
        .<Class<?>>map(child -> ((SuiteDescriptor) child).suiteClass())
        .toList());
  }
}
