/**
 * Internal to the evalunit engine: no compatibility promise, may change in any release. The
 * public API is the annotations ({@code dev.evalunit}), {@code EvalUnitTestEngine.ENGINE_ID},
 * the setting keys ({@code config.SettingKeys}) and the result types ({@code results}).
 */
@API(status = INTERNAL, since = "0.1")
package dev.evalunit.engine.replicas;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
