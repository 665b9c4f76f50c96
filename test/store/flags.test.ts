/** Editorial flags and kept originals (migration 0003); generic questioner labels are no names. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedClock } from "../../src/core/clock.js";
import { exchangesOf } from "../../src/store/sqlite.js";
import { briefing, tempStore } from "./fixtures.js";
import { rawQuery } from "../db.js";

const T0 = Date.parse("2025-03-01T12:00:00Z");

test("flags round-trip on items, versions and lists; originals stored apart and never read back", async () => {
  const { store, done } = await tempStore(fixedClock(T0));
  try {
    const plain = briefing("guid:plain");
    const edited = { ...briefing("guid:edited"), body: "EDITED BODY", flags: ["leaked_background_name"], original: { body: "ORIGINAL BODY", transcript: null } };
    const a = await store.upsert(plain);
    const b = await store.upsert(edited);
    assert.deepEqual((await store.get(a.id))!.flags, []);
    const got = (await store.get(b.id))!;
    assert.deepEqual(got.flags, ["leaked_background_name"]);
    assert.equal(got.body, "EDITED BODY");
    assert.equal("original" in got, false);
    assert.deepEqual((await store.getVersion(b.id, 1))!.flags, ["leaked_background_name"]);
    const listed = (await store.list({})).items.find((x) => x.id === b.id)!;
    assert.deepEqual(listed.flags, ["leaked_background_name"]);
    assert.equal((await store.search({ q: "original" })).total, 0);
    const rows = await rawQuery<{ version: number; body: string; transcript: string | null }>(store, "SELECT version, body, transcript FROM item_originals");
    assert.deepEqual(rows, [{ version: 1, body: "ORIGINAL BODY", transcript: null }]);
  } finally {
    await done();
  }
});

test("exchangesOf: a printed QUESTION/Q label is no questioner name; a named label is", () => {
  const t = briefing("guid:x").transcript!;
  t.participants[1] = { ...t.participants[1]!, name: null };
  t.participants[2] = { ...t.participants[2]!, name: null, label: "MR. PLACEHOLDER" };
  const rows = exchangesOf(t);
  assert.equal(rows[0]!.questioner, null);
  assert.equal(rows[1]!.questioner, "MR. PLACEHOLDER");
});
