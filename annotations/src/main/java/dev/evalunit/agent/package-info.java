/**
 * What an in-process rollout method ({@link dev.evalunit.Rollout}) receives and returns: the
 * {@link dev.evalunit.agent.Instance} it evaluates, the {@link dev.evalunit.agent.AgentContext}
 * (LLM config, iteration limit, usage and history recorders, simulated user, deadline,
 * cancellation, log) and the {@link dev.evalunit.agent.EvalOutput} it returns, shaped like the
 * OpenHands evaluation harness's {@code EvalOutput}. Plain interfaces and records: the engine
 * implements the interfaces; nothing here depends on a library.
 */
@API(status = EXPERIMENTAL, since = "0.1")
package dev.evalunit.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
