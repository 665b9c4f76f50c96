/**
 * Bad archives are refused with an error naming the line, before anything is stored; a
 * store that is not empty is refused too.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixedClock } from "../../src/core/clock.js";
import { importArchive } from "../../src/archive/import.js";
import { parseRecord } from "../../src/archive/format.js";
import type { Store } from "../../src/store/store.js";
import { tempDir } from "../helpers.js";
import { exportText, openAt } from "./fixtures.js";
import { createHash } from "node:crypto";

const T0 = Date.parse("2026-06-01T09:00:00Z");
const tmp = tempDir("pressroom-archive-bad-");
let good = "";
let n = 0;

function input(identity: string, headline: string, body: string) {
  return {
    identity, contentHash: createHash("sha256").update(body).digest("hex"), headline, section: "Harbor", kind: "press_release" as const,
    published: "2026-05-30", dateline: "PORT ELLEN", source: { path: null, url: null, guid: identity, name: "Harbor Office", format: "text" as const },
    body, transcript: null, groundRules: { basis: null, attribute_to: null },
  };
}

before(async () => {
  const clock = fixedClock(T0);
  const s = await openAt(tmp.dir, "source", clock);
  await s.upsert(input("guid:ferry", "Ferry Adds Night Crossings", "Three extra crossings run each night from April."));
  clock.set(T0 + 60_000);
  await s.upsert(input("guid:buoys", "Harbor Buoys Repainted", "The buoys at the east mole were repainted in red."));
  await s.accounts.createUser({ name: "ed", role: "editor", password: null }, "cli");
  good = await exportText(s, T0);
  await s.close();
});

after(() => tmp.cleanup());

/** Try to import `text` into a fresh store; return the error, and check the store stayed empty. */
async function refuse(text: string): Promise<{ code: string; message: string }> {
  const file = join(tmp.dir, `bad-${++n}.jsonl`);
  writeFileSync(file, text);
  const store: Store = await openAt(tmp.dir, `target-${n}`, fixedClock(T0));
  try {
    const err = await importArchive(store, file).then(() => null, (e: unknown) => e as { code: string; message: string });
    assert.ok(err, "the archive was accepted");
    assert.deepEqual(await store.archive.counts(), { item: 0, held: 0, user: 0, audit: 0, saved_search: 0, source: 0 }, "something was stored");
    return err;
  } finally {
    await store.close();
  }
}

const lines = () => good.split("\n").slice(0, -1);
const join_ = (ls: string[]) => `${ls.join("\n")}\n`;

test("the good archive imports (the cases below differ from it in one way each)", async () => {
  const file = join(tmp.dir, "good.jsonl");
  writeFileSync(file, good);
  const store = await openAt(tmp.dir, "good", fixedClock(T0));
  try {
    const s = await importArchive(store, file);
    assert.deepEqual(s.restored, { user: 1, item: 2, held: 0, saved_search: 0, source: 0, audit: 1 });
    assert.equal((await store.search({ q: "buoys" })).total, 1);
  } finally {
    await store.close();
  }
});

test("a line that is not JSON is named", async () => {
  const ls = lines();
  ls[2] = ls[2]!.slice(0, 30);
  const e = await refuse(join_(ls));
  assert.equal(e.code, "PRESSROOM_E_TRUNCATED");
  assert.match(e.message, /^archive line 3: not JSON/);
});

test("a file that is not a Pressroom archive, or another version of it, is refused at line 1", async () => {
  const ls = lines();
  const e1 = await refuse(join_([JSON.stringify({ format: "something-else", version: 1 }), ...ls.slice(1)]));
  assert.equal(e1.code, "PRESSROOM_E_UNSUPPORTED");
  assert.match(e1.message, /^archive line 1: not a Pressroom archive/);
  const h = JSON.parse(ls[0]!);
  const e2 = await refuse(join_([JSON.stringify({ ...h, version: 2 }), ...ls.slice(1)]));
  assert.equal(e2.code, "PRESSROOM_E_UNSUPPORTED");
  assert.match(e2.message, /version 2 is not supported/);
  const e3 = await refuse("<html><body>not an archive</body></html>\n");
  assert.match(e3.message, /^archive line 1: not JSON/);
  const e4 = await refuse("");
  assert.match(e4.message, /^archive line 1: the archive is empty/);
});

test("an unknown record type is named with its line", async () => {
  const ls = lines();
  const rec = JSON.parse(ls[2]!);
  ls[2] = JSON.stringify({ ...rec, type: "story" });
  const e = await refuse(join_(ls));
  assert.match(e.message, /^archive line 3: record\.type "story" is not a record type/);
});

test("a truncated last line, and missing records, are refused", async () => {
  const cut = good.slice(0, good.length - 20);
  const e1 = await refuse(cut);
  assert.equal(e1.code, "PRESSROOM_E_TRUNCATED");
  assert.match(e1.message, new RegExp(`^archive line ${lines().length}: the last line has no line end`));
  const ls = lines();
  const e2 = await refuse(join_(ls.slice(0, -1)));
  assert.match(e2.message, new RegExp(`^archive line ${ls.length - 1}: the header announces 1 audit records but the archive holds 0`));
});

test("a bad field, bad version numbering and records out of order are named", async () => {
  const ls = lines();
  const item = JSON.parse(ls[2]!);
  assert.equal(item.type, "item");
  const e1 = await refuse(join_([...ls.slice(0, 2), JSON.stringify({ ...item, postedAt: "yesterday" }), ...ls.slice(3)]));
  assert.match(e1.message, /^archive line 3: item\.postedAt must be a whole number/);
  const e2 = await refuse(join_([...ls.slice(0, 2), JSON.stringify({ ...item, versions: [{ ...item.versions[0], version: 2 }] }), ...ls.slice(3)]));
  assert.match(e2.message, /^archive line 3: item\.versions\[0\]\.version must be 1/);
  const e3 = await refuse(join_([ls[0]!, ls[2]!, ls[1]!, ...ls.slice(3)]));
  assert.match(e3.message, /^archive line 3: a user record after item records/);
  const e4 = await refuse(join_([...ls.slice(0, 2), "", ...ls.slice(2)]));
  assert.match(e4.message, /^archive line 3: empty line/);
});

test("a store that holds anything is refused, and keeps what it holds", async () => {
  const file = join(tmp.dir, "good-again.jsonl");
  writeFileSync(file, good);
  const store = await openAt(tmp.dir, "busy", fixedClock(T0));
  try {
    await store.upsert(input("guid:other", "Pier Lights Replaced", "New lamps light the pier."));
    await assert.rejects(importArchive(store, file), (e: { code: string; message: string }) => {
      assert.equal(e.code, "PRESSROOM_E_CONFLICT");
      assert.match(e.message, /not empty \(item: 1\)/);
      return true;
    });
    assert.deepEqual((await store.archive.counts()).item, 1);
    assert.equal((await store.search({ q: "buoys" })).total, 0);
  } finally {
    await store.close();
  }
});

test("parseRecord checks nested fields of held items and sources", () => {
  assert.throws(() => parseRecord(JSON.stringify({ type: "held", id: "x", identity: "i", input: {}, status: "embargoed" }), 9), /archive line 9: held\.input\.identity must be a string/);
  assert.throws(() => parseRecord(JSON.stringify({ type: "source", id: 1, name: "n", kind: "gopher" }), 4), /archive line 4: source\.kind must be one of feed/);
  assert.throws(() => parseRecord("[1,2]", 5), /archive line 5: record must be an object/);
});
