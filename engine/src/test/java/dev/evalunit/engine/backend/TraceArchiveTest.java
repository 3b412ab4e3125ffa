package dev.evalunit.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceArchiveTest {

  @TempDir Path dir;

  /** A ZIP with these entries (name to content), written with the names as given. */
  static byte[] zip(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private Path write(byte[] zip) throws IOException {
    Path file = dir.resolve("traces.zip");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(zip);
    }
    return file;
  }

  @Test
  void entriesAreUnpackedBelowTheTarget() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("seed_0_trace.json", "{\"a\":0}");
    entries.put("job/seed_1_trace.json", "{\"a\":1}");
    Path target = dir.resolve("out/traces");

    TraceArchive.Unpacked unpacked = TraceArchive.extract(write(zip(entries)), target);

    assertThat(unpacked.files())
        .containsExactly(Path.of("seed_0_trace.json"), Path.of("job/seed_1_trace.json"));
    assertThat(unpacked.rejected()).isEmpty();
    assertThat(target.resolve("job/seed_1_trace.json")).hasContent("{\"a\":1}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape.json", "traces/../../escape.json", "/tmp/escape.json",
      "..\\escape.json", "C:/escape.json", "c:\\escape.json", "ok/../../escape.json"})
  void anEntryThatWouldLandOutsideIsRejectedAloneAndTheOthersAreUnpacked(String hostile)
      throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("seed_0_trace.json", "{}");
    entries.put(hostile, "pwned");
    entries.put("seed_1_trace.json", "{\"b\":1}");
    Path target = dir.resolve("out/traces");
    Path zip = write(zip(entries));

    TraceArchive.Unpacked unpacked = TraceArchive.extract(zip, target);

    assertThat(unpacked.files())
        .containsExactly(Path.of("seed_0_trace.json"), Path.of("seed_1_trace.json"));
    assertThat(unpacked.rejected()).singleElement().asString()
        .contains("entry \"" + hostile + "\"").contains("would be written outside");
    try (var walk = Files.walk(dir)) {
      assertThat(walk.map(p -> p.getFileName().toString())).doesNotContain("escape.json");
    }
  }

  @Test
  void aCorruptEntryIsRejectedAloneAndLeavesNoPartialFile() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("seed_0_trace.json", "{\"good\":0}");
    entries.put("seed_1_trace.json", "{\"bad\":\"" + "y".repeat(4000) + "\"}");
    byte[] bytes = zip(entries);
    // Flip bytes inside the second entry's compressed data: its inflate or CRC check fails.
    int second = indexOf(bytes, "seed_1_trace.json".getBytes(StandardCharsets.UTF_8));
    for (int i = second + 40; i < second + 60; i++) {
      bytes[i] ^= 0x5a;
    }
    Path target = dir.resolve("out/traces");

    TraceArchive.Unpacked unpacked = TraceArchive.extract(write(bytes), target);

    assertThat(unpacked.files()).containsExactly(Path.of("seed_0_trace.json"));
    assertThat(unpacked.rejected()).singleElement().asString()
        .contains("entry \"seed_1_trace.json\" is corrupt");
    try (var files = Files.list(target)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("seed_0_trace.json");
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void anArchiveThatUnpacksPastTheCapIsStoppedAndLeavesNothing() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("seed_0_trace.json", "x".repeat(600));
    entries.put("seed_1_trace.json", "x".repeat(600));
    Path zip = write(zip(entries));
    Path target = dir.resolve("t");

    assertThatThrownBy(() -> TraceArchive.extract(zip, target, 1000))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("unpacks to more than 1000 bytes")
        .hasMessageContaining("stopped at entry \"seed_1_trace.json\"")
        .hasMessageContaining("the 1 trace file already unpacked was deleted");
    try (var walk = Files.walk(target)) {
      assertThat(walk.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void somethingThatIsNotAZipIsAProtocolError() throws IOException {
    Path file = dir.resolve("traces.zip");
    Files.writeString(file, "<html>gateway error</html>");

    assertThatThrownBy(() -> TraceArchive.extract(file, dir.resolve("t")))
        .isInstanceOf(BackendException.class).hasMessageContaining("not a readable ZIP");
  }
}
