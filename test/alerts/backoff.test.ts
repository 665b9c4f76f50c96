import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE_DELAY_MS, MAX_ATTEMPTS, MAX_DELAY_MS, backoffDelayMs, nextStep, retryAfterMs } from "../../src/alerts/backoff.js";

const T = Date.parse("2025-03-01T12:00:00Z");

test("delays double from 30 s, jitter adds at most 20 %, capped at 1 h", () => {
  assert.equal(backoffDelayMs(1, 0), 30_000);
  assert.equal(backoffDelayMs(2, 0), 60_000);
  assert.equal(backoffDelayMs(3, 0), 120_000);
  assert.equal(backoffDelayMs(1, 0.5), 33_000);
  assert.ok(backoffDelayMs(1, 0.999999) < BASE_DELAY_MS * 1.2 + 1);
  assert.equal(backoffDelayMs(7, 0), 1_920_000);
  assert.equal(backoffDelayMs(8, 0.9), MAX_DELAY_MS);
  assert.equal(backoffDelayMs(50, 0), MAX_DELAY_MS);
});

test("Retry-After: seconds or HTTP date, clamped to 1 s .. 1 h, junk ignored", () => {
  assert.equal(retryAfterMs("120", T), 120_000);
  assert.equal(retryAfterMs("0", T), 1000);
  assert.equal(retryAfterMs("999999", T), MAX_DELAY_MS);
  assert.equal(retryAfterMs(new Date(T + 90_000).toUTCString(), T), 90_000);
  assert.equal(retryAfterMs("soon", T), null);
  assert.equal(retryAfterMs("-5", T), null);
  assert.equal(retryAfterMs(undefined, T), null);
});

test("outcomes: 2xx delivered, 410 failed at once, others retried until the last attempt", () => {
  assert.deepEqual(nextStep(200, 1, T, undefined, 0), { kind: "delivered" });
  assert.deepEqual(nextStep(204, 3, T, undefined, 0), { kind: "delivered" });
  assert.deepEqual(nextStep(410, 1, T, undefined, 0), { kind: "failed" });
  assert.deepEqual(nextStep(500, 1, T, undefined, 0), { kind: "retry", nextAttemptAt: T + 30_000 });
  assert.deepEqual(nextStep(null, 2, T, undefined, 0), { kind: "retry", nextAttemptAt: T + 60_000 });
  assert.deepEqual(nextStep(302, 1, T, undefined, 0), { kind: "retry", nextAttemptAt: T + 30_000 });
  assert.deepEqual(nextStep(500, MAX_ATTEMPTS, T, undefined, 0), { kind: "failed" });
  assert.deepEqual(nextStep(429, 1, T, "7", 0), { kind: "retry", nextAttemptAt: T + 7000 });
  assert.deepEqual(nextStep(503, 1, T, "600", 0), { kind: "retry", nextAttemptAt: T + 600_000 });
  assert.deepEqual(nextStep(500, 1, T, "600", 0), { kind: "retry", nextAttemptAt: T + 30_000 }, "Retry-After only on 429/503");
});
