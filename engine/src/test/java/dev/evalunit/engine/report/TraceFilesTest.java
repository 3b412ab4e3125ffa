package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.config.SeedSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace file names (one per seed, always) and bytes (synth-ai's {@code save_traces}). */
class TraceFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The ids of issue 10, and more that a naive "replace unsafe by _" folds together. */
  static final List<String> HOSTILE_IDS = List.of("日本", "中国", "a/b", "a_b", "a b", "a\\b",
      "A_B", "a:b", "..", "a_b+0", "x".repeat(300), "x".repeat(301), "😀", "a\tb");

  @TempDir Path dir;

  @Test
  void everyInstanceIdGetsItsOwnSafeFileName() {
    List<String> names = HOSTILE_IDS.stream()
        .map(id -> TraceFiles.fileName(new SeedSpec(0, id, Map.of()))).toList();

    assertThat(names).doesNotHaveDuplicates();
    // Distinct on a case-insensitive disk too (macOS, Windows).
    assertThat(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()))
        .hasSize(names.size());
    assertThat(names).allMatch(n -> n.matches("seed_[a-z0-9._+-]+_trace\\.json"))
        .allMatch(n -> n.length() < 200);
    assertThat(TraceFiles.fileName(new SeedSpec(0, "a_b", Map.of())))
        .isEqualTo("seed_a_b_trace.json");
    assertThat(TraceFiles.fileName(SeedSpec.of(7))).isEqualTo("seed_7_trace.json");
    assertThat(TraceFiles.relativePath(SeedSpec.of(7), 0)).isEqualTo("traces/seed_7_trace.json");
    assertThat(TraceFiles.relativePath(SeedSpec.of(7), 2))
        .isEqualTo("traces/seed_7+epoch_2_trace.json");
    // Epoch 2 of "a" is not epoch 0 of an id that spells it out.
    assertThat(TraceFiles.relativePath(new SeedSpec(0, "a", Map.of()), 2)).isNotEqualTo(
        TraceFiles.relativePath(new SeedSpec(0, "a_epoch_2", Map.of()), 0));
  }

  @Test
  void tenHostileIdsWriteTenFilesEachWithItsOwnTrace() throws IOException {
    TraceFiles traces = new TraceFiles(dir);
    Set<String> paths = new HashSet<>();
    for (int i = 0; i < HOSTILE_IDS.size(); i++) {
      paths.add(traces.write(new SeedSpec(i, HOSTILE_IDS.get(i), Map.of()),
          JSON.readTree("{\"seed\":" + i + "}")));
    }

    assertThat(paths).hasSize(HOSTILE_IDS.size());
    try (var files = Files.list(dir.resolve("traces"))) {
      assertThat(files.count()).isEqualTo(HOSTILE_IDS.size());
    }
    for (int i = 0; i < HOSTILE_IDS.size(); i++) {
      String path = "traces/" + TraceFiles.fileName(new SeedSpec(i, HOSTILE_IDS.get(i), Map.of()));
      assertThat(JSON.readTree(dir.resolve(path).toFile()).path("seed").asInt()).isEqualTo(i);
    }
  }

  @Test
  void synthAiTraceFixturesComeOutByteForByte() throws IOException {
    // tests/local_api/eval_traces/seed_{0,3}_trace.json were written by synth-ai's save_traces:
    // trace_file.write_text(json.dumps(result.trace, indent=2, default=str)).
    for (String name : List.of("tests__local_api__eval_traces__seed_0_trace.json",
        "tests__local_api__eval_traces__seed_3_trace.json")) {
      byte[] fixture = Files.readAllBytes(ReportFixtures.synthFixtures().resolve(name));

      String written = new TraceFiles(dir).write(SeedSpec.of(0), JSON.readTree(fixture));

      assertThat(Files.readString(dir.resolve(written))).as(name)
          .isEqualTo(new String(fixture, StandardCharsets.UTF_8));
    }
  }

  @Test
  void pythonJsonDumpsIndent2RulesForWhatTheFixturesDoNotCover() throws IOException {
    // Python 3 json.dumps(obj, indent=2): item separator "," and key separator ": " when an
    // indent is given; ensure_ascii=True escapes every character outside ' '..'~' as \\uXXXX
    // with lowercase hex (non-BMP as a UTF-16 surrogate pair), except \\n \\r \\t \\b \\f;
    // '/' is not escaped; empty containers are "[]" and "{}"; floats use float.__repr__.
    JsonNode trace = JSON.readTree("""
        {"schema_version":"3.0","ids":["日本","a/b"],"empty":{},"none":[],
         "f":[1e-05,1e16,100000.0,0.1,1.5e300,-0.0],"n":12345678901234567890,
         "ctl":"\\u0001\\u007f\\n\\"\\\\","emoji":"😀","nested":{"k":true,"z":null}}""");
    String python = """
        {
          "schema_version": "3.0",
          "ids": [
            "\\u65e5\\u672c",
            "a/b"
          ],
          "empty": {},
          "none": [],
          "f": [
            1e-05,
            1e+16,
            100000.0,
            0.1,
            1.5e+300,
            -0.0
          ],
          "n": 12345678901234567890,
          "ctl": "\\u0001\\u007f\\n\\"\\\\",
          "emoji": "\\ud83d\\ude00",
          "nested": {
            "k": true,
            "z": null
          }
        }""";

    StringWriter out = new StringWriter();
    TraceFiles.writeJson(trace, out);

    assertThat(out.toString()).isEqualTo(python);
    assertThat(out.toString()).doesNotContain("\" : ").doesNotContain("[ {");
  }

  @Test
  void staleTracesOfAnEarlierRunGoExceptTheReusedOnes() throws IOException {
    TraceFiles traces = new TraceFiles(dir);
    List<String> written = IntStream.range(0, 4)
        .mapToObj(i -> traces.write(SeedSpec.of(i), JSON.createObjectNode())).toList();
    Files.writeString(dir.resolve("traces/notes.txt"), "mine");
    // Left by a killed run: a trace being written, a backend entry being unpacked.
    Files.writeString(dir.resolve("traces/seed_9_trace.json.tmp"), "{");
    Files.writeString(dir.resolve("traces/seed_8_trace.json.part"), "{");

    int deleted = traces.removeStale(path -> !path.equals(written.get(2)));

    assertThat(deleted).isEqualTo(5);
    try (var files = Files.list(dir.resolve("traces"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("seed_2_trace.json", "notes.txt");
    }
  }
}
