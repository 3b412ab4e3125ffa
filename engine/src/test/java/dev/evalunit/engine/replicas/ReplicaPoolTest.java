package dev.evalunit.engine.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalunit.engine.client.TaskAppClient;
import dev.evalunit.engine.client.TaskAppException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Which replica an attempt goes to, and when one is taken out and probed back in. */
class ReplicaPoolTest {

  private static final OkHttpClient HTTP = new OkHttpClient();

  private static ReplicaPool.Member member(String url) {
    return ReplicaPool.Member.unmanaged(new TaskAppClient(HTTP, url, null, Duration.ofSeconds(1),
        Duration.ofSeconds(5), new ObjectMapper()));
  }

  private static TaskAppException refused() {
    return new TaskAppException(TaskAppException.Kind.TRANSPORT, 0, "POST /rollout failed",
        null, new ConnectException("Connection refused"));
  }

  @Test
  void leastInFlightWithinThePerReplicaLimitAndWaitsBoundedWhenAllAreFull() throws Exception {
    try (ReplicaPool pool = ReplicaPool.of(List.of(member("http://127.0.0.1:1"),
        member("http://127.0.0.1:2")), 1, false)) {
      ReplicaPool.Lease a = pool.acquire(null, Duration.ofSeconds(1));
      ReplicaPool.Lease b = pool.acquire(null, Duration.ofSeconds(1));
      assertThat(List.of(a.url(), b.url()))
          .containsExactly("http://127.0.0.1:1", "http://127.0.0.1:2");

      assertThatThrownBy(() -> pool.acquire(null, Duration.ofMillis(50)))
          .isInstanceOf(TaskAppException.class)
          .hasMessageContaining("no replica of the task-app pool could take the rollout within 50")
          .hasMessageContaining("1 in flight (limit 1)");

      pool.release(b, null);
      assertThat(pool.acquire(null, Duration.ofSeconds(1)).url()).isEqualTo(b.url());
    }
  }

  @Test
  void aRetryAvoidsTheReplicaItFailedOnWhenAnotherCanTakeIt() throws Exception {
    try (ReplicaPool pool = ReplicaPool.of(List.of(member("http://127.0.0.1:1"),
        member("http://127.0.0.1:2")), 0, false)) {
      assertThat(pool.acquire("http://127.0.0.1:1", Duration.ofSeconds(1)).url())
          .isEqualTo("http://127.0.0.1:2");
    }
  }

  @Test
  void refusingTwiceInARowTakesAReplicaOutButNeverTheLastOne() throws Exception {
    try (ReplicaPool pool = ReplicaPool.of(List.of(member("http://127.0.0.1:1"),
        member("http://127.0.0.1:2")), 0, false)) {
      pool.release(pool.acquire("http://127.0.0.1:2", Duration.ofSeconds(1)), refused());
      assertThat(pool.stats().get(0).in()).as("one refusal is not enough").isTrue();
      pool.release(pool.acquire("http://127.0.0.1:2", Duration.ofSeconds(1)), refused());
      assertThat(pool.stats().get(0)).isEqualTo(
          new ReplicaStats("http://127.0.0.1:1", 2, 2, 1, false));
      for (int i = 0; i < 3; i++) {
        ReplicaPool.Lease lease = pool.acquire(null, Duration.ofSeconds(1));
        assertThat(lease.url()).isEqualTo("http://127.0.0.1:2");
        pool.release(lease, refused());
      }
      assertThat(pool.stats().get(1).in()).as("the last replica in stays in").isTrue();
    }
  }

  @Test
  void aReplicaTakenOutIsProbedBackInOnceItAnswers() throws Exception {
    try (StubReplica live = new StubReplica(0);
        ReplicaPool pool = ReplicaPool.of(List.of(member(live.url()),
            member("http://127.0.0.1:2")), 0, false)) {
      pool.release(pool.acquire(null, Duration.ofSeconds(1)), refused());
      pool.release(pool.acquire("http://127.0.0.1:2", Duration.ofSeconds(1)), refused());
      assertThat(pool.stats().get(0).in()).isFalse();

      // The first probe is due after 250 ms; bounded wait for it.
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!pool.stats().get(0).in() && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(pool.stats().get(0).in()).isTrue();
      assertThat(pool.stats().get(0).timesTakenOut()).isEqualTo(1);
    }
  }
}
