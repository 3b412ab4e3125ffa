/**
 * In-process rollouts: the engine's side of {@code @Rollout} suites. {@link
 * dev.evalunit.engine.agent.AgentRollouts} creates the suite instance, calls its rollout method
 * once per attempt on its own thread with a {@link dev.evalunit.engine.agent.RolloutContext},
 * cancels it at the deadline, turns what it returns or throws into a rollout reply, and writes
 * the OpenHands-style {@code output.jsonl}. Internal to the evalunit engine: no compatibility
 * promise; the public API is {@code dev.evalunit.agent} in the annotations module.
 */
@API(status = INTERNAL, since = "0.1")
package dev.evalunit.engine.agent;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
