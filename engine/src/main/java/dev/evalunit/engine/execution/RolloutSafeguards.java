package dev.evalunit.engine.execution;

import java.time.Duration;

/**
 * What one suite's rollouts share to stay within bounds: when to retry, how many calls may be
 * under way, when to stop starting rollouts, whether the task app process still runs, and how
 * long one rollout may take in all (every attempt and pause).
 *
 * @param retry the retry decisions and delays
 * @param limiter the adaptive concurrency limit, acquired before every attempt
 * @param stops consulted before a rollout starts; told about each finished one
 * @param liveness the managed task app, or {@link TaskAppLiveness#UNMANAGED}
 * @param rolloutTimeout {@code timeout.rollout}: the longest one rollout may take, retries
 *     and waits for a permit included
 * @param floor the least time left for which another attempt is sent
 * @param cutoff how long one attempt may run before it is cut as hung
 */
record RolloutSafeguards(RetryPolicy retry, ConcurrencyLimiter limiter, StopConditions stops,
    TaskAppLiveness liveness, Duration rolloutTimeout, AttemptFloor floor,
    AttemptCutoff cutoff) {}
