package dev.evalunit.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.client.RawHttpServer;
import dev.evalunit.engine.config.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace archive download is capped: past the cap nothing of it is kept (issue 10). */
class TraceDownloadTest {

  @TempDir Path dir;

  private static BackendClient client(RawHttpServer server) {
    return new BackendClient(new OkHttpClient(),
        BackendEndpoint.of(server.url(), new Secret("sk-download-test-4242")), new ObjectMapper());
  }

  @Test
  void anEndlessArchiveIsStoppedAtTheCapAndTheDownloadDeleted() throws Exception {
    byte[] chunk = ("2000\r\n" + "z".repeat(8192) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    // Bounded: at most 64 MiB are offered.
    try (RawHttpServer endless = new RawHttpServer(1, out -> {
      out.write(RawHttpServer.head("200 OK", "Content-Type: application/zip",
          "Transfer-Encoding: chunked"));
      for (int i = 0; i < 8192; i++) {
        out.write(chunk);
      }
    })) {
      Path file = dir.resolve("traces.zip.part");

      assertThatThrownBy(() -> client(endless).downloadTraces("job-1", file, 100_000))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("larger than 100000 bytes")
          .hasMessageContaining("stopped and deleted");
      assertThat(file).doesNotExist();
    }
  }

  @Test
  void aDeclaredLengthAboveTheCapIsRefusedBeforeReading() throws Exception {
    try (RawHttpServer large = new RawHttpServer(1, out -> {
      out.write(RawHttpServer.head("200 OK", "Content-Length: 5000000"));
      out.write(new byte[1000]);
    })) {
      Path file = dir.resolve("traces.zip.part");

      assertThatThrownBy(() -> client(large).downloadTraces("job-1", file, 100_000))
          .hasMessageContaining("larger than 100000 bytes");
      assertThat(file).doesNotExist();
    }
  }

  @Test
  void aRedirectFromTheBackendIsNotFollowedSoTheKeyStaysAtItsOrigin() throws Exception {
    try (RawHttpServer elsewhere = new RawHttpServer(1, out -> out.write(RawHttpServer.head(
            "200 OK", "Content-Length: 2", "Content-Type: application/json")));
        RawHttpServer redirecting = new RawHttpServer(1, out -> out.write(RawHttpServer.head(
            "307 Temporary Redirect", "Location: " + elsewhere.url() + "/api/eval/jobs/job-1",
            "Content-Length: 0")))) {

      assertThatThrownBy(() -> client(redirecting).status("job-1"))
          .isInstanceOf(BackendException.class).hasMessageContaining("HTTP 307");
      assertThat(elsewhere.requests()).isZero();
    }
  }

  @Test
  void theCapIsOneGibibyteForDownloadAndUnpacking() {
    assertThat(TraceArchive.MAX_BYTES).isEqualTo(1L << 30);
  }

  @Test
  void anArchiveWithinTheCapIsWrittenWhole() throws Exception {
    try (RawHttpServer small = new RawHttpServer(1, out -> {
      out.write(RawHttpServer.head("200 OK", "Content-Length: 5"));
      out.write("PK\u0003\u0004x".getBytes(StandardCharsets.ISO_8859_1));
    })) {
      Path file = dir.resolve("traces.zip.part");

      client(small).downloadTraces("job-1", file, 100_000);

      assertThat(Files.size(file)).isEqualTo(5);
    }
  }
}
