package dev.evalunit.engine.descriptor;

import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.EvalExecutionContext;
import dev.evalunit.engine.execution.RolloutKey;
import dev.evalunit.engine.report.SeedReport;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.SeedJudgement;
import dev.evalunit.engine.results.SeedResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.hierarchical.Node;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * One seed: a test that runs in a thread of its own ({@link TreeExecutor}), starts when its
 * rollout begins (in the background, under the suite's concurrency; with {@code epochs = N}, when
 * the first of its N rollouts begins), waits for its rollouts to end, then publishes its numbers
 * (and each epoch's score), prints its line and decides its outcome on the seed's one judgement;
 * its time in a report is its rollouts' time. Its source is its suite class (see
 * {@link SuiteDescriptor#seedSource()}).
 */
public final class SeedDescriptor extends LeafDescriptor
    implements Node<EvalExecutionContext> {

  public static final String SEGMENT_TYPE = "seed";

  // The variant and seed, not a RolloutKey: one object fewer for each of a million seeds.
  private final Variant variant;
  private final SeedSpec seed;
  private final boolean printLine;

  public SeedDescriptor(UniqueId parentId, Variant variant, SeedSpec seed, boolean printLine) {
    // Surefire names testcases by display name: keep them distinct across matrix variants.
    super(parentId.append(SEGMENT_TYPE, seed.key()),
        seed.displayName() + (variant.name() == null ? "" : " (" + variant.name() + ")"));
    this.variant = variant;
    this.seed = seed;
    this.printLine = printLine;
  }

  public RolloutKey rolloutKey() {
    return new RolloutKey(variant, seed);
  }

  @Override
  public Type getType() {
    return Type.TEST;
  }

  /**
   * The display name: Surefire names a seed's testcase by it (the seed's source has parameter
   * types, so Surefire takes the legacy reporting name), and so do Gradle and JUnit's legacy XML.
   */
  @Override
  public String getLegacyReportingName() {
    return getDisplayName();
  }

  /** The suite class, for IDEs to navigate to; one instance shared by the suite's seeds. */
  @Override
  public Optional<TestSource> getSource() {
    return ancestor(SuiteDescriptor.class).map(SuiteDescriptor::seedSource);
  }

  /** The nearest ancestor of this type: the suite (past a variant), or the root. */
  private <T> Optional<T> ancestor(Class<T> type) {
    Optional<TestDescriptor> ancestor = getParent();
    while (ancestor.isPresent() && !type.isInstance(ancestor.get())) {
      ancestor = ancestor.get().getParent();
    }
    return ancestor.map(type::cast);
  }

  /** Seeds run side by side, each in its own thread. */
  @Override
  public ExecutionMode getExecutionMode() {
    return ExecutionMode.CONCURRENT;
  }

  /**
   * Waits until the seed's rollout begins, before the platform reports the seed's start; the
   * rollout makes its first call only once that start is reported ({@code execute}), so the span
   * from start to finish covers the rollout (see {@code SeedProgress}).
   */
  @Override
  public EvalExecutionContext prepare(EvalExecutionContext context) {
    context.suiteRun().awaitBegun(rolloutKey());
    return context;
  }

  @Override
  public Set<TestTag> getTags() {
    return getParent().map(p -> p.getTags()).orElse(Set.of());
  }

  @Override
  public EvalExecutionContext execute(EvalExecutionContext context,
      DynamicTestExecutor dynamicTestExecutor) {
    // The platform has reported this test's start: now the rollout may make its first call.
    context.suiteRun().testStarted(rolloutKey());
    JudgedSeed judged = context.suiteRun().judged(rolloutKey());
    SeedResult result = judged.result();
    SeedJudgement judgement = judged.judgement();
    // Held until the platform has reported this seed's finish: its lines land in its own
    // <system-out>, not in that of another seed finishing meanwhile.
    ancestor(EvalEngineDescriptor.class).ifPresent(root -> root.turn().take());
    Map<String, String> entries = SeedReport.entries(result);
    if (judged.repeated() && result.attempts() <= judged.epochs().size()) {
      entries.remove("attempts"); // one attempt per epoch: no retry to report
    }
    entries.putAll(SeedReport.epochEntries(judged,
        context.suiteRun().config().epochs().reducer().name()));
    if (!entries.isEmpty()) {
      context.listener().reportingEntryPublished(this, ReportEntry.from(entries));
    }
    // An in-process rollout's log lines: the seed's Surefire <system-out>, before its line.
    for (String logLine : context.suiteRun().seedLog(rolloutKey())) {
      System.out.println(logLine);
    }
    if (printLine) {
      Map<String, String> line = new LinkedHashMap<>();
      line.put("status", judgement == null ? result.status().name().toLowerCase(Locale.ROOT)
          : judgement.passed() ? "passed" : "failed");
      line.putAll(entries);
      if (result.error() != null) {
        line.put("error", result.error().type());
      }
      if (judgement != null && !judgement.unchecked().isEmpty()) {
        line.put("unchecked", String.join(",", judgement.unchecked()));
      }
      System.out.println(SeedReport.line(getDisplayName(), line)
          + (result.error() == null ? "" : "\n  " + result.error().message()));
    }
    switch (result.status()) {
      case ABORTED -> throw new TestAbortedException(result.error().message());
      case ERRORED -> throw new RolloutFailedException(result.error().message());
      case COMPLETED -> {
        if (!judgement.passed()) {
          SeedJudgement.Miss first = judgement.misses().get(0);
          String message = getDisplayName() + ": " + judgement.misses().stream()
              .map(SeedJudgement.Miss::message).collect(Collectors.joining("; "));
          throw new AssertionFailedError(message, first.expected(), first.actual());
        }
      }
    }
    return context;
  }
}
