package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Compares the answer with the expected text after a {@link TextNormalizer}: equal, or
 * containing it. Made by {@link Scorers#exact()}, {@link Scorers#normalized()} and
 * {@link Scorers#contains()}.
 *
 * <pre>{@code
 * Scorers.contains().score("refund", "I have issued a REFUND.").value();                     // 1.0
 * Scorers.exact().withNormalizer(TextNormalizer.standard().withoutPunctuation())
 *     .score("yes", "Yes!").value();                                                     // 1.0
 * }</pre>
 *
 * @param contains true: the answer must contain the expected text; false: equal it
 * @param normalizer applied to both sides first
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TextMatch(boolean contains, TextNormalizer normalizer) implements Scorer {

  public TextMatch {
    Objects.requireNonNull(normalizer, "normalizer");
  }

  public TextMatch withNormalizer(TextNormalizer other) {
    return new TextMatch(contains, other);
  }

  @Override
  public Score score(String expected, String actual) {
    String want = normalizer.apply(Texts.require(expected, "text"));
    if (contains && want.isEmpty()) {
      throw new IllegalArgumentException("the expected text " + Texts.quote(expected)
          + " is empty after normalisation: every answer would contain it");
    }
    if (actual == null) {
      return Score.fail("no answer; expected " + Texts.quote(expected));
    }
    String got = normalizer.apply(actual);
    if (contains) {
      return got.contains(want)
          ? Score.pass("the answer contains " + Texts.quote(expected))
          : Score.fail("the answer " + Texts.quote(actual) + " does not contain "
              + Texts.quote(expected));
    }
    if (got.equals(want)) {
      return Score.pass("the answer equals " + Texts.quote(expected)
          + (normalizer.equals(TextNormalizer.none()) ? "" : " (normalised)"));
    }
    return Score.fail("expected " + Texts.quote(expected) + ", got " + Texts.quote(actual)
        + "; " + (normalizer.equals(TextNormalizer.none()) ? "" : "normalised, ")
        + Texts.firstDifference(want, got));
  }
}
