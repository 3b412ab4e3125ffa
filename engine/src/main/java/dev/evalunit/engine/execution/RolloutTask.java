package dev.evalunit.engine.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.client.RolloutReply;
import dev.evalunit.engine.client.RolloutRequests;
import dev.evalunit.engine.client.TaskAppClient;
import dev.evalunit.engine.client.TaskAppException;
import dev.evalunit.engine.report.TraceFiles;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import dev.evalunit.engine.results.SeedResult.ErrorInfo;
import dev.evalunit.engine.results.SeedResult.Status;
import java.time.Instant;

/**
 * Runs one rollout on a worker thread and turns whatever happens into a {@link SeedResult}; it
 * never throws, so a failed rollout can never be lost or silently scored 0.
 */
final class RolloutTask {

  private final RolloutKey key;
  private final TaskAppClient client;
  private final RolloutRequests requests;
  private final TraceFiles traces;

  RolloutTask(RolloutKey key, TaskAppClient client, RolloutRequests requests, TraceFiles traces) {
    this.key = key;
    this.client = client;
    this.requests = requests;
    this.traces = traces;
  }

  SeedResult run() {
    String runId = requests.newRunId(key.seed());
    ObjectNode body = requests.build(key.seed(), key.variant(), runId);
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    try {
      RolloutReply reply = client.rollout(body);
      double latencyMs = (System.nanoTime() - t0) / 1e6;
      String trace = reply.trace() == null ? null : traces.write(key.seed(), reply.trace());
      if (reply.aborted()) {
        return result(runId, Status.ERRORED, reply.metrics(), latencyMs, trace, started,
            new ErrorInfo("aborted_by_task_app", "the task app aborted " + label() + ": "
                + reply.abortReason()));
      }
      return result(runId, Status.COMPLETED, reply.metrics(), latencyMs, trace, started, null);
    } catch (TaskAppException e) {
      return result(runId, Status.ERRORED, RolloutMetrics.NONE, (System.nanoTime() - t0) / 1e6,
          null, started, new ErrorInfo(e.type(), label() + ": " + e.getMessage()));
    } catch (RuntimeException e) {
      return result(runId, Status.ERRORED, RolloutMetrics.NONE, (System.nanoTime() - t0) / 1e6,
          null, started, new ErrorInfo("internal", label() + ": " + e));
    }
  }

  private String label() {
    return key.seed().displayName()
        + (key.variant().name() == null ? "" : " (variant " + key.variant().name() + ")");
  }

  private SeedResult result(String runId, Status status, RolloutMetrics metrics, double latencyMs,
      String trace, Instant started, ErrorInfo error) {
    return new SeedResult(key.variant().name(), key.seed().seed(), key.seed().instanceId(), runId,
        status, metrics, latencyMs, 1, error, trace, started, Instant.now(), false);
  }
}
