package dev.evalunit.engine.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalunit.engine.config.SeedSpec;
import dev.evalunit.engine.config.SuiteConfig.RolloutTemplate;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds {@code POST /rollout} bodies: the superset of fields every server generation accepts
 * (unknown keys are ignored by all of them). The fields synth-ai 0.4.4's
 * {@code _build_rollout_request} sets carry its values: {@code record.trajectories = true},
 * {@code on_done = "reset"}, {@code mode = config.mode or "eval"}, {@code synth_base_url} from
 * {@code SYNTH_API_BASE or SYNTH_BASE_URL}.
 */
public final class RolloutRequests {

  private final ObjectMapper json;
  private final RolloutTemplate template;
  private final String synthBaseUrl;
  // Converting the config maps to JSON (valueToTree) costs more than the rest of a request;
  // they are the same for every seed of a variant, so convert once and copy the trees.
  private final ObjectNode envConfigTree;
  private final Map<Variant, ObjectNode> policyByVariant = new ConcurrentHashMap<>();

  /**
   * @param synthBaseUrl the value of {@code SYNTH_API_BASE} or {@code SYNTH_BASE_URL}, or null
   */
  public RolloutRequests(ObjectMapper json, RolloutTemplate template, String synthBaseUrl) {
    this.json = json;
    this.template = template;
    this.synthBaseUrl = synthBaseUrl;
    this.envConfigTree = json.valueToTree(template.envConfig());
  }

  /** {@code <app_id or env_name or "eval">-seed-<seed>-<8 hex>}, the run id of epoch 0. */
  public String newRunId(SeedSpec seed) {
    return newRunId(seed, 0);
  }

  /**
   * The run id of one epoch of a seed: {@code <prefix>-seed-<seed>-<8 hex>} for epoch 0 (as
   * synth-ai names a rollout), {@code <prefix>-seed-<seed>-epoch-<epoch>-<8 hex>} after it.
   */
  public String newRunId(SeedSpec seed, int epoch) {
    String prefix = template.appId() != null ? template.appId()
        : template.envName() != null ? template.envName() : "eval";
    String hex = Integer.toHexString(ThreadLocalRandom.current().nextInt());
    return prefix + "-seed-" + seed.seed() + (epoch == 0 ? "" : "-epoch-" + epoch) + "-"
        + "0".repeat(8 - hex.length()) + hex;
  }

  public ObjectNode build(SeedSpec seed, Variant variant, String runId) {
    ObjectNode body = json.createObjectNode();
    body.put("run_id", runId);
    body.put("trace_correlation_id", runId);

    ObjectNode env = body.putObject("env");
    env.putNull("env_id");
    env.put("env_name", template.envName());
    ObjectNode envConfig = envConfigTree.deepCopy();
    if (!seed.row().isEmpty()) {
      envConfig.set("instance", json.valueToTree(seed.row()));
    }
    env.set("config", envConfig);
    env.put("seed", seed.seed());

    body.set("policy", policyByVariant.computeIfAbsent(variant, this::policy).deepCopy());

    ObjectNode record = body.putObject("record");
    record.put("trajectories", true);
    record.put("logprobs", false);
    record.put("value", false);
    record.put("return_trace", template.returnTrace());
    record.put("trace_format", template.traceFormat());

    body.put("on_done", "reset");
    body.putObject("safety").put("max_time_s", 3600.0);
    body.putNull("training_session_id");
    body.put("synth_base_url", synthBaseUrl);
    body.put("mode", template.mode());
    return body;
  }

  /** The policy object of a variant: the template's config with the variant's overrides. */
  private ObjectNode policy(Variant variant) {
    Map<String, Object> policyConfig = new LinkedHashMap<>(template.policyConfig());
    policyConfig.putAll(variant.policyConfig());
    Object outputMode = policyConfig.remove("output_mode");
    Object structuredConfig = policyConfig.remove("structured_config");
    ObjectNode policy = json.createObjectNode();
    policy.putNull("policy_id");
    policy.put("policy_name", template.policyName());
    policy.set("config", json.valueToTree(policyConfig));
    policy.put("output_mode", outputMode == null ? "tool_calls" : outputMode.toString());
    policy.set("structured_config", json.valueToTree(structuredConfig));
    return policy;
  }
}
