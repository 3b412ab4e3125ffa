package dev.evalunit.engine.results;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One suite's judgements, each made once: a seed's when its result is in, a variant's outcome
 * when its verdict test asks (or, when the verdict is not selected, when the reports are
 * written). Thread-safe: workers judge seeds while the engine thread reads them.
 *
 * <pre>{@code
 * Judgements judgements = new Judgements(config);
 * JudgedSeed seed = judgements.seed(result);            // same object on every later call
 * SuiteOutcome outcome = judgements.outcome(variant, () -> SeedSelection.whole(results), stop);
 * }</pre>
 */
public final class Judgements {

  private final SuiteConfig config;
  private final Map<String, JudgedSeed> seeds = new ConcurrentHashMap<>();
  private final Map<String, SuiteOutcome> outcomes = new ConcurrentHashMap<>();

  public Judgements(SuiteConfig config) {
    this.config = config;
  }

  /** The judgement of a seed of one rollout, made the first time this result is seen. */
  public JudgedSeed seed(SeedResult result) {
    return seed(List.of(result));
  }

  /**
   * The judgement of one seed from all its epoch results (one without epochs), made the first
   * time these results are seen: on the seed-level result the suite's reducer makes of them.
   */
  public JudgedSeed seed(List<SeedResult> epochs) {
    SeedResult any = epochs.get(0);
    String key = (any.variant() == null ? Variant.DEFAULT.key() : any.variant()) + "/"
        + any.seedKey();
    return seeds.compute(key, (k, known) -> known != null && known.epochs().equals(epochs)
        ? known : JudgedSeed.ofEpochs(epochs, config.epochs(), config.seedThresholds()));
  }

  /**
   * The outcome of {@code variant}, judged over the selection (asked only the first time) and
   * the stop; later calls return the same outcome. A selection that misses seeds is
   * {@link SuiteVerdict.Outcome#ABORTED}: judging a subset would misstate the suite.
   */
  public SuiteOutcome outcome(Variant variant, Supplier<SeedSelection> selection,
      Optional<EarlyStop> stop) {
    return outcomes.computeIfAbsent(variant.key(), k -> {
      SeedSelection selected = selection.get();
      List<JudgedSeed> judged = SeedEpochs.bySeed(selected.results()).stream()
          .map(this::seed).toList();
      SuiteOutcome outcome = SuiteOutcome.judge(variant, judged, config.suiteThresholds(),
          stop.orElse(null), clusters()).withReuse(selected.reuse());
      if (selected.complete()) {
        return outcome;
      }
      int all = judged.size() + selected.missing().size();
      return outcome.withVerdict(outcome.verdict().withOutcome(SuiteVerdict.Outcome.ABORTED,
          List.of(selected.reason() != null ? selected.reason()
              : "not judged: this run selected " + (all - selected.missing().size()
              - selected.reuse().results()) + " of " + all + " seeds and "
              + selected.missing().size() + " of the others (" + sample(selected.missing())
              + ") have no recorded result under config " + configHashOf(variant)
              + "; run the whole suite once")));
    });
  }

  /** A seed's cluster by seed key: its dataset row's value of the cluster field, if one is set. */
  private Function<String, String> clusters() {
    String field = config.suiteThresholds().clusterField();
    if (field == null) {
      return null;
    }
    Map<String, String> byKey = new HashMap<>();
    config.seeds().forEach(s -> byKey.put(s.key(), String.valueOf(s.row().get(field))));
    return key -> byKey.getOrDefault(key, key);
  }

  private String configHashOf(Variant variant) {
    return config.configHash(variant);
  }

  private static String sample(List<String> keys) {
    String shown = String.join(", ", keys.subList(0, Math.min(5, keys.size())));
    return keys.size() > 5 ? shown + ", ..." : shown;
  }

  /** The outcome of {@code variant} if it was judged already. */
  public Optional<SuiteOutcome> judged(Variant variant) {
    return Optional.ofNullable(outcomes.get(variant.key()));
  }
}
