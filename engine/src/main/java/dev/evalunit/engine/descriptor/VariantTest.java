package dev.evalunit.engine.descriptor;

import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.execution.EvalExecutionContext;
import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * A test that judges a whole suite or matrix variant after its seeds (the verdict, the baseline
 * gate): named for the variant it judges ({@code "suite verdict (gpt-4o)"}), tagged like its
 * parent.
 *
 * <pre>{@code
 * final class VerdictDescriptor extends VariantTest {
 *   VerdictDescriptor(UniqueId parentId, Variant variant) {
 *     super(parentId.append("verdict", "suite"), "suite verdict", "verdict", variant);
 *   }
 * }
 * }</pre>
 */
abstract class VariantTest extends LeafDescriptor implements Node<EvalExecutionContext> {

  private final Variant variant;
  private final String legacyName;

  VariantTest(UniqueId uniqueId, String displayName, String legacyName, Variant variant) {
    super(uniqueId, displayName + suffix(variant));
    this.variant = variant;
    this.legacyName = legacyName + suffix(variant);
  }

  private static String suffix(Variant variant) {
    return variant.name() == null ? "" : " (" + variant.name() + ")";
  }

  /** The variant judged ({@link Variant#DEFAULT} without a matrix). */
  final Variant variant() {
    return variant;
  }

  /** {@code "suite[gpt-4o]"}-style label of what is judged, for console lines and messages. */
  final String label(String suiteName) {
    return suiteName + (variant.name() == null ? "" : " [" + variant.name() + "]");
  }

  @Override
  public final Type getType() {
    return Type.TEST;
  }

  @Override
  public final String getLegacyReportingName() {
    return legacyName;
  }

  /**
   * In the calling thread, once the seeds before it have ended (see {@link TreeExecutor}): its
   * output and its events never interleave with a seed's.
   */
  @Override
  public final ExecutionMode getExecutionMode() {
    return ExecutionMode.SAME_THREAD;
  }

  @Override
  public final Set<TestTag> getTags() {
    return getParent().map(p -> p.getTags()).orElse(Set.of());
  }
}
