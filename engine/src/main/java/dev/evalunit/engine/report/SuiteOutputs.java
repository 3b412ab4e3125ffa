package dev.evalunit.engine.report;

import dev.evalunit.engine.baseline.BaselineFile;
import dev.evalunit.engine.baseline.BaselineGate;
import dev.evalunit.engine.baseline.GateOutcome;
import dev.evalunit.engine.baseline.GateSettings;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.Shard;
import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.BaselineSettings;
import dev.evalunit.engine.replicas.ReplicaStats;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.EarlyStop;
import dev.evalunit.engine.results.JudgedSeed;
import dev.evalunit.engine.results.Judgements;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedSelection;
import dev.evalunit.engine.results.SuiteOutcome;
import dev.evalunit.engine.results.SuiteVerdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A suite's output folder while it runs and after:
 *
 * <pre>
 * target/evalunit/com.acme.Banking77Eval/     (output.dir)
 *   results.jsonl  report.json  report.txt  traces/seed_N_trace.json   per variant *
 *   metadata.json  summary.md  report.html                             per suite
 * </pre>
 *
 * (* in a sub-folder per variant when the suite runs a matrix). {@code results.jsonl} grows as
 * seeds finish; the other files are written once the suite is over. With resume on, seeds whose
 * last recorded line completed under the same settings are taken from there instead of run.
 */
public final class SuiteOutputs implements ResultSink {

  /**
   * Engine-wide switches the outputs depend on.
   *
   * @param resume reuse results recorded by an earlier run ({@code evalunit.resume})
   * @param progressInterval how often to print progress; zero for never
   * @param environment the engine's environment ({@code GITHUB_STEP_SUMMARY})
   * @param mode {@code direct}, {@code backend} or {@code merge}, for {@code metadata.json}
   * @param replicas the replica pool's statistics, for the reports (empty without a pool)
   * @param shard the part of the suite this run executes ({@code evalunit.shard}): a shard's
   *     outcome is never the suite's verdict; a merge takes every result from the shards
   */
  public record Options(boolean resume, Duration progressInterval,
      Map<String, String> environment, String mode,
      java.util.function.Supplier<List<ReplicaStats>> replicas, Shard shard) {

    public Options {
      environment = Map.copyOf(environment);
    }

    /** Options of a run without a replica pool. */
    public Options(boolean resume, Duration progressInterval, Map<String, String> environment,
        String mode) {
      this(resume, progressInterval, environment, mode, List::of, Shard.WHOLE);
    }

    /** Options of a whole-suite run, with its replica pool's statistics. */
    public Options(boolean resume, Duration progressInterval, Map<String, String> environment,
        String mode, java.util.function.Supplier<List<ReplicaStats>> replicas) {
      this(resume, progressInterval, environment, mode, replicas, Shard.WHOLE);
    }
  }

  /** The environment variable GitHub Actions sets to the job summary file. */
  public static final String GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY";

  private final SuiteConfig config;
  private final String taskAppUrl;
  private final Options options;
  private final Instant startedAt = Instant.now();
  private final Map<String, ResultsJsonl> jsonl = new LinkedHashMap<>();
  private final Map<String, TraceFiles> traces = new LinkedHashMap<>();
  private final Map<String, ResumeIndex> resume = new LinkedHashMap<>();
  private final Map<String, Set<String>> selectedSeeds = new HashMap<>();
  /** {@code 2026-11-30T10:12Z}: when the reused results were recorded, to the minute. */
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private final Map<String, ResumeIndex> history = new ConcurrentHashMap<>();
  private final ProgressMeter progress;
  private final Judgements judgements;
  private final Map<String, GateOutcome> gates = new ConcurrentHashMap<>();
  /** Read once, by the first gate; null until then. Guarded by {@code this}. */
  private Optional<BaselineFile> baseline;
  private int reused;
  /** The shards' results when this run merges them, else null. */
  private ShardMerge merged;

  private SuiteOutputs(SuiteConfig config, String taskAppUrl, Options options, int seeds) {
    this.config = config;
    this.taskAppUrl = taskAppUrl;
    this.options = options;
    this.progress = new ProgressMeter(simpleName(config), seeds, System::nanoTime);
    this.judgements = new Judgements(config);
  }

  /**
   * Opens the folder of a starting suite: reads what an earlier run recorded (when resuming),
   * opens each variant's {@code results.jsonl} for appending and starts the progress line.
   *
   * @param selected the seeds that will run, per variant
   * @param taskAppUrl where rollouts go, for the reports
   */
  public static SuiteOutputs open(SuiteConfig config, Map<Variant, List<SeedSpec>> selected,
      String taskAppUrl, Options options) {
    int epochs = config.epochs().count();
    int seeds = selected.values().stream().mapToInt(List::size).sum();
    // With epochs the progress line counts rollouts: each epoch of a seed is one.
    SuiteOutputs outputs = new SuiteOutputs(config, taskAppUrl, options, seeds * epochs);
    if (options.shard().isMerge()) {
      outputs.merged = ShardMerge.read(config); // fails, naming the shard, before any output
    }
    int skippedLines = 0;
    for (Map.Entry<Variant, List<SeedSpec>> entry : selected.entrySet()) {
      Variant variant = entry.getKey();
      Path file = outputs.variantDir(variant).resolve("results.jsonl");
      String hash = config.configHash(variant);
      ResumeIndex index = options.resume() ? ResumeIndex.read(file, hash) : ResumeIndex.empty();
      outputs.resume.put(variant.key(), index);
      outputs.selectedSeeds.put(variant.key(),
          entry.getValue().stream().map(SeedSpec::key).collect(Collectors.toSet()));
      skippedLines += index.skippedLines();
      Set<String> reusedTraces = new HashSet<>();
      for (SeedSpec seed : entry.getValue()) {
        for (int epoch = 0; epoch < epochs; epoch++) {
          Optional<SeedResult> recorded = outputs.merged != null
              ? outputs.merged.result(variant, seed, epoch) : index.reusable(seed.key(), epoch);
          if (recorded.isPresent()) {
            outputs.reused++;
            outputs.progress.recorded(outputs.rolloutJudgement(recorded.get()));
            if (recorded.get().tracePath() != null) {
              reusedTraces.add(recorded.get().tracePath());
            }
          }
        }
      }
      outputs.jsonl.put(variant.key(), ResultsJsonl.open(file, hash));
      TraceFiles traces = new TraceFiles(outputs.variantDir(variant));
      // Traces of an earlier run would pass for this run's; a reused seed keeps its own, and so
      // does a seed this run did not select (a partial run's reports reuse its last result).
      Set<String> selectedKeys = outputs.selectedSeeds.get(variant.key());
      if (config.seeds().stream().allMatch(seed -> selectedKeys.contains(seed.key()))) {
        traces.removeStale(path -> !reusedTraces.contains(path));
      } else {
        Set<String> rerun = entry.getValue().stream()
            .flatMap(seed -> java.util.stream.IntStream.range(0, epochs)
                .mapToObj(epoch -> TraceFiles.relativePath(seed, epoch)))
            .filter(path -> !reusedTraces.contains(path)).collect(Collectors.toSet());
        traces.removeStale(rerun::contains);
      }
      outputs.traces.put(variant.key(), traces);
      if (outputs.merged != null) {
        outputs.recordMerged(variant, entry.getValue());
      }
    }
    if (options.resume()) {
      System.out.println("[evalunit] resume " + config.suiteName() + ": reusing "
          + outputs.reused + " of " + seeds * epochs
          + (epochs == 1 ? " seeds" : " rollouts (" + seeds + " seeds x " + epochs + " epochs)")
          + " recorded in " + config.output().dir()
          + (skippedLines > 0 ? " (" + skippedLines + " unreadable line"
              + (skippedLines == 1 ? "" : "s") + " of results.jsonl skipped)" : ""));
    }
    outputs.progress.start(options.progressInterval(), Console::println);
    return outputs;
  }

  /**
   * Writes the merged results of {@code variant} to this folder's {@code results.jsonl} (in seed
   * order, each epoch the suite runs) and copies their traces, so the merged folder holds what
   * a whole run's holds.
   */
  private void recordMerged(Variant variant, List<SeedSpec> seeds) {
    ResultsJsonl file = jsonl.get(variant.key());
    for (SeedSpec seed : seeds) {
      for (int epoch = 0; epoch < config.epochs().count(); epoch++) {
        Optional<SeedResult> result = merged.result(variant, seed, epoch);
        if (result.isPresent()) {
          file.append(result.get());
          merged.copyTrace(variant, seed, result.get(), variantDir(variant));
        }
      }
    }
  }

  /**
   * The shard a merge takes {@code key}'s result from, for the message when it has none; null
   * unless this run merges shards.
   */
  public Shard mergedShardOf(Variant variant, SeedSpec seed) {
    return merged == null ? null : merged.shardOf(variant, seed);
  }

  /** The folder of a variant's outputs: the suite folder, or a sub-folder per matrix variant. */
  public Path variantDir(Variant variant) {
    return config.hasVariants() ? config.output().dir().resolve(variant.key())
        : config.output().dir();
  }

  /** Where a variant's traces are written. */
  public TraceFiles traces(Variant variant) {
    return traces.computeIfAbsent(variant.key(), k -> new TraceFiles(variantDir(variant)));
  }

  /**
   * The result an earlier run recorded for this epoch of the seed (0 without epochs), marked
   * reused, if it may be reused.
   */
  public Optional<SeedResult> reusable(Variant variant, SeedSpec seed, int epoch) {
    if (merged != null) {
      return merged.result(variant, seed, epoch);
    }
    ResumeIndex index = resume.get(variant.key());
    return index == null ? Optional.empty() : index.reusable(seed.key(), epoch);
  }

  @Override
  public void seedFinished(SeedResult result) {
    String key = result.variant() == null ? Variant.DEFAULT.key() : result.variant();
    ResultsJsonl file = jsonl.get(key);
    if (file == null) {
      throw new IllegalStateException("no results.jsonl was opened for variant " + key);
    }
    file.append(result);
    progress.recorded(rolloutJudgement(result));
  }

  /**
   * What the progress line counts for one finished rollout: without epochs the seed's one
   * judgement; with epochs the epoch on its own (the seed is judged once all its epochs ended).
   */
  private JudgedSeed rolloutJudgement(SeedResult result) {
    return config.epochs().repeated() ? JudgedSeed.of(result, config.seedThresholds())
        : judgements.seed(result);
  }

  /** The suite's judgements: each seed and each variant's outcome judged once. */
  public Judgements judgements() {
    return judgements;
  }

  /**
   * The one outcome of {@code variant}: judged the first time it is asked for, over this run's
   * results and, when the run selected only some seeds, the latest result recorded for each of
   * the others under the same config hash.
   */
  public SuiteOutcome outcome(Variant variant, Supplier<List<SeedResult>> thisRun,
      Optional<EarlyStop> stop) {
    return judgements.outcome(variant, () -> selection(variant, thisRun.get()), stop);
  }


  /**
   * The baseline gate of {@code variant}, judged once (the first time it is asked for) over the
   * variant's one outcome; the gate test and the reports state this same gate.
   */
  public GateOutcome gate(Variant variant, Supplier<List<SeedResult>> thisRun,
      Optional<EarlyStop> stop) {
    return gates.computeIfAbsent(variant.key(), k -> {
      SuiteOutcome outcome = outcome(variant, thisRun, stop);
      BaselineSettings settings = config.baseline();
      Optional<BaselineFile> file;
      try {
        file = baseline();
      } catch (UncheckedIOException e) {
        return GateOutcome.notJudged(settings.file(), e.getMessage() + ": " + e.getCause());
      }
      return BaselineGate.outcome(file.orElse(null), settings.file(), outcome,
          config.configHash(variant), GateSettings.of(settings));
    });
  }

  /** The baseline file as it was when the gate first read it; empty when it does not exist. */
  private synchronized Optional<BaselineFile> baseline() {
    if (baseline == null) {
      Path file = config.baseline().file();
      baseline = Files.isRegularFile(file) ? Optional.of(BaselineFile.read(file))
          : Optional.empty();
    }
    return baseline;
  }

  /**
   * Writes the whole suite's results as the new baseline ({@code baseline.write}), unless the
   * run does not cover every variant's every seed: a baseline of a subset would silently unpair
   * the rest on the next run.
   */
  private void writeBaseline(List<VariantResults> variants) {
    Path file = config.baseline().file();
    List<String> missing = new ArrayList<>();
    for (Variant variant : config.variants()) {
      VariantResults v = variants.stream().filter(r -> r.variant().equals(variant)).findFirst()
          .orElse(null);
      if (v == null) {
        missing.add(variant.key() + " did not run");
      } else if (v.outcome().outcome() == SuiteVerdict.Outcome.ABORTED) {
        missing.add(variant.key() + ": " + v.verdict().reasons().get(0));
      }
    }
    if (!missing.isEmpty()) {
      System.out.println("[evalunit] baseline of " + config.suiteName() + " NOT written to "
          + file + ": this run does not cover the whole suite (" + String.join("; ", missing)
          + ")");
      return;
    }
    // Every epoch's row (the durable record), not the reduced seed-level result.
    List<SeedResult> rows = variants.stream().flatMap(v -> v.seeds().stream())
        .flatMap(s -> s.epochs().stream()).toList();
    Map<String, String> hashes = new HashMap<>();
    config.variants().forEach(v -> hashes.put(v.name() == null ? "" : v.name(),
        config.configHash(v)));
    BaselineFile.write(file, rows, r -> hashes.get(r.variant() == null ? "" : r.variant()));
    long scored = rows.stream().filter(r -> r.completed() && r.metrics().score() != null)
        .count();
    System.out.println("[evalunit] baseline of " + config.suiteName() + " written to " + file
        + ": " + rows.size() + " rows, " + scored + " scored" + (scored < rows.size()
            ? " (" + (rows.size() - scored) + " without a score: unpaired in the next gate)"
            : ""));
  }
  /** This run's results, completed to the whole suite from {@code results.jsonl} if partial. */
  private SeedSelection selection(Variant variant, List<SeedResult> thisRun) {
    Set<String> selected = selectedSeeds.getOrDefault(variant.key(), Set.of());
    if (options.shard().isPart()) {
      return shardSelection(variant, thisRun, selected);
    }
    if (config.seeds().stream().allMatch(seed -> selected.contains(seed.key()))) {
      return SeedSelection.whole(thisRun);
    }
    Map<String, List<SeedResult>> ran = new HashMap<>();
    thisRun.forEach(r -> ran.computeIfAbsent(r.seedKey(), k -> new ArrayList<>()).add(r));
    ResumeIndex recorded = history.computeIfAbsent(variant.key(), k ->
        ResumeIndex.read(variantDir(variant).resolve("results.jsonl"),
            config.configHash(variant)));
    List<SeedResult> results = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    int reusedHere = 0;
    Instant latest = null;
    int selectedHere = 0;
    for (SeedSpec seed : config.seeds()) {
      List<SeedResult> mine = ran.get(seed.key());
      if (mine != null) {
        results.addAll(mine);
        selectedHere++;
        continue;
      }
      // An unselected seed counts when every one of its epochs has a recorded result.
      List<SeedResult> earlier = new ArrayList<>();
      for (int epoch = 0; epoch < config.epochs().count(); epoch++) {
        recorded.latest(seed.key(), epoch).ifPresent(earlier::add);
      }
      if (earlier.size() < config.epochs().count()) {
        missing.add(seed.key());
        continue;
      }
      results.addAll(earlier);
      reusedHere++;
      for (SeedResult r : earlier) {
        Instant at = r.endedAt();
        if (at != null && (latest == null || at.isAfter(latest))) {
          latest = at;
        }
      }
    }
    String note = reusedHere == 0 ? null : reusedHere + " result" + (reusedHere == 1 ? "" : "s")
        + " reused from the run of " + (latest == null ? "an earlier run"
            : RUN_TIME.format(latest))
        + " (this run selected " + selectedHere + " of "
        + config.seeds().size() + " seeds)";
    return new SeedSelection(results, new SuiteOutcome.Reuse(reusedHere, note), missing);
  }

  /**
   * A shard's results: judged for its own reports, but its verdict says that the merge judges
   * the suite (the other seeds belong to the other shards).
   */
  private SeedSelection shardSelection(Variant variant, List<SeedResult> thisRun,
      Set<String> selected) {
    List<String> others = config.seeds().stream().map(SeedSpec::key)
        .filter(key -> !selected.contains(key)).toList();
    Shard shard = options.shard();
    return SeedSelection.shard(thisRun, others, shard.label() + ": ran " + thisRun.size()
        + " of the suite's " + config.seeds().size() + " seeds"
        + (config.hasVariants() ? " of " + variant.key() : "") + "; the suite's verdict is "
        + "the merge's (-D" + Shard.KEY + "=merge over the " + shard.total() + " shard folders)");
  }

  @Override
  public void suiteFinished(Map<Variant, List<SeedResult>> results, Optional<EarlyStop> stop) {
    progress.close();
    List<VariantResults> variants = new ArrayList<>();
    // A variant whose verdict test ran is reported with that very outcome; one whose verdict
    // alone was selected (no seed of it ran) too.
    for (Variant variant : config.variants()) {
      List<SeedResult> list = results.get(variant);
      if (list != null || judgements.judged(variant).isPresent()) {
        List<SeedResult> mine = list == null ? List.of() : list;
        VariantResults v = new VariantResults(variant, variantDir(variant),
            outcome(variant, () -> mine, stop));
        variants.add(config.baseline().gated() ? v.withGate(gate(variant, () -> mine, stop)) : v);
      }
    }
    // After the gate read the old baseline: the gate judges this run against the previous one.
    if (config.baseline().write()) {
      writeBaseline(variants);
    }
    // Never replace a fuller run's reports with a subset: a partial run that cannot cover the
    // whole suite from recorded results leaves existing reports as they are.
    List<VariantResults> partial = variants.stream()
        .filter(v -> v.outcome().outcome() == SuiteVerdict.Outcome.ABORTED).toList();
    // A shard's folder holds that shard's reports only: always this run's.
    boolean keepFuller = !options.shard().isPart();
    if (keepFuller && !partial.isEmpty()
        && Files.exists(config.output().dir().resolve("report.html"))) {
      System.out.println("[evalunit] reports of " + config.suiteName() + " kept as they were: "
          + partial.get(0).verdict().reasons().get(0));
      return;
    }
    SuiteResults run = new SuiteResults(config, taskAppUrl, startedAt, Instant.now(), variants,
        options.replicas().get());
    Map<String, String> hashes = new LinkedHashMap<>();
    for (VariantResults v : variants) {
      hashes.put(v.variant().key(), config.configHash(v.variant()));
      if (keepFuller && partial.contains(v) && Files.exists(v.dir().resolve("report.json"))) {
        continue;
      }
      write(v.dir().resolve("report.json"),
          SynthReport.json(config, v.variant(), taskAppUrl, v.results(), v.outcome().seeds(),
              v.gate()));
      write(v.dir().resolve("report.txt"),
          SynthReport.text(config, v.variant(), taskAppUrl, v.results()));
    }
    Path dir = config.output().dir();
    Map<String, Object> metadata = RunMetadata.of(run, options.mode(), hashes, reused,
        GitCommit.of(dir));
    if (options.shard().isPart()) {
      metadata.put("shard", options.shard().value());
    } else if (merged != null) {
      metadata.put("shards", merged.describe());
    }
    write(dir.resolve("metadata.json"), RunMetadata.json(metadata));
    String markdown = config.redactor().redact(MarkdownSummary.render(run));
    write(dir.resolve("summary.md"), markdown);
    writeStreaming(dir.resolve("report.html"), out -> HtmlReport.write(run, metadata, dir, out));
    appendStepSummary(markdown);
    System.out.println("[evalunit] reports of " + config.suiteName() + ": "
        + dir.resolve("report.html"));
  }

  private void appendStepSummary(String markdown) {
    String target = options.environment().get(GITHUB_STEP_SUMMARY);
    if (target == null || target.isBlank()) {
      return;
    }
    try {
      Files.writeString(Path.of(target), markdown, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException e) {
      // The run's outcome must not depend on the CI summary; say why it is missing.
      System.err.println("[evalunit] cannot append to " + GITHUB_STEP_SUMMARY + " file " + target
          + ": " + e.getMessage());
    }
  }

  /**
   * Writes a whole file via a temporary sibling, so a reader never sees half of it. Any secret
   * value of the suite's config that reached the text (an echoed key in an error) is masked.
   */
  private void write(Path file, String raw) {
    String text = config.redactor().redact(raw);
    writeStreaming(file, out -> {
      try {
        out.write(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * Like {@link #write(Path, String)} for large files: the content goes to disk as it is
   * produced, each piece redacted on its way (a secret comes from one value, so it never spans
   * two pieces).
   */
  private void writeStreaming(Path file, Consumer<Writer> content) {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (Writer out = new RedactingWriter(
          Files.newBufferedWriter(temp, StandardCharsets.UTF_8), config.redactor())) {
        content.accept(out);
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String simpleName(SuiteConfig config) {
    return config.suiteName().substring(config.suiteName().lastIndexOf('.') + 1);
  }

  @Override
  public void close() {
    progress.close();
    jsonl.values().forEach(ResultsJsonl::close);
    jsonl.clear();
  }
}
