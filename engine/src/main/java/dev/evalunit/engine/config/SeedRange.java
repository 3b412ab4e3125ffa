package dev.evalunit.engine.config;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The seeds {@code from..to} as a list that holds two numbers, not a million: each seed's
 * {@link SeedSpec} is made when it is read. A suite with {@code seeds = "0..999999"} keeps this
 * in its config instead of a million boxed numbers and specs. Immutable.
 *
 * <pre>{@code
 * List<SeedSpec> seeds = new SeedRange(0, 999_999);
 * seeds.size();         // 1000000
 * seeds.get(7).seed();  // 7
 * }</pre>
 */
final class SeedRange extends AbstractList<SeedSpec> implements RandomAccess {

  private final long from;
  private final int size;

  /** The seeds {@code from} to {@code to}, both included; at most {@link SeedList#MAX_SEEDS}. */
  SeedRange(long from, long to) {
    if (to < from || to - from + 1 > SeedList.MAX_SEEDS) {
      throw new IllegalArgumentException("not a seed range: " + from + ".." + to);
    }
    this.from = from;
    this.size = (int) (to - from + 1);
  }

  @Override
  public SeedSpec get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("seed index " + index + " of " + size);
    }
    return SeedSpec.of(from + index);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean contains(Object o) {
    return o instanceof SeedSpec s && s.instanceId() == null && s.row().isEmpty()
        && s.seed() >= from && s.seed() < from + size;
  }
}
