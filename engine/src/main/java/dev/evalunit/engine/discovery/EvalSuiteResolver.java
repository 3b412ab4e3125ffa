package dev.evalunit.engine.discovery;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.evalunit.engine.config.ConfigException;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.Shard;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.config.SuiteConfigResolver;
import dev.evalunit.engine.descriptor.BaselineGateDescriptor;
import dev.evalunit.engine.descriptor.SeedDescriptor;
import dev.evalunit.engine.descriptor.SuiteDescriptor;
import dev.evalunit.engine.descriptor.VariantDescriptor;
import dev.evalunit.engine.descriptor.VerdictDescriptor;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;

/**
 * Resolves class, method and unique-id selectors into the suite tree. A class expands into its
 * seeds (or variants), verdict and baseline gate as unique-id selectors, so a unique id of any node resolves to
 * exactly that node: that is how an IDE re-runs one seed. Reads local config only.
 */
final class EvalSuiteResolver implements SelectorResolver {

  private final Predicate<String> classNameFilter;
  private final SuiteConfigResolver configs;
  private final DiscoveryNotices notices;

  EvalSuiteResolver(Predicate<String> classNameFilter, SuiteConfigResolver configs,
      DiscoveryNotices notices) {
    this.classNameFilter = classNameFilter;
    this.configs = configs;
    this.notices = notices;
  }

  @Override
  public Resolution resolve(ClassSelector selector, Context context) {
    Class<?> suiteClass = selector.getJavaClass();
    if (!IsEvalSuite.INSTANCE.test(suiteClass) || !classNameFilter.test(suiteClass.getName())) {
      return Resolution.unresolved();
    }
    return suite(suiteClass, context);
  }

  /** A method of a suite class (an IDE gutter or {@code Class#method}) runs the whole suite. */
  @Override
  public Resolution resolve(MethodSelector selector, Context context) {
    Class<?> suiteClass = selector.getJavaClass();
    if (!IsEvalSuite.INSTANCE.test(suiteClass)) {
      return Resolution.unresolved();
    }
    return Resolution.selectors(Set.of(selectClass(suiteClass)));
  }

  @Override
  public Resolution resolve(UniqueIdSelector selector, Context context) {
    UniqueId id = selector.getUniqueId();
    UniqueId.Segment last = id.getLastSegment();
    switch (last.getType()) {
      case SuiteDescriptor.SEGMENT_TYPE -> {
        return ReflectionSupport.tryToLoadClass(last.getValue()).toOptional()
            .filter(IsEvalSuite.INSTANCE)
            .map(suiteClass -> suite(suiteClass, context))
            .orElse(Resolution.unresolved());
      }
      case VariantDescriptor.SEGMENT_TYPE -> {
        return context.addToParent(() -> selectUniqueId(id.removeLastSegment()),
                parent -> existingChild(parent, id, VariantDescriptor.class)
                    .or(() -> suiteOf(parent).flatMap(s -> s.variant(last.getValue()))
                        .map(v -> new VariantDescriptor(parent.getUniqueId(), v))))
            .map(variant -> Resolution.match(Match.exact(variant,
                () -> addChildren(variant, variant.variant(),
                    suiteOf(variant).flatMap(SuiteDescriptor::config).orElseThrow(),
                    configs.shard()))))
            .orElse(Resolution.unresolved());
      }
      case SeedDescriptor.SEGMENT_TYPE -> {
        return context.addToParent(() -> selectUniqueId(id.removeLastSegment()),
                parent -> existingChild(parent, id, SeedDescriptor.class)
                    .or(() -> suiteOf(parent).flatMap(s -> s.seed(last.getValue())
                        // Another shard's seed is not a test of this run.
                        .filter(seed -> configs.shard().includes(variantOf(parent), seed))
                        .map(seed -> new SeedDescriptor(parent.getUniqueId(), variantOf(parent),
                            seed, s.config().orElseThrow().output().seedLines())))))
            .map(seed -> Resolution.match(Match.exact(seed)))
            .orElse(Resolution.unresolved());
      }
      case VerdictDescriptor.SEGMENT_TYPE -> {
        return context.addToParent(() -> selectUniqueId(id.removeLastSegment()),
                parent -> existingChild(parent, id, VerdictDescriptor.class)
                    .or(() -> suiteOf(parent).filter(s -> s.config().isPresent())
                        .map(s -> new VerdictDescriptor(parent.getUniqueId(), variantOf(parent)))))
            .map(verdict -> Resolution.match(Match.exact(verdict)))
            .orElse(Resolution.unresolved());
      }
      case BaselineGateDescriptor.SEGMENT_TYPE -> {
        return context.addToParent(() -> selectUniqueId(id.removeLastSegment()),
                parent -> existingChild(parent, id, BaselineGateDescriptor.class)
                    .or(() -> suiteOf(parent).flatMap(SuiteDescriptor::config)
                        .filter(c -> c.baseline().gated()
                            && BaselineGateDescriptor.SEGMENT_VALUE.equals(last.getValue()))
                        .map(c -> new BaselineGateDescriptor(parent.getUniqueId(),
                            variantOf(parent)))))
            .map(gate -> Resolution.match(Match.exact(gate)))
            .orElse(Resolution.unresolved());
      }
      default -> {
        return Resolution.unresolved();
      }
    }
  }

  private Resolution suite(Class<?> suiteClass, Context context) {
    return context.addToParent(parent -> Optional.of(newSuite(parent.getUniqueId(), suiteClass)))
        .map(suite -> Resolution.match(Match.exact(suite, () -> suite.config()
            .map(config -> addChildren(suite, config, configs.shard()))
            .orElse(Set.of()))))
        .orElse(Resolution.unresolved());
  }

  private SuiteDescriptor newSuite(UniqueId parentId, Class<?> suiteClass) {
    try {
      // Notices (a config file's ignored keys) are worth reading, not worth failing a strict run.
      return SuiteDescriptor.valid(parentId, suiteClass, configs.resolve(suiteClass,
          notice -> notices.info(suiteClass, notice)));
    } catch (ConfigException e) {
      notices.warning(suiteClass,
          "evalunit suite " + suiteClass.getName() + " is misconfigured: " + e.getMessage());
      return SuiteDescriptor.broken(parentId, suiteClass, e);
    }
  }

  /**
   * Adds a selected suite's whole tree at once and returns no further selectors. Expanding it
   * into one unique-id selector per seed made the generic resolver hash, dispatch and look up
   * the parent of every seed, which dominated the discovery of large suites (500 suites x 200
   * seeds). Nodes that unique-id selectors already added are kept, never duplicated.
   */
  private static Set<DiscoverySelector> addChildren(SuiteDescriptor suite, SuiteConfig config,
      Shard shard) {
    if (!config.hasVariants()) {
      return addChildren(suite, Variant.DEFAULT, config, shard);
    }
    for (Variant variant : config.variants()) {
      UniqueId id = suite.getUniqueId().append(VariantDescriptor.SEGMENT_TYPE, variant.key());
      VariantDescriptor node = existingChild(suite, id, VariantDescriptor.class).orElseGet(() -> {
        VariantDescriptor added = new VariantDescriptor(suite.getUniqueId(), variant);
        suite.addChild(added);
        return added;
      });
      addChildren(node, variant, config, shard);
    }
    return Set.of();
  }

  /**
   * Adds a suite's or a variant's seeds and verdict, as {@link #addChildren(SuiteDescriptor,
   * SuiteConfig, Shard)} does for a whole suite: only this run's shard's seeds when it is one shard
   * (another shard's seeds are not tests here, not even skipped ones).
   */
  private static Set<DiscoverySelector> addChildren(TestDescriptor parent, Variant variant,
      SuiteConfig config, Shard shard) {
    if (config.seedsAtRunTime()) {
      // Selected whole: its seeds are learned when it runs (discovery does no network I/O).
      if (parent instanceof SuiteDescriptor suite) {
        suite.learnSeedsWhenRun();
      } else if (parent instanceof VariantDescriptor variantNode) {
        variantNode.learnSeedsWhenRun();
      }
    }
    Set<UniqueId> present = new HashSet<>();
    parent.getChildren().forEach(child -> present.add(child.getUniqueId()));
    for (SeedSpec seed : config.seeds()) {
      if (!shard.includes(variant, seed)) {
        continue;
      }
      SeedDescriptor node = new SeedDescriptor(parent.getUniqueId(), variant, seed,
          config.output().seedLines());
      if (present.isEmpty() || !present.contains(node.getUniqueId())) {
        parent.addChild(node);
      }
    }
    VerdictDescriptor verdict = new VerdictDescriptor(parent.getUniqueId(), variant);
    if (!present.contains(verdict.getUniqueId())) {
      parent.addChild(verdict);
    }
    if (config.baseline().gated()) {
      BaselineGateDescriptor gate = new BaselineGateDescriptor(parent.getUniqueId(), variant);
      if (!present.contains(gate.getUniqueId())) {
        parent.addChild(gate);
      }
    }
    return Set.of();
  }

  /** The child with this id if the parent already has it (its suite was added whole). */
  private static <T extends TestDescriptor> Optional<T> existingChild(TestDescriptor parent,
      UniqueId id, Class<T> type) {
    for (TestDescriptor child : parent.getChildren()) {
      if (child.getUniqueId().equals(id)) {
        return type.isInstance(child) ? Optional.of(type.cast(child)) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The suite a node belongs to: itself, or the suite above a variant. */
  private static Optional<SuiteDescriptor> suiteOf(TestDescriptor node) {
    if (node instanceof SuiteDescriptor suite) {
      return Optional.of(suite);
    }
    if (node instanceof VariantDescriptor) {
      return node.getParent().flatMap(EvalSuiteResolver::suiteOf);
    }
    return Optional.empty();
  }

  private static Variant variantOf(TestDescriptor parent) {
    return parent instanceof VariantDescriptor v ? v.variant() : Variant.DEFAULT;
  }
}
