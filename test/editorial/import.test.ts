/** Importing documents that state an embargo: held until then when it is still ahead, published when it has passed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixedClock } from "../../src/core/clock.js";
import { importPaths } from "../../src/importer/import.js";
import { storeDocument } from "../../src/importer/store-document.js";
import { tempDir } from "../helpers.js";
import { item, tempStore } from "../store/fixtures.js";

const NOW = Date.parse("2026-05-01T12:00:00Z");

function release(embargoLine: string, headline: string, word: string): string {
  return [
    headline,
    "",
    embargoLine,
    "",
    `PORT ELLEN — The Coastal Ferry Service will add two ${word} crossings to the lanternfish route.`,
    "",
    "The crossings start in June and tickets go on sale next week.",
    "",
  ].join("\n");
}

test("import holds a document whose embargo is ahead and publishes one whose embargo has passed", async () => {
  const clock = fixedClock(NOW);
  const { store, done } = await tempStore(clock);
  const tmp = tempDir();
  try {
    const future = join(tmp.dir, "future.txt");
    const past = join(tmp.dir, "past.txt");
    writeFileSync(future, release("EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2026", "Ferry Adds Night Crossings", "moonlit"));
    writeFileSync(past, release("Embargoed until 00:01 GMT 12 March 2026", "Harbor Dues Unchanged", "daytime"));
    const s = await importPaths(store, [tmp.dir], { clock });
    assert.equal(s.held, 1);
    assert.equal(s.imported, 1);
    assert.equal(s.documents, 2);
    const held = await store.editorial.listHeld();
    assert.equal(held.length, 1);
    assert.equal(held[0]?.releaseAt, Date.parse("2026-05-05T14:00:00Z"));
    assert.equal(held[0]?.embargo, "EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2026");
    assert.equal(held[0]?.input.headline, "Ferry Adds Night Crossings");
    assert.equal((await store.stats(NOW)).items, 1);
    assert.equal((await store.search({ q: "moonlit" })).total, 0);
    // Importing again changes nothing; the held one stays held.
    const again = await importPaths(store, [tmp.dir], { clock });
    assert.deepEqual([again.held, again.imported, again.unchanged], [0, 0, 2]);
    // At its time it is released like an editor's embargo, posted at the embargo time.
    clock.set(Date.parse("2026-05-06T00:00:00Z"));
    const rel = await store.editorial.releaseDue(clock.now());
    assert.equal(rel.length, 1);
    assert.equal((await store.get(held[0]!.id))?.postedAt, Date.parse("2026-05-05T14:00:00Z"));
    assert.equal((await store.search({ q: "moonlit" })).total, 1);
  } finally {
    tmp.cleanup();
    await done();
  }
});

test("storeDocument: no absolute time publishes; a changed document of a held identity stays held", async () => {
  const clock = fixedClock(NOW);
  const { store, done } = await tempStore(clock);
  try {
    const call = item({ identity: "guid:call", headline: "Call", body: "Embargoed until the end of the call.\n\nThe briefing begins." });
    assert.equal((await storeDocument(store, call, { now: NOW })).status, "imported");
    const a = item({ identity: "guid:later", headline: "Later", body: "EMBARGOED UNTIL 10 A.M. ET MAY 5, 2026\n\nText one." });
    const r1 = await storeDocument(store, a, { now: NOW });
    assert.equal(r1.status, "held");
    // The source drops its embargo line: the item is still held until the stated time.
    const b = item({ identity: "guid:later", headline: "Later", body: "Text two." });
    const r2 = await storeDocument(store, b, { now: NOW });
    assert.deepEqual([r2.status, r2.id, r2.releaseAt], ["held", r1.id, Date.parse("2026-05-05T14:00:00Z")]);
    assert.equal((await store.editorial.getHeld(r1.id))?.input.body, "Text two.");
    assert.equal(await store.get(r1.id), null);
  } finally {
    await done();
  }
});

test("an embargo line without a year takes the document's publication year; without one it holds nothing", async () => {
  const { embargoOf } = await import("../../src/importer/store-document.js");
  const line = "This call is embargoed until 5:00 a.m. Eastern tomorrow, Monday, September 12.";
  const dated = item({ identity: "guid:y", headline: "Background Call", published: "2022-09-11T17:00:00-04:00", body: `MODERATOR: Good afternoon. ${line}\n\nOFFICIAL: Thanks.` });
  assert.deepEqual(embargoOf(dated), { stated: "embargoed until 5:00 a.m. Eastern tomorrow, Monday, September 12.", at: Date.parse("2022-09-12T09:00:00Z") });
  const december = item({ identity: "guid:d", headline: "Year End", published: "2025-12-30", body: "EMBARGOED UNTIL 9 A.M. ET, JANUARY 2\n\nText." });
  assert.equal(embargoOf(december)?.at, Date.parse("2026-01-02T14:00:00Z"));
  assert.equal(embargoOf({ ...dated, published: null }), null);
});
