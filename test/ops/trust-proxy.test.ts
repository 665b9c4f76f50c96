/**
 * `PRESSROOM_TRUST_PROXY`: behind a named reverse proxy the wire sees readers' addresses
 * (rate limits count per reader); without it, X-Forwarded-For is ignored (anyone could send it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedClock } from "../../src/core/clock.js";
import { loadConfig, parseTrustProxy } from "../../src/config/config.js";
import { buildServer } from "../../src/publish/server.js";
import { openTestStore } from "../db.js";

test("PRESSROOM_TRUST_PROXY takes addresses, CIDR ranges and range names, and names a bad entry", () => {
  assert.deepEqual(parseTrustProxy(undefined), []);
  assert.deepEqual(parseTrustProxy(" "), []);
  assert.deepEqual(parseTrustProxy("127.0.0.1, 10.0.0.0/8,fd00::/8 ,loopback"), ["127.0.0.1", "10.0.0.0/8", "fd00::/8", "loopback"]);
  assert.throws(() => parseTrustProxy("127.0.0.1,proxy.internal"), { code: "PRESSROOM_E_CONFIG", message: /got "proxy\.internal"/ });
  assert.throws(() => parseTrustProxy("10.0.0.0/33"), { code: "PRESSROOM_E_CONFIG" });
  assert.deepEqual(loadConfig({}, { PRESSROOM_TRUST_PROXY: "127.0.0.1" }).trustProxy, ["127.0.0.1"]);
  assert.deepEqual(loadConfig({}, {}).trustProxy, []);
});

for (const trusted of [true, false]) {
  test(`API rate limit per reader ${trusted ? "behind a trusted proxy" : "when no proxy is trusted (X-Forwarded-For ignored)"}`, async () => {
    const store = await openTestStore({ clock: fixedClock(Date.parse("2026-01-05T10:00:00Z")) });
    const app = await buildServer({
      store, clock: fixedClock(Date.parse("2026-01-05T10:00:00Z")), baseUrl: "http://wire.test",
      settings: { apiRateLimit: { max: 2, timeWindowMs: 60_000 }, ...(trusted ? { trustProxy: ["127.0.0.1"] } : {}) },
    });
    try {
      const get = (xff: string) => app.inject({ method: "GET", url: "/api/v1/stats", remoteAddress: "127.0.0.1", headers: { "x-forwarded-for": xff } });
      assert.equal((await get("203.0.113.7")).statusCode, 200);
      assert.equal((await get("203.0.113.7")).statusCode, 200);
      assert.equal((await get("203.0.113.7")).statusCode, 429, "the first reader used up the limit");
      const other = await get("198.51.100.20");
      assert.equal(other.statusCode, trusted ? 200 : 429, trusted ? "another reader behind the proxy has a limit of their own" : "without a trusted proxy, every request counts for the proxy's address");
    } finally {
      await app.close();
      await store.close();
    }
  });
}
