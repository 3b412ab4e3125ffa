package dev.evalunit.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.config.SecretRedactor;
import dev.evalunit.engine.config.SuiteConfig.CacheMode;
import dev.evalunit.engine.config.SuiteConfig.CacheSettings;
import dev.evalunit.engine.results.RolloutMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One folder of recordings, written whole and read back exactly, shared by writers. */
class RolloutCacheTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private RolloutCache cache() {
    return new RolloutCache(new CacheSettings(CacheMode.READ_WRITE, dir.resolve("cache"), "v1"),
        SecretRedactor.of(List.of("sk-trace-secret-42")));
  }

  private static CacheKey key(long seed) {
    ObjectNode request = JSON.createObjectNode();
    request.put("run_id", "r-" + seed);
    request.putObject("env").put("seed", seed);
    return CacheKey.of(request, null, 0, "v1", SecretRedactor.NONE);
  }

  private static Recording recording(double score) {
    return new Recording(new RolloutMetrics(score, score, null, null, null, 100L, 0.01), null,
        12.5, 1);
  }

  @Test
  void aRecordingReadsBackAsItWasWrittenTraceRedacted() throws Exception {
    RolloutCache cache = cache();
    assertThat(cache.find(key(1))).isEmpty();
    ObjectNode trace = JSON.createObjectNode().put("note", "called with sk-trace-secret-42");
    Recording priced = new Recording(new RolloutMetrics(0.5, null, 0.25, null, 1.0, 3L, null)
        .withPricedCost(0.004), trace, 40.0, 2);

    cache.record(key(1), priced);

    Recording back = cache.find(key(1)).orElseThrow();
    assertThat(back.metrics()).isEqualTo(priced.metrics());
    assertThat(back.latencyMs()).isEqualTo(40.0);
    assertThat(back.attempts()).isEqualTo(2);
    assertThat(back.trace().path("note").asText()).isEqualTo("called with ***");
    assertThat(Files.readString(cache.file(key(1)))).doesNotContain("sk-trace-secret-42");
  }

  @Test
  void aFileThatRecordsAnotherKeyIsAnErrorNamingIt() throws Exception {
    RolloutCache cache = cache();
    cache.record(key(1), recording(1.0));
    Files.move(cache.file(key(1)), cache.file(key(2)));

    assertThatThrownBy(() -> cache.find(key(2))).isInstanceOf(CacheException.class)
        .hasMessageContaining(cache.file(key(2)).toString())
        .hasMessageContaining("not the key its name is the hash of");

    Files.writeString(cache.file(key(3)), "{\"evalunit_cache\": 1, \"key\": "
        + key(3).material() + ", \"result\": {\"metrics\": {\"score\": \"high\"}}}");
    assertThatThrownBy(() -> cache.find(key(3))).isInstanceOf(CacheException.class)
        .hasMessageContaining(cache.file(key(3)).toString())
        .hasMessageContaining("\"score\" must be a number or null, got \"high\"");

    Files.writeString(cache.file(key(4)), "");
    assertThatThrownBy(() -> cache.find(key(4))).isInstanceOf(CacheException.class)
        .hasMessageContaining(cache.file(key(4)).toString());
  }

  @Test
  void concurrentWritersOfOneKeyLeaveOneValidRecordingAndReadersNeverSeeHalfAFile()
      throws Exception {
    RolloutCache cache = cache();
    CacheKey key = key(9);
    int writers = 4;
    int rounds = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        double score = (w + 1) / 10.0;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < rounds; i++) {
            cache.record(key, recording(score));
          }
          return null;
        }));
      }
      futures.add(pool.submit(() -> {
        start.await();
        int seen = 0;
        for (int i = 0; i < writers * rounds; i++) {
          Optional<Recording> read = cache.find(key); // throws if it met half a file
          if (read.isPresent()) {
            seen++;
            assertThat(read.get().metrics().score()).isIn(0.1, 0.2, 0.3, 0.4);
          }
        }
        return seen;
      }));
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(cache.find(key).orElseThrow().metrics().score()).isIn(0.1, 0.2, 0.3, 0.4);
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly(key.fileName()); // no temporary file left behind
    }
  }
}
