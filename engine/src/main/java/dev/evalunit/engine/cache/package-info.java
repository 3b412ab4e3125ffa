/**
 * Record and replay of rollouts ({@code cache.mode}): the cache key of a rollout, one recording
 * per key in a shared folder, read and written safely by concurrent runs. Internal to the
 * evalunit engine: no compatibility promise, may change in any release.
 */
@API(status = INTERNAL, since = "0.1")
package dev.evalunit.engine.cache;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
