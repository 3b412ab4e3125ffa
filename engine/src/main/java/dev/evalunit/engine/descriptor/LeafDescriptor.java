package dev.evalunit.engine.descriptor;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

/**
 * A test descriptor that never has children: a seed or a verdict. A suite can hold a million
 * of them, and {@code AbstractTestDescriptor} gives each one a synchronized, linked children set
 * (about 100 bytes) it never uses; this one keeps only the unique id, the display name and the
 * parent. Equal, like {@code AbstractTestDescriptor}, when the unique ids are.
 *
 * <pre>{@code
 * final class VerdictDescriptor extends LeafDescriptor implements Node<EvalExecutionContext> {
 *   VerdictDescriptor(UniqueId parentId) {
 *     super(parentId.append("verdict", "verdict"), "verdict");
 *   }
 *   public Type getType() { return Type.TEST; }
 * }
 * }</pre>
 */
public abstract class LeafDescriptor implements TestDescriptor {

  private final UniqueId uniqueId;
  private final String displayName;
  private volatile TestDescriptor parent;

  protected LeafDescriptor(UniqueId uniqueId, String displayName) {
    this.uniqueId = Objects.requireNonNull(uniqueId, "uniqueId");
    this.displayName = Objects.requireNonNull(displayName, "displayName");
  }

  @Override
  public final UniqueId getUniqueId() {
    return uniqueId;
  }

  @Override
  public final String getDisplayName() {
    return displayName;
  }

  @Override
  public Optional<TestSource> getSource() {
    return Optional.empty();
  }

  @Override
  public final Optional<TestDescriptor> getParent() {
    return Optional.ofNullable(parent);
  }

  @Override
  public final void setParent(TestDescriptor parent) {
    this.parent = parent;
  }

  @Override
  public final Set<? extends TestDescriptor> getChildren() {
    return Set.of();
  }

  @Override
  public final void addChild(TestDescriptor child) {
    throw new UnsupportedOperationException(uniqueId + " is a leaf: it has no children");
  }

  @Override
  public final void removeChild(TestDescriptor child) {
    // a leaf has no children to remove
  }

  @Override
  public final void removeFromHierarchy() {
    TestDescriptor current = parent;
    if (current == null) {
      throw new IllegalStateException("cannot remove the root " + uniqueId);
    }
    current.removeChild(this);
  }

  @Override
  public final Optional<? extends TestDescriptor> findByUniqueId(UniqueId id) {
    return uniqueId.equals(id) ? Optional.of(this) : Optional.empty();
  }

  @Override
  public final boolean equals(Object other) {
    return other != null && other.getClass() == getClass()
        && ((LeafDescriptor) other).uniqueId.equals(uniqueId);
  }

  @Override
  public final int hashCode() {
    return uniqueId.hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": " + uniqueId;
  }
}
