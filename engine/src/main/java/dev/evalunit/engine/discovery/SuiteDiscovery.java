package dev.evalunit.engine.discovery;

import dev.evalunit.engine.config.SuiteConfigResolver;
import dev.evalunit.engine.descriptor.EvalEngineDescriptor;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;

/** Builds the test tree for a discovery request: selectors in, descriptors out. */
public final class SuiteDiscovery {

  private final EngineDiscoveryRequestResolver<EvalEngineDescriptor> resolver;

  public SuiteDiscovery(SuiteConfigResolver configs) {
    this.resolver = EngineDiscoveryRequestResolver.<EvalEngineDescriptor>builder()
        .addClassContainerSelectorResolver(IsEvalSuite.INSTANCE)
        .addSelectorResolver(context -> new EvalSuiteResolver(
            context.getClassNameFilter(), configs, context.getIssueReporter()))
        .build();
  }

  public void discover(EngineDiscoveryRequest request, EvalEngineDescriptor root) {
    resolver.resolve(request, root);
  }
}
