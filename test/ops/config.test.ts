/** `--log-level` / `PRESSROOM_LOG_LEVEL` in the configuration, and the metrics access switch. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/config.js";
import { isPressroomError } from "../../src/core/errors.js";
import { isLoopback, metricsPublicFromEnv } from "../../src/publish/ops/access.js";

test("log level: info by default; the flag wins over PRESSROOM_LOG_LEVEL; any case; a bad one names the setting", () => {
  assert.equal(loadConfig({}, {}).logLevel, "info");
  assert.equal(loadConfig({}, { PRESSROOM_LOG_LEVEL: "warn" }).logLevel, "warn");
  assert.equal(loadConfig({ logLevel: "debug" }, { PRESSROOM_LOG_LEVEL: "warn" }).logLevel, "debug");
  assert.equal(loadConfig({ logLevel: " Error " }, {}).logLevel, "error");
  assert.equal(loadConfig({}, { PRESSROOM_LOG_LEVEL: "silent" }).logLevel, "silent");
  for (const [flags, env] of [[{ logLevel: "verbose" }, {}], [{}, { PRESSROOM_LOG_LEVEL: "30" }]] as const) {
    assert.throws(() => loadConfig(flags as object, env as NodeJS.ProcessEnv), (e: unknown) =>
      isPressroomError(e, "PRESSROOM_E_CONFIG") && e.message.includes("--log-level / PRESSROOM_LOG_LEVEL") && e.message.includes("fatal, error, warn, info, debug, trace, silent"));
  }
});

test("PRESSROOM_METRICS_PUBLIC is 1/true or 0/false/unset; loopback covers 127/8, ::1 and IPv4-mapped loopback only", () => {
  assert.equal(metricsPublicFromEnv({}), false);
  assert.equal(metricsPublicFromEnv({ PRESSROOM_METRICS_PUBLIC: "0" }), false);
  assert.equal(metricsPublicFromEnv({ PRESSROOM_METRICS_PUBLIC: "1" }), true);
  assert.equal(metricsPublicFromEnv({ PRESSROOM_METRICS_PUBLIC: "TRUE" }), true);
  assert.throws(() => metricsPublicFromEnv({ PRESSROOM_METRICS_PUBLIC: "on" }), (e: unknown) => isPressroomError(e, "PRESSROOM_E_CONFIG"));
  for (const a of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) assert.equal(isLoopback(a), true, a);
  for (const a of ["10.0.0.1", "192.168.1.5", "::ffff:10.0.0.1", "fe80::1", "", undefined, "localhost"]) assert.equal(isLoopback(a), false, String(a));
});
