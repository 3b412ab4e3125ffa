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

    assertThat(TraceArchive.extract(write(zip(entries)), target))
        .containsExactly(Path.of("seed_0_trace.json"), Path.of("job/seed_1_trace.json"));
    assertThat(target.resolve("job/seed_1_trace.json")).hasContent("{\"a\":1}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape.json", "traces/../../escape.json", "/tmp/escape.json",
      "..\\escape.json", "C:/escape.json", "c:\\escape.json", "ok/../../escape.json"})
  void anEntryThatWouldLandOutsideIsRejectedAndNothingIsWritten(String hostile)
      throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("seed_0_trace.json", "{}");
    entries.put(hostile, "pwned");
    Path target = dir.resolve("out/traces");
    Path zip = write(zip(entries));

    assertThatThrownBy(() -> TraceArchive.extract(zip, target))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("the trace archive was rejected")
        .hasMessageContaining(hostile)
        .satisfies(e -> assertThat(((BackendException) e).kind())
            .isEqualTo(BackendException.Kind.UNSAFE_ARCHIVE));
    assertThat(target).doesNotExist();
    try (var walk = Files.walk(dir)) {
      assertThat(walk.map(p -> p.getFileName().toString())).doesNotContain("escape.json");
    }
  }

  @Test
  void anArchiveThatUnpacksTooLargeIsStopped() throws IOException {
    Path zip = write(zip(Map.of("seed_0_trace.json", "x".repeat(5000))));

    assertThatThrownBy(() -> TraceArchive.extract(zip, dir.resolve("t"), 1000))
        .isInstanceOf(BackendException.class).hasMessageContaining("more than 1000 bytes");
  }

  @Test
  void somethingThatIsNotAZipIsAProtocolError() throws IOException {
    Path file = dir.resolve("traces.zip");
    Files.writeString(file, "<html>gateway error</html>");

    assertThatThrownBy(() -> TraceArchive.extract(file, dir.resolve("t")))
        .isInstanceOf(BackendException.class).hasMessageContaining("not a readable ZIP");
  }
}
