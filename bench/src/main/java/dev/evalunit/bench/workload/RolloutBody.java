package dev.evalunit.bench.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@code POST /rollout} body of the shape the engine sends (synth-ai 0.4.4 superset), for the
 * hand-written alternative and for wrk, so every client under comparison sends the same bytes.
 *
 * <pre>{@code
 * byte[] body = json.writeValueAsBytes(RolloutBody.forSeed(json, 17, false));
 * }</pre>
 */
public final class RolloutBody {

  private RolloutBody() {}

  public static ObjectNode forSeed(ObjectMapper json, long seed, boolean returnTrace) {
    String runId = "bench-stub-seed-" + seed + "-0000abcd";
    ObjectNode body = json.createObjectNode();
    body.put("run_id", runId);
    body.put("trace_correlation_id", runId);
    ObjectNode env = body.putObject("env");
    env.putNull("env_id");
    env.put("env_name", "bench-stub");
    env.putObject("config");
    env.put("seed", seed);
    ObjectNode policy = body.putObject("policy");
    policy.putNull("policy_id");
    policy.putNull("policy_name");
    policy.putObject("config").put("model", "stub-model");
    policy.put("output_mode", "tool_calls");
    policy.putNull("structured_config");
    ObjectNode record = body.putObject("record");
    record.put("logprobs", false);
    record.put("value", false);
    record.put("return_trace", returnTrace);
    record.put("trace_format", "compact");
    body.put("on_done", "reset");
    body.putObject("safety").put("max_time_s", 3600.0);
    body.putNull("training_session_id");
    body.putNull("synth_base_url");
    body.put("mode", "eval");
    return body;
  }
}
