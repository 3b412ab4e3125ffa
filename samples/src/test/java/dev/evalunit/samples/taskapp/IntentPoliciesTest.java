package dev.evalunit.samples.taskapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The dataset and the two offline policies. The sample suites' thresholds rely on these numbers:
 * if the dataset or the rules change, these tests say which suite needs a new threshold.
 */
class IntentPoliciesTest {

  private final IntentDataset dataset = IntentDataset.load(new ObjectMapper());
  private final KeywordPolicy keyword = new KeywordPolicy(dataset.majorityIntent());

  @Test
  void datasetHasEightIntentsAndCardLostIsTheMostFrequent() {
    assertThat(dataset.size()).isEqualTo(72);
    assertThat(dataset.intents()).containsExactlyInAnyOrder("card_lost", "balance",
        "transfer_failed", "refund", "exchange_rate", "pin_change", "card_arrival",
        "account_close");
    assertThat(dataset.majorityIntent()).isEqualTo("card_lost");
  }

  @Test
  void seedsMapToRowsModuloTheSize() {
    assertThat(dataset.forSeed(72)).isEqualTo(dataset.forSeed(0));
    assertThat(dataset.forSeed(-1)).isEqualTo(dataset.forSeed(71));
  }

  /** IntentKeywordEval requires every one of seeds 0..19 to be right. */
  @Test
  void keywordBaselineGetsTheFirstTwentySeedsRight() {
    List<Integer> wrong = IntStream.range(0, 20)
        .filter(seed -> !isRight(dataset.forSeed(seed)))
        .boxed().toList();

    assertThat(wrong).isEmpty();
  }

  /** IntentConfigFileEval requires a mean of 0.8 over the whole dataset. */
  @Test
  void keywordBaselineIsGoodButNotPerfectOverall() {
    List<Integer> wrong = dataset.examples().stream()
        .filter(e -> !isRight(e)).map(IntentExample::index).toList();

    assertThat(wrong).containsExactly(28, 31, 34, 36, 39, 43, 48, 57, 68);
    assertThat(1.0 - (double) wrong.size() / dataset.size()).isBetween(0.8, 0.95);
  }

  /** FailingExampleEval relies on seeds 28 and 31 being wrong and the others in 26..31 right. */
  @Test
  void keywordRulesMatchAtWordStarts() {
    assertThat(keyword.intentOf("My card has arrived")).isEqualTo("card_arrival");
    assertThat(keyword.intentOf("I went shopping")).isEqualTo("card_lost");
    assertThat(keyword.intentOf("I can’t find my card")).isEqualTo("card_lost");
    assertThat(keyword.intentOf("I lost my PIN")).isEqualTo("card_lost");
  }

  /** IntentMajorityBaselineEval's suite threshold sits below this. */
  @Test
  void majorityBaselineScoresPoorlyOnTheFirstTwentySeeds() {
    long right = IntStream.range(0, 20)
        .filter(seed -> dataset.forSeed(seed).intent().equals(dataset.majorityIntent()))
        .count();

    assertThat(right).isEqualTo(4);
  }

  private boolean isRight(IntentExample example) {
    return keyword.intentOf(example.text()).equals(example.intent());
  }
}
