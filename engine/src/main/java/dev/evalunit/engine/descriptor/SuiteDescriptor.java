package dev.evalunit.engine.descriptor;

import dev.evalunit.engine.config.ConfigException;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.EvalExecutionContext;
import dev.evalunit.engine.execution.RolloutKey;
import dev.evalunit.engine.execution.SuiteRun;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * An {@code @EvalSuite} class: a container with a {@link ClassSource} (so Surefire counts its
 * tests), holding seeds (or variants) and a verdict. Starting it schedules every selected
 * rollout; finishing it stops the suite's workers and task app.
 */
public final class SuiteDescriptor extends AbstractTestDescriptor
    implements Node<EvalExecutionContext> {

  public static final String SEGMENT_TYPE = "suite";
  private static final java.util.regex.Pattern SEED_NUMBER =
      java.util.regex.Pattern.compile("0|[1-9][0-9]{0,17}");
  /** The parameter of a seed's source: the seed number. */
  static final String SEED_PARAMETER = "long";

  private final Class<?> suiteClass;
  private final SuiteConfig config;
  private final ConfigException configError;
  private final Set<TestTag> tags;
  private final MethodSource seedSource;
  /** The seeds by key, built on the first lookup (selection by unique id) only. */
  private volatile Map<String, SeedSpec> seedsByKey;
  /** Set when the suite, selected whole, learns its seeds from the task app (no matrix). */
  private final LearnedSeeds learnedSeeds = new LearnedSeeds();

  private SuiteDescriptor(UniqueId uniqueId, Class<?> suiteClass, SuiteConfig config,
      ConfigException configError) {
    super(uniqueId, suiteClass.getSimpleName(), ClassSource.from(suiteClass));
    this.suiteClass = suiteClass;
    this.config = config;
    this.configError = configError;
    this.tags = Tags.of(suiteClass);
    this.seedSource = MethodSource.from(suiteClass.getName(), suiteClass.getSimpleName(),
        SEED_PARAMETER);
  }

  public static SuiteDescriptor valid(UniqueId parent, Class<?> suiteClass, SuiteConfig config) {
    return new SuiteDescriptor(idOf(parent, suiteClass), suiteClass, config, null);
  }

  /** A suite whose configuration is broken: it fails when run, other suites still run. */
  public static SuiteDescriptor broken(UniqueId parent, Class<?> suiteClass, ConfigException e) {
    return new SuiteDescriptor(idOf(parent, suiteClass), suiteClass, null, e);
  }

  public static UniqueId idOf(UniqueId parent, Class<?> suiteClass) {
    return parent.append(SEGMENT_TYPE, suiteClass.getName());
  }

  public Class<?> suiteClass() {
    return suiteClass;
  }

  /**
   * The source of every seed of this suite: the suite class, as the method named after it (its
   * constructor, in Java source terms) taking the seed. Not a {@link ClassSource}: Surefire
   * (3.2 to 3.6) leaves the name of a test with a class source empty in its XML. IntelliJ's
   * {@code JavaTestLocator} resolves a method named after its class to the class itself, so a
   * seed navigates to its suite class; Surefire names a test whose method source has parameter
   * types by its legacy reporting name, which for a seed is its display name.
   */
  public MethodSource seedSource() {
    return seedSource;
  }

  /** The resolved config, or empty when it is broken. */
  public Optional<SuiteConfig> config() {
    return Optional.ofNullable(config);
  }

  @Override
  public Type getType() {
    return Type.CONTAINER;
  }

  /** Suites run one after another, in the launcher's thread. */
  @Override
  public ExecutionMode getExecutionMode() {
    return ExecutionMode.SAME_THREAD;
  }

  @Override
  public String getLegacyReportingName() {
    return suiteClass.getName();
  }

  /**
   * A broken suite has no seeds; without this the launcher would prune it as empty and its
   * error would never be reported.
   */
  @Override
  public boolean mayRegisterTests() {
    return configError != null || config.seedsAtRunTime();
  }

  /**
   * Marks the suite (without a matrix) as selected whole, so that when it starts it asks the
   * task app for its seeds and registers each as a dynamic test. Discovery does no network I/O.
   */
  public void learnSeedsWhenRun() {
    learnedSeeds.learn();
  }

  @Override
  public Set<TestTag> getTags() {
    return tags;
  }

  @Override
  public SkipResult shouldBeSkipped(EvalExecutionContext context) {
    return disabledReason().map(SkipResult::skip).orElse(SkipResult.doNotSkip());
  }

  /** Jupiter's {@code @Disabled}, also on a composed annotation (see JupiterAnnotations). */
  private Optional<String> disabledReason() {
    return JupiterAnnotations.find(suiteClass, JupiterAnnotations.DISABLED).stream().findFirst()
        .map(disabled -> JupiterAnnotations.value(disabled).map(String::valueOf)
            .filter(reason -> !reason.isBlank())
            .orElse("@Disabled on " + suiteClass.getName()));
  }

  @Override
  public EvalExecutionContext before(EvalExecutionContext context) {
    if (configError != null) {
      throw configError;
    }
    if (context.options().printConfig()) {
      StringBuilder out = new StringBuilder("[evalunit] effective config of " + suiteClass.getName());
      config.effective().forEach((k, v) -> out.append("\n  ").append(k).append(" = ").append(v));
      System.out.println(out);
    }
    return context.withSuiteRun(SuiteRun.start(config, selectedRollouts(), variantsLearningSeeds(),
        context.services(), context.options()));
  }

  /** The variants that learn their seeds from the task app: the suite's one, or matrix columns. */
  private Set<Variant> variantsLearningSeeds() {
    if (learnedSeeds.learns()) {
      return Set.of(Variant.DEFAULT);
    }
    Set<Variant> variants = new LinkedHashSet<>();
    getChildren().forEach(child -> {
      if (child instanceof VariantDescriptor v && v.learnsSeeds()) {
        variants.add(v.variant());
      }
    });
    return variants;
  }

  /** Registers the seeds learned from the task app as dynamic tests (a suite without a matrix). */
  @Override
  public EvalExecutionContext execute(EvalExecutionContext context,
      DynamicTestExecutor dynamicTestExecutor) {
    if (!config.hasVariants()) {
      learnedSeeds.register(this, Variant.DEFAULT, context.suiteRun(),
          config.output().seedLines(), dynamicTestExecutor);
    }
    return context;
  }

  @Override
  public void after(EvalExecutionContext context) {
    // When before() failed there is no run to close; its error is the one to report.
    if (context.hasSuiteRun()) {
      context.suiteRun().close();
    }
  }

  /** The rollouts still in the tree after filtering, in tree order. */
  private List<RolloutKey> selectedRollouts() {
    Set<RolloutKey> keys = new LinkedHashSet<>();
    accept(descriptor -> {
      if (descriptor instanceof SeedDescriptor seed) {
        // Seed-major: a seed's epochs start together, so its test can end soon.
        for (int epoch = 0; epoch < config.epochs().count(); epoch++) {
          keys.add(seed.rolloutKey().withEpoch(epoch));
        }
      }
    });
    return new ArrayList<>(keys);
  }

  /** The seed with this key in the config, if any. */
  public Optional<SeedSpec> seed(String key) {
    if (config == null) {
      return Optional.empty();
    }
    if (config.seedsAtRunTime()) {
      // Any seed the task app may name: a re-run of one learned seed asks no /task_info.
      return SEED_NUMBER.matcher(key).matches() ? Optional.of(SeedSpec.of(Long.parseLong(key)))
          : Optional.empty();
    }
    Map<String, SeedSpec> index = seedsByKey;
    if (index == null) {
      // Not built with the suite: a million seeds would hold a million keys for nothing.
      Map<String, SeedSpec> built = new HashMap<>();
      config.seeds().forEach(seed -> built.put(seed.key(), seed));
      seedsByKey = index = built;
    }
    return Optional.ofNullable(index.get(key));
  }

  /** The variant with this key in the config, if any. */
  public Optional<Variant> variant(String key) {
    return config().flatMap(c -> c.variants().stream().filter(v -> v.key().equals(key))
        .findFirst());
  }

}
