package dev.evalunit.samples.taskapp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A stand-in for a model sampled at a temperature: the keyword rules, but on some rollouts of a
 * query the answer slips to the fallback intent, so repeats of one seed disagree. Whether the
 * n-th rollout of a query slips is fixed by a hash of the query and n (about 30% slip), so a
 * suite run from a fresh task app gets the same epoch outcomes, in whatever order its epochs run.
 */
final class NoisyKeywordPolicy implements IntentPolicy {

  static final String MODEL = "keyword-noisy";

  /** Rollouts that slip, in percent. */
  private static final int SLIP_PERCENT = 30;

  private final KeywordPolicy keyword;
  private final String fallbackIntent;
  private final Map<String, AtomicInteger> rollouts = new ConcurrentHashMap<>();

  NoisyKeywordPolicy(String fallbackIntent) {
    this.keyword = new KeywordPolicy(fallbackIntent);
    this.fallbackIntent = fallbackIntent;
  }

  @Override
  public PolicyTurn classify(IntentPrompt prompt) {
    int n = rollouts.computeIfAbsent(prompt.query(), q -> new AtomicInteger()).getAndIncrement();
    CRC32 hash = new CRC32();
    hash.update((prompt.query() + "#" + n).getBytes(StandardCharsets.UTF_8));
    boolean slips = hash.getValue() % 100 < SLIP_PERCENT;
    return PolicyTurn.offline(MODEL, prompt,
        slips ? fallbackIntent : keyword.intentOf(prompt.query()));
  }
}
