package dev.evalunit.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextScorersTest {

  @Test
  void exactMatchIsCharacterForCharacterAndShowsInvisibleDifferences() {
    assertThat(Scorers.exact().score("42", "42").value()).isEqualTo(1.0);
    Score nbsp = Scorers.exact().score("New York", "New\u00a0York");
    assertThat(nbsp.value()).isZero();
    assertThat(nbsp.reason()).contains("New\\u00a0York")
        .contains("first difference at character 3: expected ' ', got '\\u00a0'");
    assertThat(Scorers.exact().score("yes", "Yes").value()).isZero();
    assertThat(Scorers.exact().score("yes", "yes ").reason())
        .contains("the answer goes on after the expected text");
    assertThat(Scorers.exact().score("yes", null).reason()).startsWith("no answer");
  }

  @Test
  void normalisedMatchFoldsCaseWhitespaceAndUnicodeForms() {
    TextMatch normalized = Scorers.normalized();
    assertThat(normalized.score("New York", "  new \t\n YORK ").value()).isEqualTo(1.0);
    // NFKC: full-width letters and digits, ligatures, no-break space.
    assertThat(normalized.score("Room 12", "Ｒｏｏｍ\u00a0１２").value()).isEqualTo(1.0);
    assertThat(normalized.score("office", "o\ufb03ce").value()).isEqualTo(1.0);
    // Composed and decomposed é are the same text.
    assertThat(normalized.score("caf\u00e9", "cafe\u0301").value()).isEqualTo(1.0);
    // Full case folding, not a locale's: ß folds to ss.
    assertThat(normalized.score("STRASSE", "Straße").value()).isEqualTo(1.0);
    // A zero-width space or BOM is invisible and dropped.
    assertThat(normalized.score("refund", "\ufeffre\u200bfund").value()).isEqualTo(1.0);
    // Accents and punctuation matter unless asked for.
    assertThat(normalized.score("cafe", "café").value()).isZero();
    assertThat(normalized.score("yes", "yes.").value()).isZero();
    TextMatch loose = normalized.withNormalizer(
        TextNormalizer.standard().withoutAccents().withoutPunctuation());
    assertThat(loose.score("cafe sil vous plait", "Café, s'il vous plaît!").value())
        .isEqualTo(1.0);
    assertThat(normalized.withNormalizer(TextNormalizer.standard().caseSensitive())
        .score("Paris", "paris").value()).isZero();
  }

  @Test
  void containsNormalisesBothSidesAndRefusesAnEmptyExpectation() {
    assertThat(Scorers.contains().score("REFUND", "I have issued a refund.").value())
        .isEqualTo(1.0);
    Score missing = Scorers.contains().score("refund", "Your card was charged.");
    assertThat(missing.value()).isZero();
    assertThat(missing.reason()).contains("does not contain \"refund\"");
    assertThatThrownBy(() -> Scorers.contains().score(" \u200b ", "anything"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty after normalisation");
    assertThatThrownBy(() -> Scorers.contains().score(null, "anything"))
        .hasMessageContaining("expected text is null");
  }

  @Test
  void regexFindsOrMatchesWholeAndNamesABadPattern() {
    Score found = Scorers.regex().score("order #(\\d+)", "See order #1234, shipped.");
    assertThat(found.value()).isEqualTo(1.0);
    assertThat(found.details()).containsEntry("matched", "order #1234");
    assertThat(Scorers.regex().fullMatch().score("\\d+", "see 12").value()).isZero();
    assertThat(Scorers.regex().fullMatch().score("\\d+", "12").value()).isEqualTo(1.0);
    assertThat(Scorers.regex().fullMatch().withFlags(Pattern.CASE_INSENSITIVE)
        .score("yes|no", "YES").value()).isEqualTo(1.0);
    assertThat(Scorers.regex().score("refund", null).value()).isZero();
    assertThatThrownBy(() -> Scorers.regex().score("order #(\\d+", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"order #(\\\\d+\" is not a valid regular expression")
        .hasMessageContaining("near index");
  }

  @Test
  void combinatorsTakeLowestHighestAndWeightedMean() {
    Scorer all = Scorers.allOf(Scorers.contains(), Scorers.regex());
    Score one = all.score("refund", "Refund issued");  // contains yes, case-sensitive regex no
    assertThat(one.value()).isZero();
    assertThat(one.reason()).startsWith("all of 2: the answer \"Refund issued\" has no match");
    assertThat(one.details().get("parts")).asList().hasSize(2);
    assertThat(Scorers.anyOf(Scorers.contains(), Scorers.regex())
        .score("refund", "Refund issued").value()).isEqualTo(1.0);
    Map<Scorer, Double> weights = new java.util.LinkedHashMap<>();
    weights.put(Scorers.contains(), 3.0);
    weights.put(Scorers.regex(), 1.0);
    assertThat(Scorers.weighted(weights).score("refund", "Refund issued").value())
        .isEqualTo(0.75);
    assertThatThrownBy(() -> Scorers.weighted(Map.of(Scorers.exact(), -1.0)))
        .hasMessageContaining("positive");
    assertThatThrownBy(Scorers::allOf).hasMessageContaining("at least one");
  }

  @Test
  void anyOfScoresAPartThatRejectsTheExpectedValueAsZeroUnlessAllReject() {
    // docs/scorers.md: one anyOf over a dataset mixing text and number answers
    Scorer mixed = Scorers.anyOf(Scorers.normalized(), Scorers.numeric(0.01, 0).inText());
    Score text = mixed.score("Straße", "STRASSE");
    assertThat(text.value()).isEqualTo(1.0);
    assertThat(text.details().get("parts").toString()).contains("not applicable");
    assertThat(mixed.score("42", "it is 42").value()).isEqualTo(1.0);
    assertThatThrownBy(() -> Scorers.anyOf(Scorers.numeric(0.01, 0)).score("Straße", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Straße");
    assertThatThrownBy(() -> Scorers.allOf(Scorers.normalized(), Scorers.numeric(0.01, 0))
        .score("Straße", "STRASSE")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScoreIsInRangeAndBecomesATestResult() {
    assertThatThrownBy(() -> Score.of(1.5, "too much")).hasMessageContaining("[0, 1], got 1.5");
    assertThatThrownBy(() -> Score.of(Double.NaN, "nan")).hasMessageContaining("got NaN");
    Score score = Score.fail("expected \"42\", got \"41\"").withDetail("expected", "42");
    assertThat(score.toMap()).containsExactly(Map.entry("score", 0.0),
        Map.entry("reason", "expected \"42\", got \"41\""), Map.entry("expected", "42"));
    dev.evalunit.agent.TestResult result = score.toTestResult();
    assertThat(result.score()).isEqualTo(0.0);
    assertThat(result.details()).containsExactly(
        Map.entry("reason", "expected \"42\", got \"41\""), Map.entry("expected", "42"));
    assertThat(score.passed()).isFalse();
    assertThat(Score.pass("ok").passed()).isTrue();
  }
}
