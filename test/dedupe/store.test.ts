/** The `dedupe` task over a real SQLite store: stories group the same release from several sources. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ELAD, H, LETTER_CAR, LETTER_TERRORISM, SCHEDULE, SYRIA, T0, copyOf, freshStore, original, runDedupeTask } from "./fixtures.js";
import { collapseStories } from "../../src/dedupe/collapse.js";
import { runDedupe } from "../../src/dedupe/process.js";

test("two imports of the same release become one story; a different release stays apart; ids are stable", async () => {
  const { store, clock, close } = await freshStore();
  try {
    clock.set(T0 - 3 * H);
    const a = await store.upsert(original(ELAD));
    clock.set(T0 - 2 * H);
    const b = await store.upsert(copyOf(ELAD, "html-chrome", { name: "Harbour Light Newswire", guid: "harbour-light-elad" }));
    const other = await store.upsert(original(SYRIA));
    clock.set(T0);
    assert.equal(a.status, "imported");
    assert.equal(b.status, "imported");
    assert.notEqual(a.id, b.id);

    const run = await runDedupeTask(store, clock);
    assert.deepEqual(run.failed, []);
    const story = await store.dedupe.storyOf(a.id);
    assert.ok(story, "the two copies form a story");
    assert.deepEqual(story.items.map((m) => m.id), [a.id, b.id]);
    assert.equal(story.canonicalId, a.id, "the earliest posted is canonical");
    assert.match(story.id, /^st-[0-9a-f]{16}$/);
    assert.equal(story.items[1]!.sourceName, "Harbour Light Newswire");
    assert.equal(story.items[0]!.sourceName, original(ELAD).source.name);
    assert.ok(story.items[1]!.similarity >= 0.4 && story.items[1]!.similarity <= 1);
    assert.deepEqual((await store.dedupe.storyOf(b.id))?.id, story.id);
    assert.equal(await store.dedupe.storyOf(other.id), null, "a different release of the same office is in no story");
    assert.equal(await store.dedupe.storyOf("no-such-item"), null);
    // The item page reads the story id with the item, then the story by id.
    assert.equal((await store.itemPage!(b.id))?.storyId, story.id);
    assert.equal((await store.itemPage!(other.id))?.storyId, null);
    assert.deepEqual(await store.dedupe.storyById(story.id), story);
    assert.equal(await store.dedupe.storyById("st-0000000000000000"), null);

    // Running again changes nothing; a third wire's copy (posted earlier than both) joins the same story.
    assert.deepEqual(await runDedupe(store), { processed: 0, joined: 0, created: 0 });
    clock.set(T0 - 5 * H);
    const c = await store.upsert(copyOf(ELAD, "wire-plain", { name: "Lantern Street Wire", guid: "lantern-elad" }));
    clock.set(T0);
    assert.deepEqual(await runDedupe(store), { processed: 1, joined: 1, created: 0 });
    const again = await store.dedupe.storyOf(b.id);
    assert.equal(again?.id, story.id, "the story id does not change when a member joins");
    assert.deepEqual(again?.items.map((m) => m.id), [c.id, a.id, b.id], "members earliest posted first");
    assert.equal(again?.canonicalId, c.id);

    // Story ids for search collapse; the schedule (too different) is in no story.
    const sched = await store.upsert(original(SCHEDULE));
    await runDedupe(store);
    const ids = await store.dedupe.storyIds([a.id, b.id, other.id, sched.id]);
    assert.equal(ids.get(a.id), story.id);
    assert.equal(ids.get(b.id), story.id);
    assert.equal(ids.has(other.id), false);
    assert.equal(ids.has(sched.id), false);
  } finally {
    await close();
  }
});

test("a form letter from two wires stays apart; a copy padded with a long disclaimer joins", async () => {
  const { store, clock, close } = await freshStore();
  try {
    const l1 = await store.upsert(copyOf(LETTER_TERRORISM, "html-chrome", { name: "Harbour Light Newswire", guid: "harbour-letter-1" }));
    const l2 = await store.upsert(copyOf(LETTER_CAR, "markdown", { name: "Quayside Press Service", guid: "quayside-letter-2" }));
    const e1 = await store.upsert(original(ELAD));
    const e2 = await store.upsert(copyOf(ELAD, "long-footer", { name: "Lantern Street Wire", guid: "lantern-elad" }));
    const run = await runDedupe(store);
    assert.deepEqual(run, { processed: 4, joined: 0, created: 1 });
    assert.equal(await store.dedupe.storyOf(l1.id), null, "two different letters on one template");
    assert.equal(await store.dedupe.storyOf(l2.id), null);
    assert.deepEqual((await store.dedupe.storyOf(e2.id))?.items.map((m) => m.id), [e1.id, e2.id]);
    void clock;
  } finally {
    await close();
  }
});

test("search hits are collapsed to one per story, keeping the best-ranked member", async () => {
  const { store, clock, close } = await freshStore();
  try {
    const a = await store.upsert(original(ELAD));
    const b = await store.upsert(copyOf(ELAD, "markdown", { name: "Quayside Press Service", guid: "quayside-elad" }));
    const other = await store.upsert(original(SYRIA));
    await runDedupeTask(store, clock);
    const res = await store.search({ q: "Elad", limit: 20 });
    const ids = res.hits.map((h) => h.item.id).sort();
    assert.deepEqual(ids, [a.id, b.id].sort(), "both copies match the query before collapsing");
    const collapsed = await collapseStories(res.hits, store);
    assert.equal(collapsed.length, 1);
    assert.equal(collapsed[0]!.item.id, res.hits[0]!.item.id, "the first (best-ranked) member is kept");
    // Items in no story pass through, in order.
    const mixed = [{ item: { id: other.id } }, { item: { id: b.id } }, { item: { id: a.id } }];
    assert.deepEqual((await collapseStories(mixed, store)).map((h) => h.item.id), [other.id, b.id]);
    assert.deepEqual(await collapseStories([], store), []);
  } finally {
    await close();
  }
});

test("held items are never processed; a released item is; a withdrawn member leaves the story listing", async () => {
  const { store, clock, close } = await freshStore();
  try {
    const a = await store.upsert(original(ELAD));
    const held = await store.editorial.hold({
      input: copyOf(ELAD, "retyped", { name: "Embargo Wire", guid: "embargo-elad" }),
      status: "embargoed",
      releaseAt: T0 + 2 * H,
    });
    await runDedupeTask(store, clock);
    assert.equal(await store.dedupe.storyOf(a.id), null, "the held copy is not in any story");
    assert.equal(await store.dedupe.storyOf(held.held.id), null);

    clock.set(T0 + 3 * H);
    const released = await store.editorial.releaseDue(clock.now());
    assert.equal(released.length, 1);
    await runDedupeTask(store, clock);
    const story = await store.dedupe.storyOf(a.id);
    assert.deepEqual(story?.items.map((m) => m.id), [a.id, held.held.id]);

    // A third copy, then the released one is withdrawn: it is no longer listed.
    const c = await store.upsert(copyOf(ELAD, "footer", { name: "Lantern Street Wire", guid: "lantern-elad" }));
    await runDedupe(store);
    await store.editorial.withdraw(held.held.id, "Issued in error by the wire", "editor");
    // The withdrawal is a new version: the task sees it again (and drops its signature).
    assert.deepEqual(await runDedupe(store), { processed: 1, joined: 0, created: 0 });
    assert.deepEqual(await runDedupe(store), { processed: 0, joined: 0, created: 0 });
    const after = await store.dedupe.storyOf(a.id);
    assert.deepEqual(after?.items.map((m) => m.id), [a.id, c.id]);
    assert.equal(after?.id, story?.id);
  } finally {
    await close();
  }
});

test("bad arguments to the dedupe store are refused with PRESSROOM_E_BAD_REQUEST", async () => {
  const { store, close } = await freshStore();
  try {
    await assert.rejects(store.dedupe.pending(0), { code: "PRESSROOM_E_BAD_REQUEST" });
    await assert.rejects(store.dedupe.pending(1.5), { code: "PRESSROOM_E_BAD_REQUEST" });
    await assert.rejects(store.dedupe.candidates(["00"], 1, 5000), { code: "PRESSROOM_E_BAD_REQUEST" });
    await assert.rejects(store.dedupe.storyIds(Array.from({ length: 1001 }, (_, i) => `x${i}`)), { code: "PRESSROOM_E_BAD_REQUEST" });
    assert.deepEqual(await store.dedupe.candidates([], 1, 10), []);
    assert.deepEqual(await store.dedupe.cursors(), { itemSeq: 0, updatedAt: 0 });
  } finally {
    await close();
  }
});
