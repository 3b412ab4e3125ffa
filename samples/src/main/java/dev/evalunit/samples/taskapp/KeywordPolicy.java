package dev.evalunit.samples.taskapp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hand-written keyword rules: the intent with the most matching phrases wins, ties go to the
 * earlier rule, and a query matching nothing gets the fallback intent. A phrase matches at the
 * start of a word, so "arrive" matches "arrived" but "pin" does not match "shopping".
 */
final class KeywordPolicy implements IntentPolicy {

  static final String MODEL = "keyword-baseline";

  private static final Map<String, List<String>> RULES = new LinkedHashMap<>();

  static {
    RULES.put("card_lost", List.of("lost", "stole", "missing", "misplace", "can't find",
        "left my card", "freeze", "block my card"));
    RULES.put("card_arrival", List.of("arrive", "deliver", "in the mail", "post", "new card",
        "shipping", "track"));
    RULES.put("pin_change", List.of("pin"));
    RULES.put("balance", List.of("balance", "how much money", "available funds",
        "funds available"));
    RULES.put("transfer_failed", List.of("transfer", "wire", "bounce", "reject", "fail",
        "didn't go through"));
    RULES.put("refund", List.of("refund", "money back", "return", "reimburs"));
    RULES.put("exchange_rate", List.of("exchange", "rate", "conver", "currency", "dollars",
        "euros", "pounds"));
    RULES.put("account_close", List.of("close", "cancel my account", "terminat"));
  }

  private final String fallbackIntent;

  KeywordPolicy(String fallbackIntent) {
    this.fallbackIntent = fallbackIntent;
  }

  @Override
  public PolicyTurn classify(IntentPrompt prompt) {
    return PolicyTurn.offline(MODEL, prompt, intentOf(prompt.query()));
  }

  String intentOf(String query) {
    String words = " " + query.toLowerCase(Locale.ROOT).replace('\u2019', '\'')
        .replaceAll("[^a-z0-9']+", " ").trim() + " ";
    String best = fallbackIntent;
    int bestHits = 0;
    for (Map.Entry<String, List<String>> rule : RULES.entrySet()) {
      int hits = 0;
      for (String phrase : rule.getValue()) {
        if (words.contains(" " + phrase)) {
          hits++;
        }
      }
      if (hits > bestHits) {
        best = rule.getKey();
        bestHits = hits;
      }
    }
    return best;
  }
}
