package dev.evalunit.engine.replicas;

import dev.evalunit.engine.client.TaskAppClient;
import dev.evalunit.engine.client.TaskAppException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The replicas of one suite's task app (a list of URLs, or the processes
 * {@code @TaskAppProcess(replicas = N)} started), and which one each rollout attempt goes to:
 * the replica with the fewest attempts in flight among those in the pool and under the
 * per-replica limit, avoiding the one the seed's previous attempt failed on when another can take
 * it. A replica that refuses connections {@link #REFUSALS_TO_TAKE_OUT} times in a row, fails its
 * readiness probe at the start, or whose process exited, is taken out; one that is not gone for
 * good is probed back in on a timer (from {@link #FIRST_PROBE} doubling to {@link #LAST_PROBE}
 * between probes, until the pool closes). The last replica in is never taken out, so a pool of
 * one behaves as a plain URL: its seeds see its errors.
 *
 * <pre>{@code
 * try (ReplicaPool pool = ReplicaPool.of(members, 4, false)) {
 *   ReplicaPool.Lease lease = pool.acquire(null, Duration.ofSeconds(30));
 *   try {
 *     RolloutReply reply = lease.client().rollout(body, limit);
 *     pool.release(lease, null);
 *   } catch (TaskAppException e) {
 *     pool.release(lease, e);
 *   }
 * }
 * }</pre>
 */
public final class ReplicaPool implements AutoCloseable {

  /** Connection refusals in a row that take a replica out. */
  public static final int REFUSALS_TO_TAKE_OUT = 2;
  static final Duration FIRST_PROBE = Duration.ofMillis(250);
  static final Duration LAST_PROBE = Duration.ofSeconds(10);

  /**
   * One replica as the pool is given it.
   *
   * @param client the client of its URL
   * @param exit why its process is gone for good, or empty while it runs (always empty for a
   *     replica the engine did not start)
   */
  public record Member(TaskAppClient client, Supplier<Optional<String>> exit) {
    public static Member unmanaged(TaskAppClient client) {
      return new Member(client, Optional::empty);
    }
  }

  /** One attempt's hold on a replica, returned by {@link #release}. */
  public static final class Lease {
    private final Replica replica;

    private Lease(Replica replica) {
      this.replica = replica;
    }

    public TaskAppClient client() {
      return replica.member.client();
    }

    /** The replica's base URL, credentials masked. */
    public String url() {
      return replica.url;
    }
  }

  private static final class Replica {
    final Member member;
    final String url;
    int inFlight;
    int refusals;
    boolean in = true;
    boolean gone;
    String whyOut;
    long attempts;
    long failed;
    int takenOut;
    Duration nextProbe = FIRST_PROBE;

    Replica(Member member) {
      this.member = member;
      this.url = member.client().baseUrl().replaceAll("/+$", "");
    }
  }

  private final List<Replica> replicas;
  private final int perReplica;
  private final boolean healthProbe;
  private final Object lock = new Object();
  /** Probes taken-out replicas back in; made when the first one is taken out. Guarded. */
  private ScheduledExecutorService prober;
  private boolean closed;

  private ReplicaPool(List<Member> members, int perReplica, boolean healthProbe) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a pool needs at least one replica");
    }
    List<Replica> list = new ArrayList<>();
    members.forEach(m -> list.add(new Replica(m)));
    this.replicas = List.copyOf(list);
    this.perReplica = perReplica <= 0 ? Integer.MAX_VALUE : perReplica;
    this.healthProbe = healthProbe;
  }

  /**
   * @param perReplica the most attempts in flight on one replica, or 0 for no limit
   * @param healthProbe probe back with {@code GET /health} (200 with the key) rather than
   *     {@code GET /} (any answer)
   */
  public static ReplicaPool of(List<Member> members, int perReplica, boolean healthProbe) {
    return new ReplicaPool(members, perReplica, healthProbe);
  }

  /** How many replicas the pool has, in or out. */
  public int size() {
    return replicas.size();
  }

  /** The first replica's client: the one a pool of one is. */
  public TaskAppClient first() {
    return replicas.get(0).member.client();
  }

  /**
   * Probes every replica once (the readiness probe before the first rollout) and takes out those
   * that do not answer, to be probed back in.
   *
   * @return empty when at least one answered, else each replica's failure
   */
  public Optional<String> probeAll() {
    List<String> failures = new ArrayList<>();
    for (Replica replica : replicas) {
      Optional<String> unready = replica.member.client().unready(healthProbe);
      if (unready.isPresent()) {
        failures.add(replicas.size() == 1 ? unready.get() : replica.url + ": " + unready.get());
        synchronized (lock) {
          if (failures.size() < replicas.size()) {
            takeOut(replica, "readiness probe: " + unready.get());
          }
        }
      }
    }
    return failures.size() == replicas.size()
        ? Optional.of(String.join("; ", failures)) : Optional.empty();
  }

  /**
   * Holds a replica for one attempt: the one with the fewest attempts in flight among those in
   * and under the per-replica limit, not {@code avoid} when another can take it. Waits (without
   * spinning) up to {@code maxWait} for one.
   *
   * @param avoid the URL of the replica the seed's previous attempt failed on, or null
   * @throws TaskAppException (transport) when no replica could take the attempt in time
   */
  public Lease acquire(String avoid, Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    synchronized (lock) {
      while (true) {
        Replica best = null;
        Replica avoided = null;
        for (Replica r : replicas) {
          if (!r.in || r.inFlight >= perReplica) {
            continue;
          }
          if (r.url.equals(avoid)) {
            avoided = r;
          } else if (best == null || r.inFlight < best.inFlight) {
            best = r;
          }
        }
        Replica chosen = best != null ? best : avoided;
        if (chosen != null) {
          chosen.inFlight++;
          chosen.attempts++;
          return new Lease(chosen);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          throw new TaskAppException(TaskAppException.Kind.TRANSPORT, 0,
              "no replica of the task-app pool could take the rollout within "
                  + maxWait.toMillis() + " ms: " + describe(), null, null);
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  /**
   * Gives the replica back after the attempt: {@code failure} is null when it answered. A
   * refused connection counts towards taking it out; its process having exited takes it out
   * for good.
   */
  public void release(Lease lease, TaskAppException failure) {
    Replica r = lease.replica;
    Optional<String> gone = failure != null && failure.kind() == TaskAppException.Kind.TRANSPORT
        ? r.member.exit().get() : Optional.empty();
    synchronized (lock) {
      r.inFlight--;
      if (failure == null) {
        r.refusals = 0;
      } else {
        r.failed++;
        if (gone.isPresent()) {
          r.gone = true;
          takeOut(r, "its process exited: " + gone.get());
        } else if (refused(failure) && ++r.refusals >= REFUSALS_TO_TAKE_OUT) {
          takeOut(r, r.refusals + " connections refused in a row: " + failure.getMessage());
        }
      }
      lock.notifyAll();
    }
  }

  /** Whether the replica's process exited for every replica (a pool of started processes). */
  public Optional<String> allGone() {
    Optional<String> first = Optional.empty();
    for (Replica r : replicas) {
      Optional<String> exit = r.member.exit().get();
      if (exit.isEmpty()) {
        return Optional.empty();
      }
      if (first.isEmpty()) {
        first = Optional.of(r.url + ": " + exit.get());
      }
    }
    return first;
  }

  /** Each replica's counts so far, in the pool's order. */
  public List<ReplicaStats> stats() {
    synchronized (lock) {
      return replicas.stream()
          .map(r -> new ReplicaStats(r.url, r.attempts, r.failed, r.takenOut, r.in)).toList();
    }
  }

  /** Guarded by lock. */
  private void takeOut(Replica r, String why) {
    long stillIn = replicas.stream().filter(x -> x.in).count();
    if (!r.in || (stillIn <= 1 && !r.gone) || closed) {
      return;
    }
    r.in = false;
    r.whyOut = why;
    r.takenOut++;
    r.nextProbe = FIRST_PROBE;
    System.out.println("[evalunit] replica " + r.url + " taken out of the pool: " + why);
    if (!r.gone) {
      scheduleProbe(r);
    }
  }

  /** Guarded by lock. */
  private void scheduleProbe(Replica r) {
    if (prober == null) {
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "evalunit-replica-probe");
        thread.setDaemon(true);
        return thread;
      });
      executor.setRemoveOnCancelPolicy(true);
      prober = executor;
    }
    Duration delay = r.nextProbe;
    r.nextProbe = delay.multipliedBy(2).compareTo(LAST_PROBE) > 0 ? LAST_PROBE
        : delay.multipliedBy(2);
    prober.schedule(() -> probe(r), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void probe(Replica r) {
    Optional<String> unready = r.member.exit().get().isPresent() ? Optional.of("exited")
        : r.member.client().unready(healthProbe);
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (unready.isEmpty()) {
        r.in = true;
        r.refusals = 0;
        r.whyOut = null;
        System.out.println("[evalunit] replica " + r.url + " is back in the pool");
        lock.notifyAll();
      } else if (r.member.exit().get().isPresent()) {
        r.gone = true;
      } else {
        scheduleProbe(r);
      }
    }
  }

  private String describe() {
    StringBuilder out = new StringBuilder();
    for (Replica r : replicas) {
      out.append(out.length() == 0 ? "" : "; ").append(r.url).append(r.in
          ? " in, " + r.inFlight + " in flight (limit "
              + (perReplica == Integer.MAX_VALUE ? "none" : perReplica) + ")"
          : " out (" + r.whyOut + ")");
    }
    return out.toString();
  }

  private static boolean refused(TaskAppException e) {
    if (e.kind() != TaskAppException.Kind.TRANSPORT) {
      return false;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  /** Stops the probes. */
  @Override
  public void close() {
    ScheduledExecutorService executor;
    synchronized (lock) {
      closed = true;
      executor = prober;
      lock.notifyAll();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
