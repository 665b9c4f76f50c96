/**
 * Issue 5's lossless round trip across databases: the whole shared corpus, imported into
 * SQLite with the real importer and worked on by editors, is exported, restored into
 * PostgreSQL, exported again, restored into a new SQLite store and exported a third time.
 * The three archives are the same apart from `exported_at`, and the PostgreSQL store reads
 * back every item, version, counter and record the SQLite store holds.
 *
 * It needs both databases, so it runs once, in the PostgreSQL pass of scripts/run-tests.mjs
 * (skipped in the SQLite pass, and so with PRESSROOM_TEST_PG=0).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixedClock } from "../../src/core/clock.js";
import { importPaths } from "../../src/importer/import.js";
import { importArchive } from "../../src/archive/import.js";
import type { Store } from "../../src/store/store.js";
import { CORPUS, tempDir } from "../helpers.js";
import { TEST_DIALECT } from "../db.js";
import { addEditorialHistory, exportText, openAt, withoutExportTime } from "./fixtures.js";

const T0 = Date.parse("2026-06-01T09:00:00Z");
const D = 86_400_000;
const skip = TEST_DIALECT === "postgres" ? false : "needs PostgreSQL: runs in the PostgreSQL pass";

const tmp = tempDir("pressroom-cross-");
const clock1 = fixedClock(T0);
// Each later store lives later: every restored time must come from the archive.
const clock2 = fixedClock(T0 + 400 * D);
const clock3 = fixedClock(T0 + 800 * D);
let sqliteA: Store | undefined;
let pgB: Store | undefined;
let sqliteC: Store | undefined;
const exports: string[] = [];

before(async () => {
  if (skip) return;
  sqliteA = await openAt(tmp.dir, "a", clock1, "sqlite");
  const summary = await importPaths(sqliteA, [CORPUS], { clock: clock1 });
  assert.ok(summary.imported > 100, `the corpus imports (${summary.imported} items)`);
  await addEditorialHistory(sqliteA, clock1, T0);
  exports.push(await exportText(sqliteA, clock1.now(), join(tmp.dir, "a.jsonl")));

  pgB = await openAt(tmp.dir, "b", clock2, "postgres");
  await importArchive(pgB, join(tmp.dir, "a.jsonl"));
  exports.push(await exportText(pgB, clock2.now(), join(tmp.dir, "b.jsonl")));

  sqliteC = await openAt(tmp.dir, "c", clock3, "sqlite");
  await importArchive(sqliteC, join(tmp.dir, "b.jsonl"));
  exports.push(await exportText(sqliteC, clock3.now()));
});

after(async () => {
  await sqliteA?.close();
  await pgB?.close();
  await sqliteC?.close();
  tmp.cleanup();
});

test("SQLite → PostgreSQL → SQLite: the three exports are the same archive, apart from exported_at", { skip }, () => {
  assert.equal(exports.length, 3);
  const [a, b, c] = exports.map(withoutExportTime);
  const header = JSON.parse(a!.split("\n")[0]!) as { counts: Record<string, number> };
  assert.ok(header.counts.item! > 100, "the whole corpus is in the archive");
  for (const k of ["user", "held", "saved_search", "source", "audit"]) assert.ok(header.counts[k]! > 0, `${k} records are in the archive`);
  // Compare line by line first: a difference names its record.
  const [la, lb, lc] = [a!, b!, c!].map((t) => t.split("\n"));
  assert.equal(lb!.length, la!.length);
  for (let i = 0; i < la!.length; i++) assert.equal(lb![i], la![i], `PostgreSQL export, line ${i + 1}`);
  assert.equal(c, a, "the SQLite store restored from PostgreSQL exports the same archive");
  assert.equal(lc!.length, la!.length);
  assert.notEqual(exports[0]!.split("\n")[0], exports[1]!.split("\n")[0], "the export times differ");
});

test("the PostgreSQL store reads back what the SQLite store holds: items, versions, lists, counters, questions, records", { skip }, async () => {
  const [a, b] = [sqliteA!, pgB!];
  let n = 0;
  for await (const s of a.listAll()) {
    n++;
    const x = await a.get(s.id);
    assert.deepEqual(await b.get(s.id), x, s.id);
    for (let v = 1; v < x!.version; v++) assert.deepEqual(await b.getVersion(s.id, v), await a.getVersion(s.id, v), `${s.id} v${v}`);
    assert.deepEqual(await b.editorial.versions(s.id), await a.editorial.versions(s.id));
  }
  assert.ok(n > 100);
  let cursor: string | undefined;
  for (let page = 0; page < 3; page++) {
    const [x, y] = [await a.list({ limit: 50, ...(cursor ? { cursor } : {}) }), await b.list({ limit: 50, ...(cursor ? { cursor } : {}) })];
    assert.deepEqual(y, x, `list page ${page}`);
    cursor = x.nextCursor ?? undefined;
    if (!cursor) break;
  }
  for (const now of [T0, T0 + 400 * D]) assert.deepEqual(await b.stats(now), await a.stats(now));
  assert.deepEqual(await b.sections(), await a.sections());
  assert.deepEqual(await b.questioners(), await a.questioners());
  assert.deepEqual(await b.outlets(), await a.outlets());
  assert.deepEqual(await b.editorial.listHeld(), await a.editorial.listHeld());
  const noPassword = (u: { hasPassword: boolean }) => ({ ...u, hasPassword: false });
  assert.deepEqual(await b.accounts.listUsers(), (await a.accounts.listUsers()).map(noPassword));
  assert.deepEqual(await b.accounts.audit.list({ limit: 500 }), await a.accounts.audit.list({ limit: 500 }));
  assert.deepEqual(await b.sources.list(), await a.sources.list());
  const noCursor = ({ cursor: _c, ...s }: { cursor: number }) => s;
  assert.deepEqual((await b.alerts.listSavedSearches()).map(noCursor), (await a.alerts.listSavedSearches()).map(noCursor));
  // Ids restored explicitly do not block new rows on PostgreSQL (its sequences moved past them).
  const total = (await a.accounts.audit.list({ limit: 1 })).total;
  assert.equal((await b.accounts.audit.record({ actor: "cli", action: "test.after_import" })).id, total + 1);
  const u = await b.accounts.createUser({ name: "newcomer", role: "reader", password: null });
  assert.equal(u.id, (await a.accounts.listUsers()).length + 2, "after the two active and one removed user");
  assert.ok((await b.sources.add({ name: "Second feed", kind: "feed", location: "https://harbour.example.org/two.xml" })).id > 1);
});
