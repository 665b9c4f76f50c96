import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { SECRET_PREFIX, newWebhookSecret, signWebhook, verifyWebhook } from "../../src/alerts/signing.js";
import { webhookBody, webhookHeaders } from "../../src/alerts/payload.js";

test("signature is HMAC-SHA256 over '<timestamp>.<body>' (checked with an independent computation)", () => {
  const secret = "whsec_test-secret";
  const body = '{"event":"item.matched","delivery_id":7}';
  const expected = createHmac("sha256", secret).update(`1740830400.${body}`).digest("hex");
  assert.equal(signWebhook(secret, 1740830400, body), `sha256=${expected}`);
  assert.match(signWebhook(secret, 1740830400, body), /^sha256=[0-9a-f]{64}$/);
});

test("verify accepts the right signature and rejects tampering, wrong secret, stale timestamps", () => {
  const secret = newWebhookSecret();
  const body = webhookBody(3, { saved_search: { id: 1, name: "Ferries", query: "ferry" }, item: { uri: "https://wire.example.org/items/x" } });
  const h = webhookHeaders(3, body, secret, 1_740_830_400_123);
  assert.equal(h["x-pressroom-timestamp"], "1740830400");
  assert.equal(h["x-pressroom-delivery"], "3");
  assert.equal(h["x-pressroom-event"], "item.matched");
  assert.equal(h["content-type"], "application/json");
  const sig = h["x-pressroom-signature"]!;
  assert.equal(verifyWebhook(secret, "1740830400", body, sig, 1740830410), true);
  assert.equal(verifyWebhook(secret, "1740830400", body.replace("Ferries", "Ferrie5"), sig, 1740830410), false);
  assert.equal(verifyWebhook(`${secret}x`, "1740830400", body, sig, 1740830410), false);
  assert.equal(verifyWebhook(secret, "1740830401", body, sig, 1740830410), false, "timestamp is signed");
  assert.equal(verifyWebhook(secret, "1740830400", body, sig, 1740830400 + 301), false, "too old");
  assert.equal(verifyWebhook(secret, "abc", body, sig, 1740830400), false);
  assert.equal(verifyWebhook(secret, "1740830400", body, "sha256=00", 1740830400), false);
});

test("secrets are random, prefixed and long", () => {
  const a = newWebhookSecret();
  const b = newWebhookSecret();
  assert.notEqual(a, b);
  assert.ok(a.startsWith(SECRET_PREFIX));
  assert.match(a.slice(SECRET_PREFIX.length), /^[A-Za-z0-9_-]{43}$/);
});

test("the body carries event, delivery id, saved search and item", () => {
  const body = JSON.parse(webhookBody(42, { saved_search: { id: 5, name: "N", query: 'outlet:Reuters "Fordow"' }, item: { uri: "u" } })) as Record<string, unknown>;
  assert.deepEqual(body, { event: "item.matched", delivery_id: 42, saved_search: { id: 5, name: "N", query: 'outlet:Reuters "Fordow"' }, item: { uri: "u" } });
});
