import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { fixedClock } from "../../src/core/clock.js";
import { isPressroomError } from "../../src/core/errors.js";
import type { Store } from "../../src/store/store.js";
import { openTestStore } from "../db.js";
import { classifyPending, loadVocabularyFile } from "../../src/topics/service.js";
import { tempDir } from "../helpers.js";
import { VOCAB, concept, miniVocab, release } from "./helpers.js";

const T0 = Date.parse("2026-03-02T12:00:00Z");

async function withStore(fn: (s: Store, dir: string, clock: ReturnType<typeof fixedClock>) => Promise<void>) {
  const { dir, cleanup } = tempDir("pressroom-topics-");
  const clock = fixedClock(T0);
  const store = await openTestStore({ clock });
  try {
    await fn(store, dir, clock);
  } finally {
    await store.close();
    cleanup();
  }
}

const fire = release("guid:fire", "Firefighters Contain Wildfires Near the Reservoir", "Crews contained the wildfires overnight. Firefighters will stay on the fire lines while smoke clears.");
const court = release("guid:court", "District Attorney Swears In New Prosecutors", "The District Attorney swore in twelve prosecutors at the courthouse. The prosecutors join the felony trial division.");
const plain = release("guid:plain", "Office Closed Monday", "The office will be closed on Monday.");

test("loading the vocabulary: counts, idempotent reload, state row, retired topics hidden from lists", async () => {
  await withStore(async (store) => {
    assert.equal(await store.topics.vocabulary(), null);
    const r1 = await loadVocabularyFile(store, VOCAB);
    assert.deepEqual({ added: r1.added, updated: r1.updated, retired: r1.retired, total: r1.total }, { added: 1228, updated: 0, retired: 134, total: 1228 });
    const r2 = await loadVocabularyFile(store, VOCAB);
    assert.deepEqual({ added: r2.added, updated: r2.updated }, { added: 0, updated: 1228 });
    const v = await store.topics.vocabulary();
    assert.equal(v?.concepts, 1228);
    assert.equal(v?.released, "2019-04-06T20:00:00+00:00");
    assert.equal(v?.loadedAt, T0);
    assert.equal((await store.topics.list()).length, 1228 - 134);
    assert.equal((await store.topics.list({ includeRetired: true })).length, 1228);
    const retired = await store.topics.topic("medtop:20000064");
    assert.equal(retired?.retired, "2016-04-05T12:00:00+00:00");
    const d = await store.topics.topic("medtop:20000639");
    assert.deepEqual([d?.level, d?.broader], [3, "medtop:20000638"]);
  });
});

test("a bad vocabulary file stores nothing and says why; a folder or missing file too", async () => {
  await withStore(async (store, dir) => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, miniVocab([concept("90000001", "Harbours"), concept("90000002", "Piers", "90000009")]));
    await assert.rejects(loadVocabularyFile(store, bad), (e: unknown) => isPressroomError(e, "PRESSROOM_E_UNSUPPORTED") && /90000009/.test(e.message));
    await assert.rejects(loadVocabularyFile(store, join(dir, "missing.json")), (e: unknown) => isPressroomError(e, "PRESSROOM_E_UNREADABLE") && /missing\.json/.test(e.message));
    await assert.rejects(loadVocabularyFile(store, dir), (e: unknown) => isPressroomError(e, "PRESSROOM_E_UNREADABLE") && /folder/.test(e.message));
    assert.equal(await store.topics.vocabulary(), null);
    assert.equal((await store.topics.list({ includeRetired: true })).length, 0);
  });
});

test("classification: nothing before a vocabulary; then subjects with broader topics, counts, paging; new versions are classified again", async () => {
  await withStore(async (store, _dir, clock) => {
    const ids: Record<string, string> = { fire: (await store.upsert(fire)).id };
    clock.set(T0 + 1000);
    ids.court = (await store.upsert(court)).id;
    clock.set(T0 + 2000);
    ids.plain = (await store.upsert(plain)).id;
    assert.deepEqual(await classifyPending(store), { classified: 0, withSubjects: 0, skipped: 0 });

    await loadVocabularyFile(store, VOCAB);
    assert.equal(await store.topics.pendingCount(), 3);
    assert.deepEqual(await classifyPending(store), { classified: 3, withSubjects: 2, skipped: 0 });
    assert.equal(await store.topics.pendingCount(), 0);
    assert.deepEqual(await classifyPending(store), { classified: 0, withSubjects: 0, skipped: 0 });

    const fireSubjects = await store.topics.subjectsOf(ids.fire!);
    const direct = fireSubjects.filter((s) => s.direct).map((s) => s.qcode);
    assert.equal(direct[0], "medtop:20000150"); // fire
    // broader chain of fire: disaster (20000148) → disaster, accident and emergency incident (03000000)
    const broader = fireSubjects.filter((s) => !s.direct).map((s) => s.qcode);
    assert.ok(broader.includes("medtop:20000148") && broader.includes("medtop:03000000"), broader.join());
    assert.equal(fireSubjects.find((s) => s.qcode === "medtop:20000150")?.label, "fire");
    assert.deepEqual(await store.topics.subjectsOf(ids.plain), []);
    assert.deepEqual(await store.topics.subjectsOf("no-such-item"), []);
    // The item page's one read carries the same subjects in the same order, with the item.
    const page = await store.itemPage!(ids.fire!);
    assert.deepEqual(page?.subjects, fireSubjects);
    assert.deepEqual(page?.item, await store.get(ids.fire!));
    assert.deepEqual((await store.itemPage!(ids.plain!))?.subjects, []);
    assert.equal(await store.itemPage!("no-such-item"), null);
    // the section is kept
    assert.equal((await store.get(ids.fire!))?.section, "Office of Examples");

    const inUse = await store.topics.inUse();
    assert.equal(inUse.find((t) => t.qcode === "medtop:03000000")?.count, 1);
    assert.equal(await store.topics.count("medtop:20000106"), 1);

    // paging: two items now carry the disaster top-level topic; one per page
    await store.upsert(release("guid:fire2", "Second Wildfire Statement", "Firefighters and wildfires, wildfires and firefighters."));
    await classifyPending(store);
    const p1 = await store.topics.items("medtop:03000000", { limit: 1 });
    assert.equal(p1.items.length, 1);
    assert.ok(p1.nextCursor);
    const p2 = await store.topics.items("medtop:03000000", { limit: 1, cursor: p1.nextCursor! });
    assert.equal(p2.items.length, 1);
    assert.notEqual(p2.items[0]!.id, p1.items[0]!.id);
    assert.equal(p2.nextCursor, null);
    await assert.rejects(store.topics.items("medtop:03000000", { cursor: "!!" }), (e: unknown) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));
    await assert.rejects(store.topics.items("medtop:03000000", { limit: 0 }), (e: unknown) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));

    // a new version of the plain item, now about a court: classified again
    const v2 = release("guid:plain", "Office Closed Monday for Court Ceremony", "The office will be closed on Monday while prosecutors are sworn in at the courthouse by the judge of the district court.");
    assert.equal((await store.upsert(v2)).status, "updated");
    assert.equal(await store.topics.pendingCount(), 1);
    await classifyPending(store);
    assert.ok((await store.topics.subjectsOf(ids.plain)).some((s) => s.qcode === "medtop:20000106"));

    // --all classifies every item again
    const all = await classifyPending(store, { all: true });
    assert.equal(all.classified, 4);
  });
});

test("saveSubjects refuses a stale version and skips unknown qcodes", async () => {
  await withStore(async (store) => {
    await loadVocabularyFile(store, VOCAB);
    const { id } = await store.upsert(fire);
    const [p] = await store.topics.pending(10);
    assert.equal(p?.id, id);
    assert.equal(await store.topics.saveSubjects(p!.seq, p!.version + 1, [{ qcode: "medtop:20000150", score: 9, assignedBy: "test" }]), false);
    assert.deepEqual(await store.topics.subjectsOf(id), []);
    assert.equal(await store.topics.saveSubjects(p!.seq, p!.version, [{ qcode: "medtop:99999999", score: 9, assignedBy: "test" }, { qcode: "medtop:11000000", score: 6, assignedBy: "test" }]), true);
    assert.deepEqual((await store.topics.subjectsOf(id)).map((s) => [s.qcode, s.direct, s.score]), [["medtop:11000000", true, 6]]);
    await assert.rejects(store.topics.pending(0), (e: unknown) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));
  });
});
