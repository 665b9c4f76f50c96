/** The alert store on a real SQLite file: matching with field filters, bounded batches, one transaction, leases. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixedClock } from "../../src/core/clock.js";
import { openTestStore, rawQuery } from "../db.js";
import { runAlertMatching } from "../../src/alerts/tasks.js";
import { tempDir } from "../helpers.js";
import type { ItemSummary } from "../../src/core/item.js";
import { release, transcript, hostile } from "../publish/fixtures.js";
import { addUser } from "../auth-helpers.js";
import { T0, openWire, type TestWire } from "./fixtures.js";

const build = (item: ItemSummary, slug: string | null) => ({ id: item.id, slug });

async function saved(wire: TestWire, userId: number, query: string): Promise<number> {
  return (await wire.store.alerts.createSavedSearch({ userId, name: query.slice(0, 100), query, webhookUrl: "https://hooks.example.org/x" })).search.id;
}

async function matchAll(wire: TestWire, id: number): Promise<string[]> {
  for (;;) if ((await wire.store.alerts.matchBatch(id, 100, build)).done) break;
  const { deliveries } = await wire.store.alerts.listDeliveries(id, { limit: 100 });
  return deliveries.map((d) => d.itemId).sort();
}

test("field filters: section by name or slug, kind, questioner and outlet (any case), words within their exchanges", async () => {
  const wire = await openWire();
  try {
    const u = await addUser(wire.store, "alice", "reader");
    const q = {
      section: await saved(wire, u.id, 'section:"Transport Office"'),
      slugKind: await saved(wire, u.id, "section:transport-office kind:press_release"),
      questioner: await saved(wire, u.id, 'questioner:"mara quinn"'),
      outletWords: await saved(wire, u.id, 'outlet:"TIDEWATER  gazette" rotation'),
      outletOtherExchange: await saved(wire, u.id, 'outlet:"Tidewater Gazette" lenses'),
      words: await saved(wire, u.id, "lanternfish"),
      wordsKind: await saved(wire, u.id, "lanternfish kind:statement"),
      unknownSection: await saved(wire, u.id, "section:Nowhere"),
    };
    const ids = {
      release: (await wire.store.upsert(release)).id,
      transcript: (await wire.store.upsert(transcript)).id,
      hostile: (await wire.store.upsert(hostile)).id,
    };
    const seen = async (id: number) => matchAll(wire, id);
    assert.deepEqual(await seen(q.section), [ids.release, ids.hostile].sort());
    assert.deepEqual(await seen(q.slugKind), [ids.release]);
    assert.deepEqual(await seen(q.questioner), [ids.transcript]);
    assert.deepEqual(await seen(q.outletWords), [ids.transcript]);
    assert.deepEqual(await seen(q.outletOtherExchange), [], "'lenses' is in the transcript, but not in a Tidewater Gazette exchange");
    assert.deepEqual(await seen(q.words), [ids.release, ids.hostile].sort());
    assert.deepEqual(await seen(q.wordsKind), [ids.hostile]);
    assert.deepEqual(await seen(q.unknownSection), []);
    assert.deepEqual(await wire.store.alerts.searchesBehind(), []);

    // The stored payload carries the item and its section slug, from the same transaction.
    const row = (await wire.store.alerts.listDeliveries(q.slugKind)).deliveries[0]!;
    assert.equal(row.itemVersion, 1);
    const claimed = await wire.store.alerts.claimDue(T0, 100, 60_000);
    const p = JSON.parse(claimed.find((c) => c.id === row.id)!.payload) as unknown;
    assert.deepEqual(p, { saved_search: { id: q.slugKind, name: "section:transport-office kind:press_release", query: "section:transport-office kind:press_release" }, item: { id: ids.release, slug: "transport-office" } });
  } finally {
    await wire.close();
  }
});

test("bounded batches move the cursor; a failure inside the transaction queues nothing and keeps the cursor", async () => {
  const wire = await openWire();
  try {
    const u = await addUser(wire.store, "alice", "reader");
    await wire.store.upsert(hostile);
    const id = await saved(wire, u.id, "ferry");
    const start = (await wire.store.alerts.getSavedSearch(id))!.cursor;
    assert.ok(start > 0, "a new search starts at the newest item");
    await wire.store.upsert(transcript);
    const releaseId = (await wire.store.upsert(release)).id;

    await assert.rejects(wire.store.alerts.matchBatch(id, 5, () => { throw new Error("payload builder broke"); }), /payload builder broke/);
    assert.equal((await wire.store.alerts.getSavedSearch(id))!.cursor, start, "cursor kept");
    assert.equal((await wire.store.alerts.listDeliveries(id)).total, 0, "nothing queued");
    assert.deepEqual(await wire.store.alerts.searchesBehind(), [id]);

    const first = await wire.store.alerts.matchBatch(id, 1, build);
    assert.deepEqual(first, { examined: 1, queued: 0, cursor: start + 1, done: false });
    const second = await wire.store.alerts.matchBatch(id, 1, build);
    assert.deepEqual(second, { examined: 1, queued: 1, cursor: start + 2, done: false });
    const third = await wire.store.alerts.matchBatch(id, 1, build);
    assert.deepEqual(third, { examined: 0, queued: 0, cursor: start + 2, done: true });
    assert.deepEqual((await wire.store.alerts.listDeliveries(id)).deliveries.map((d) => d.itemId), [releaseId]);
    assert.deepEqual(await wire.store.alerts.searchesBehind(), []);
  } finally {
    await wire.close();
  }
});

test("claimed deliveries are leased: a second claim does not get them until the lease ends", async () => {
  const wire = await openWire();
  try {
    const u = await addUser(wire.store, "alice", "reader");
    const id = await saved(wire, u.id, "ferry");
    await wire.store.upsert(release);
    await matchAll(wire, id);
    const a = await wire.store.alerts.claimDue(T0, 10, 60_000);
    assert.equal(a.length, 1);
    assert.equal(a[0]!.attempts, 1);
    assert.equal(a[0]!.webhookUrl, "https://hooks.example.org/x");
    assert.match(a[0]!.secret, /^whsec_/);
    assert.deepEqual(await wire.store.alerts.claimDue(T0 + 59_999, 10, 60_000), []);
    const b = await wire.store.alerts.claimDue(T0 + 60_000, 10, 60_000);
    assert.deepEqual([b.length, b[0]!.id, b[0]!.attempts], [1, a[0]!.id, 2]);
    await wire.store.alerts.finishAttempt(b[0]!.id, { status: "delivered", httpStatus: 204, at: T0 + 60_001 });
    assert.deepEqual(await wire.store.alerts.claimDue(T0 + 10_000_000, 10, 60_000), []);
    const [d] = (await wire.store.alerts.listDeliveries(id)).deliveries;
    assert.deepEqual([d!.status, d!.attempts, d!.lastStatus, d!.deliveredAt], ["delivered", 2, 204, T0 + 60_001]);
  } finally {
    await wire.close();
  }
});

test("concurrent matching and claims (several workers) queue and claim each delivery exactly once", async () => {
  const wire = await openWire();
  try {
    const u = await addUser(wire.store, "alice", "reader");
    const ids = [await saved(wire, u.id, "ferry"), await saved(wire, u.id, "night crossings"), await saved(wire, u.id, "ferry OR lanternfish")];
    await wire.store.upsert(release);
    // Three workers match every search at once: one delivery per search, cursors at the newest item.
    await Promise.all([0, 1, 2].map(() => Promise.all(ids.map((id) => wire.store.alerts.matchBatch(id, 100, build)))));
    for (const id of ids) assert.equal((await wire.store.alerts.listDeliveries(id)).total, 1, `search ${id}`);
    // Six workers claim one delivery each at once: three get one, no delivery twice.
    const claims = (await Promise.all(Array.from({ length: 6 }, () => wire.store.alerts.claimDue(T0, 1, 60_000)))).flat();
    assert.equal(claims.length, 3);
    assert.equal(new Set(claims.map((c) => c.id)).size, 3);
    assert.deepEqual(claims.map((c) => c.attempts), [1, 1, 1]);
    assert.deepEqual(await wire.store.alerts.claimDue(T0, 10, 60_000), []);
  } finally {
    await wire.close();
  }
});

test("an item withdrawn before the search reaches it is not alerted", async () => {
  const wire = await openWire();
  try {
    const u = await addUser(wire.store, "ed", "editor");
    const id = await saved(wire, u.id, "kind:press_release");
    const r = await wire.store.upsert(release);
    await wire.store.editorial.withdraw(r.id, "Issued in error.", "ed");
    assert.deepEqual(await matchAll(wire, id), []);
  } finally {
    await wire.close();
  }
});

test("bad arguments to the store are refused with codes", async () => {
  const wire = await openWire();
  try {
    const u = await addUser(wire.store, "alice", "reader");
    await assert.rejects(wire.store.alerts.createSavedSearch({ userId: 999, name: "x", query: "ferry", webhookUrl: "https://h.example/" }), { code: "PRESSROOM_E_NOT_FOUND" });
    await assert.rejects(wire.store.alerts.createSavedSearch({ userId: u.id, name: "x", query: "", webhookUrl: "https://h.example/" }), { code: "PRESSROOM_E_BAD_QUERY" });
    await assert.rejects(wire.store.alerts.listDeliveries(1, { limit: 101 }), { code: "PRESSROOM_E_BAD_REQUEST" });
    await assert.rejects(wire.store.alerts.matchBatch(1, 0, build), { code: "PRESSROOM_E_BAD_REQUEST" });
    for (let i = 0; i < 50; i++) await saved(wire, u.id, `ferry ${i}`);
    await assert.rejects(saved(wire, u.id, "one too many"), { code: "PRESSROOM_E_CONFLICT" });
    assert.equal((await wire.store.alerts.listSavedSearches({ userId: u.id })).length, 50);
    assert.equal(await wire.store.alerts.getSavedSearch(0), null);
    assert.equal(await wire.store.alerts.deleteSavedSearch(123456), false);
  } finally {
    await wire.close();
  }
});

test("a stored query that no longer parses pauses its search once, with a log line", async () => {
  const { dir, cleanup } = tempDir("pressroom-alerts-pause-");
  const clock = fixedClock(T0);
  const file = join(dir, "wire.db");
  let store = await openTestStore({ file, clock });
  try {
    const u = await addUser(store, "alice", "reader", null);
    const { search } = await store.alerts.createSavedSearch({ userId: u.id, name: "x", query: "ferry", webhookUrl: "https://hooks.example.org/x" });
    await store.close();
    // As if an older version had stored a query that today's parser refuses.
    await rawQuery(store, "UPDATE saved_searches SET text = '-ferry' WHERE id = ?", [search.id]);
    store = await openTestStore({ file, clock });
    await store.upsert(release);
    const logs: string[] = [];
    const ctx = { store, clock, log: (m: string) => logs.push(m) };
    assert.equal(await runAlertMatching(ctx, { baseUrl: "https://wire.example.org" }), 0);
    assert.equal(await runAlertMatching(ctx, { baseUrl: "https://wire.example.org" }), 0);
    assert.equal(logs.length, 1, logs.join("\n"));
    assert.match(logs[0]!, /paused saved search \d+: The query only excludes terms/);
    assert.equal((await store.alerts.getSavedSearch(search.id))!.active, false);
    assert.deepEqual(await store.alerts.searchesBehind(), []);
  } finally {
    await store.close();
    cleanup();
  }
});
