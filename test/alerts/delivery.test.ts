/**
 * End to end: saved searches made through the API, real corpus documents imported, the
 * alert tasks run once with a fixed clock, a real webhook receiver on 127.0.0.1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { ItemInput } from "../../src/core/item.js";
import { buildServer } from "../../src/publish/server.js";
import { importPaths } from "../../src/importer/import.js";
import { backgroundTasks } from "../../src/worker/tasks.js";
import { MAX_ATTEMPTS, MAX_DELAY_MS } from "../../src/alerts/backoff.js";
import { addUser, bearer } from "../auth-helpers.js";
import { BASE_URL, DOCS, Receiver, T0, openWire, type Received, type TestWire } from "./fixtures.js";

/** An item we wrote, already on the wire before any search is saved. */
const backCatalogue: ItemInput = {
  identity: "guid:alerts-back-catalogue",
  contentHash: "alerts-back-catalogue-v1",
  headline: "Inspectors Report on the Fordow Site",
  section: "Arms Control",
  kind: "statement",
  published: "2025-02-20",
  dateline: null,
  source: { path: null, url: null, guid: null, name: "Test Office", format: "text" },
  body: "Inspectors visited the Fordow site last week and filed their report.",
  transcript: null,
  groundRules: { basis: null, attribute_to: null },
};

interface Saved { id: number; secret: string; query: string; name: string }

async function save(app: FastifyInstance, auth: string, name: string, query: string, webhookUrl: string): Promise<Saved> {
  const r = await app.inject({ method: "POST", url: "/api/v1/saved-searches", headers: { authorization: auth, "content-type": "application/json" }, payload: { name, query, webhook_url: webhookUrl } });
  assert.equal(r.statusCode, 201, r.body);
  const j = r.json() as { id: number; secret: string; query: string; name: string };
  return { id: j.id, secret: j.secret, query: j.query, name: j.name };
}

/** Check a received request against an independent HMAC-SHA256 computation; returns the parsed body. */
function verified(r: Received, secret: string, nowMs: number): { event: string; delivery_id: number; saved_search: { id: number; name: string; query: string }; item: { uri: string; headlines: { value: string }[]; "pressroom:id": string; version: string } } {
  assert.equal(r.method, "POST");
  assert.equal(r.headers["content-type"], "application/json");
  assert.equal(r.headers["x-pressroom-event"], "item.matched");
  const ts = String(Math.floor(nowMs / 1000));
  assert.equal(r.headers["x-pressroom-timestamp"], ts);
  const mac = createHmac("sha256", secret).update(`${ts}.${r.body}`).digest("hex");
  assert.equal(r.headers["x-pressroom-signature"], `sha256=${mac}`);
  const body = JSON.parse(r.body);
  assert.equal(String(body.delivery_id), r.headers["x-pressroom-delivery"]);
  assert.equal(body.event, "item.matched");
  return body;
}

async function setUp(): Promise<{ wire: TestWire; app: FastifyInstance; rx: Receiver; alice: string }> {
  const wire = await openWire();
  const app = await buildServer({ store: wire.store, clock: wire.clock, baseUrl: BASE_URL });
  const rx = await new Receiver().start();
  await addUser(wire.store, "alice", "reader");
  process.env.PRESSROOM_FETCH_ALLOW = "127.0.0.1";
  return { wire, app, rx, alice: await bearer(wire.store, "alice") };
}

async function tearDown(s: { wire: TestWire; app: FastifyInstance; rx: Receiver }) {
  delete process.env.PRESSROOM_FETCH_ALLOW;
  await s.app.close();
  await s.rx.stop();
  await s.wire.close();
}

test("the alert tasks are registered as background tasks", () => {
  const names = backgroundTasks().map((t) => t.name);
  assert.ok(names.includes("alerts-match"));
  assert.ok(names.includes("alerts-deliver"));
  assert.ok(names.indexOf("alerts-match") < names.indexOf("alerts-deliver"));
});

test("new matching items arrive once each, signed; the back catalogue and non-matching items do not", async () => {
  const s = await setUp();
  const { wire, app, rx, alice } = s;
  try {
    // Back catalogue: mentions Fordow, but was there before the searches were saved.
    assert.equal((await wire.store.upsert(backCatalogue)).status, "imported");

    const reutersFordow = await save(app, alice, "Reuters on Fordow", 'outlet:Reuters "Fordow"', `${rx.url}/s1`);
    const fordow = await save(app, alice, "Fordow", "Fordow", `${rx.url}/s2`);
    const reuters = await save(app, alice, "Anything Reuters asks", "outlet:reuters", `${rx.url}/s3`);
    const arshad = await save(app, alice, "Arshad on Fordow", 'questioner:"Arshad Mohammed" Fordow kind:transcript', `${rx.url}/s4`);
    await save(app, alice, "Reuters on tariffs", "outlet:Reuters tariffs", `${rx.url}/s5`);

    wire.clock.set(T0 + 60_000);
    const r = await importPaths(wire.store, [DOCS.almaty, DOCS.feb2022, DOCS.chung, DOCS.release], { clock: wire.clock });
    assert.equal(r.imported, 4, JSON.stringify(r.rejected));
    const ids = new Map<string, string>();
    for await (const it of wire.store.listAll()) ids.set(it.headline, it.id);
    const almatyId = [...ids].find(([h]) => h.startsWith("Background Briefing on Upcoming P5+1 Talks"))?.[1];
    const chungId = [...ids].find(([h]) => h.includes("Julie Chung"))?.[1];
    const febId = [...ids].find(([h]) => h.includes("February 7, 2022"))?.[1];
    assert.ok(almatyId && chungId && febId, [...ids.keys()].join(" | "));

    wire.clock.set(T0 + 120_000);
    assert.deepEqual(await wire.runAlerts(), [], wire.logs.join("\n"));

    const got = (path: string, saved: Saved) => rx.at(path).map((q) => verified(q, saved.secret, T0 + 120_000));
    const s1 = got("/s1", reutersFordow);
    assert.deepEqual(s1.map((b) => b.item["pressroom:id"]), [almatyId]);
    assert.deepEqual(s1[0]!.saved_search, { id: reutersFordow.id, name: "Reuters on Fordow", query: 'outlet:Reuters "Fordow"' });
    assert.equal(s1[0]!.item.uri, `${BASE_URL}/items/${almatyId}`);
    assert.match(s1[0]!.item.headlines[0]!.value, /Almaty/);
    assert.equal(s1[0]!.item.version, "1");
    assert.deepEqual(got("/s2", fordow).map((b) => b.item["pressroom:id"]).sort(), [almatyId, febId].sort(), "the back-catalogue item is not alerted");
    assert.deepEqual(got("/s3", reuters).map((b) => b.item["pressroom:id"]).sort(), [almatyId, chungId].sort());
    assert.deepEqual(got("/s4", arshad).map((b) => b.item["pressroom:id"]), [almatyId]);
    assert.equal(rx.at("/s5").length, 0);
    assert.equal(rx.requests.length, 6);

    // Every delivery is recorded as delivered, after one attempt.
    const d = await app.inject({ method: "GET", url: `/api/v1/saved-searches/${reuters.id}/deliveries`, headers: { authorization: alice } });
    assert.equal(d.statusCode, 200);
    const dj = d.json() as { total: number; deliveries: { status: string; attempts: number; last_status: number; delivered: string; item_id: string; next_attempt: null }[] };
    assert.equal(dj.total, 2);
    for (const x of dj.deliveries) {
      assert.equal(x.status, "delivered");
      assert.equal(x.attempts, 1);
      assert.equal(x.last_status, 200);
      assert.equal(x.next_attempt, null);
      assert.equal(x.delivered, new Date(T0 + 120_000).toISOString());
    }

    // Running again, or importing the same documents again, sends nothing more.
    wire.clock.set(T0 + 3 * 3_600_000);
    await importPaths(wire.store, [DOCS.almaty, DOCS.chung], { clock: wire.clock });
    await wire.runAlerts();
    await wire.runAlerts();
    assert.equal(rx.requests.length, 6);
  } finally {
    await tearDown(s);
  }
});

test("a 500 then a 200: retried after the backoff time, delivered once, same delivery id and body", async () => {
  const s = await setUp();
  const { wire, app, rx, alice } = s;
  try {
    rx.answer = (_r, n) => ({ status: n === 1 ? 500 : 200 });
    const saved = await save(app, alice, "Fordow", "Fordow", `${rx.url}/hook`);
    await importPaths(wire.store, [DOCS.almaty], { clock: wire.clock });
    await wire.runAlerts();
    assert.equal(rx.requests.length, 1);
    verified(rx.requests[0]!, saved.secret, T0);

    const pending = async () => {
      const r = await app.inject({ method: "GET", url: `/api/v1/saved-searches/${saved.id}/deliveries`, headers: { authorization: alice } });
      return (r.json() as { deliveries: { id: number; status: string; attempts: number; last_status: number | null; last_error: string | null; next_attempt: string | null }[] }).deliveries[0]!;
    };
    let d = await pending();
    assert.deepEqual([d.status, d.attempts, d.last_status, d.last_error], ["pending", 1, 500, "HTTP 500"]);
    assert.equal(d.next_attempt, new Date(T0 + 30_000).toISOString(), "30 s after the first failure (no jitter in this test)");

    await wire.runAlerts();
    wire.clock.set(T0 + 29_999);
    await wire.runAlerts();
    assert.equal(rx.requests.length, 1, "not before the backoff time");

    wire.clock.set(T0 + 30_000);
    await wire.runAlerts();
    assert.equal(rx.requests.length, 2);
    const second = verified(rx.requests[1]!, saved.secret, T0 + 30_000);
    assert.equal(rx.requests[1]!.body, rx.requests[0]!.body, "the same body on a retry");
    assert.equal(rx.requests[1]!.headers["x-pressroom-delivery"], rx.requests[0]!.headers["x-pressroom-delivery"]);
    assert.equal(second.delivery_id, d.id);
    d = await pending();
    assert.deepEqual([d.status, d.attempts, d.last_status, d.last_error], ["delivered", 2, 200, null]);

    wire.clock.set(T0 + 10 * MAX_DELAY_MS);
    await wire.runAlerts();
    assert.equal(rx.requests.length, 2, "delivered once");
  } finally {
    await tearDown(s);
  }
});

test("429 with Retry-After is honoured", async () => {
  const s = await setUp();
  const { wire, app, rx, alice } = s;
  try {
    rx.answer = (_r, n) => (n === 1 ? { status: 429, headers: { "retry-after": "5" } } : { status: 204 });
    await save(app, alice, "Fordow", "Fordow", `${rx.url}/hook`);
    await importPaths(wire.store, [DOCS.almaty], { clock: wire.clock });
    await wire.runAlerts();
    wire.clock.set(T0 + 4_999);
    await wire.runAlerts();
    assert.equal(rx.requests.length, 1);
    wire.clock.set(T0 + 5_000);
    await wire.runAlerts();
    assert.equal(rx.requests.length, 2);
  } finally {
    await tearDown(s);
  }
});

test("410 Gone fails at once; an endpoint that always answers 500 is given up after 8 attempts", async () => {
  const s = await setUp();
  const { wire, app, rx, alice } = s;
  try {
    rx.answer = (r) => ({ status: r.path === "/gone" ? 410 : 500 });
    const gone = await save(app, alice, "Gone", "Fordow", `${rx.url}/gone`);
    const broken = await save(app, alice, "Broken", "Fordow", `${rx.url}/broken`);
    await importPaths(wire.store, [DOCS.almaty], { clock: wire.clock });
    for (let i = 0; i < MAX_ATTEMPTS + 3; i++) {
      await wire.runAlerts();
      wire.clock.set(wire.clock.now() + MAX_DELAY_MS);
    }
    assert.equal(rx.at("/gone").length, 1);
    assert.equal(rx.at("/broken").length, MAX_ATTEMPTS);
    const last = async (id: number) => {
      const r = await app.inject({ method: "GET", url: `/api/v1/saved-searches/${id}/deliveries`, headers: { authorization: alice } });
      return (r.json() as { deliveries: { status: string; attempts: number; last_status: number; next_attempt: string | null }[] }).deliveries[0]!;
    };
    assert.deepEqual(await last(gone.id), { ...(await last(gone.id)), status: "failed", attempts: 1, last_status: 410, next_attempt: null });
    assert.deepEqual(await last(broken.id), { ...(await last(broken.id)), status: "failed", attempts: MAX_ATTEMPTS, last_status: 500, next_attempt: null });
    assert.ok(wire.logs.some((l) => /gave up delivery \d+ to 127\.0\.0\.1:\d+ after 8 attempts: HTTP 500/.test(l)), wire.logs.join("\n"));
  } finally {
    await tearDown(s);
  }
});

test("a webhook on a refused address is not contacted (no allow list): retried, then failed", async () => {
  const wire = await openWire({ allow: [] });
  const rx = await new Receiver().start();
  try {
    const u = await addUser(wire.store, "carol", "reader");
    // The store does not check addresses (the API does); the sender checks at every attempt.
    await wire.store.alerts.createSavedSearch({ userId: u.id, name: "Fordow", query: "Fordow", webhookUrl: `${rx.url}/hook` });
    await importPaths(wire.store, [DOCS.almaty], { clock: wire.clock });
    await wire.runAlerts();
    assert.equal(rx.requests.length, 0);
    const [search] = await wire.store.alerts.listSavedSearches({ userId: u.id });
    const { deliveries } = await wire.store.alerts.listDeliveries(search!.id);
    assert.equal(deliveries[0]!.status, "pending");
    assert.equal(deliveries[0]!.lastStatus, null);
    assert.match(deliveries[0]!.lastError ?? "", /refused: 127\.0\.0\.1 is a loopback address/);
  } finally {
    await rx.stop();
    await wire.close();
  }
});
