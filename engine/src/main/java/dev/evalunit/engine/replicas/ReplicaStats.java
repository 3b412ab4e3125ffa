package dev.evalunit.engine.replicas;

/**
 * What one replica of a task-app pool did in a suite, counted by attempt (a retried seed counts
 * once per attempt, on the replica each attempt went to).
 *
 * @param url the replica's base URL (credentials masked)
 * @param attempts rollout attempts sent to it
 * @param failedAttempts attempts that failed (transport, HTTP or protocol error)
 * @param timesTakenOut how often it was taken out of the pool
 * @param in whether it was in the pool at the end
 */
public record ReplicaStats(String url, long attempts, long failedAttempts, int timesTakenOut,
    boolean in) {

  /** One console line: each replica's attempts, failed attempts and times taken out. */
  public static String summary(String suiteName, java.util.List<ReplicaStats> replicas) {
    StringBuilder out = new StringBuilder("[evalunit] replicas of " + suiteName + ":");
    for (ReplicaStats r : replicas) {
      out.append("\n  ").append(r.url()).append(": ").append(r.attempts()).append(" attempts, ")
          .append(r.failedAttempts()).append(" failed")
          .append(r.timesTakenOut() == 0 ? "" : ", taken out " + r.timesTakenOut() + "x")
          .append(r.in() ? "" : " (out at the end)");
    }
    return out.toString();
  }
}
