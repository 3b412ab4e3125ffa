package dev.evalunit.engine.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name nearest to a misspelt one, for "did you mean ...?" in messages. */
public final class ClosestName {

  private ClosestName() {}

  /**
   * The candidate with the least edit distance to {@code name}, ignoring case first (so
   * {@code meanscore} finds {@code meanScore}); empty when even the nearest is too far to be a
   * plausible typo (more than a third of the name's length, and more than 2 edits).
   */
  public static Optional<String> of(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      // Case differences count a little, so an exact case-insensitive match always wins.
      int distance = 2 * distance(lower, candidate.toLowerCase(Locale.ROOT))
          + (candidate.equalsIgnoreCase(name) && !candidate.equals(name) ? 1 : 0);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int edits = bestDistance / 2;
    return best != null && (edits <= 2 || edits <= name.length() / 3)
        ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
