/**
 * The whole shared corpus, imported with the real importer and worked on by editors, goes
 * through export → import-archive into an empty store → export: the two exports are the
 * same (apart from `exported_at`) and both stores answer the public API the same way.
 * Runs on each dialect of the matrix (test/db.ts); cross-dialect.test.ts crosses them.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixedClock } from "../../src/core/clock.js";
import { importPaths } from "../../src/importer/import.js";
import { importArchive } from "../../src/archive/import.js";
import type { Store } from "../../src/store/store.js";
import { CORPUS, tempDir } from "../helpers.js";
import { addEditorialHistory, exportText, openAt, withoutExportTime } from "./fixtures.js";

const T0 = Date.parse("2026-06-01T09:00:00Z");
const H = 3_600_000;
const D = 24 * H;

const tmp = tempDir("pressroom-archive-");
const clockA = fixedClock(T0);
// Store B lives years later: every restored time must come from the archive, not B's clock.
const clockB = fixedClock(T0 + 900 * D);
let a: Store;
let b: Store;
let exportA = "";
let exportB = "";
let secrets: string[] = [];
let corrected = "";
let withdrawn = "";
let heldId = "";
let releasedId = "";

before(async () => {
  a = await openAt(tmp.dir, "a", clockA);
  const summary = await importPaths(a, [CORPUS], { clock: clockA });
  assert.ok(summary.imported > 100, `the corpus imports (${summary.imported} items)`);
  ({ secrets, corrected, withdrawn, heldId, releasedId } = await addEditorialHistory(a, clockA, T0));

  exportA = await exportText(a, clockA.now(), join(tmp.dir, "a.jsonl"));
  b = await openAt(tmp.dir, "b", clockB);
  await importArchive(b, join(tmp.dir, "a.jsonl"));
  exportB = await exportText(b, clockB.now());
});

after(async () => {
  await a?.close();
  await b?.close();
  tmp.cleanup();
});

test("export → import-archive → export gives the same archive, apart from exported_at", () => {
  assert.notEqual(exportA.split("\n")[0], exportB.split("\n")[0], "the export times differ");
  assert.equal(withoutExportTime(exportB), withoutExportTime(exportA));
  const header = JSON.parse(exportA.split("\n")[0]!);
  assert.equal(header.format, "pressroom-archive");
  assert.equal(header.version, 1);
  assert.equal(header.counts.user, 3);
  assert.equal(header.counts.held, 1);
  assert.equal(header.counts.saved_search, 1);
  assert.equal(header.counts.source, 1);
  assert.ok(header.counts.item > 100);
  assert.ok(header.counts.audit >= 8);
  const records = exportA.trim().split("\n").slice(1).map((l) => JSON.parse(l));
  const redacted = records.find((r) => r.type === "item" && r.identity === "guid:archive-redacted");
  assert.deepEqual(redacted.versions[0].original, { body: "The briefer, Pat Example, spoke about ferries.", transcript: null });
  assert.deepEqual(redacted.versions[0].flags, ["leaked_background_name"]);
  const released = records.find((r) => r.type === "item" && r.id === releasedId);
  assert.equal(released.postedAt, T0 + 6 * H + 1000);
  assert.equal(exportA.split("\n").length - 2, Object.values(header.counts as Record<string, number>).reduce((x, y) => x + y, 0));
});

test("every item, with every version, reads the same from both stores (ids, versions, bodies, all three clocks)", async () => {
  let n = 0;
  for await (const s of a.listAll()) {
    n++;
    const [x, y] = [await a.get(s.id), await b.get(s.id)];
    assert.deepEqual(y, x, s.id);
    for (let v = 1; v <= x!.version; v++) assert.deepEqual(await b.getVersion(s.id, v), await a.getVersion(s.id, v), `${s.id} v${v}`);
    assert.deepEqual(await b.editorial.versions(s.id), await a.editorial.versions(s.id));
  }
  assert.ok(n > 100);
  const c = (await b.get(corrected))!;
  assert.equal(c.version, 2);
  assert.equal(c.note, "date corrected");
  assert.equal(c.changedBy, "ed");
  assert.equal(c.bodyHtml, "<p>Corrected text.</p>");
  assert.equal(c.updatedAt, T0 + 4 * H);
  assert.ok(c.postedAt < T0 + 4 * H);
  const w = (await b.get(withdrawn))!;
  assert.equal(w.pubstatus, "canceled");
  assert.equal(w.updatedAt, T0 + 5 * H);
  assert.deepEqual((await b.list({ limit: 100 })).items, (await a.list({ limit: 100 })).items);
});

test("search, counters, sections and transcript questions answer the same", async () => {
  for (const q of ["president", "\"press secretary\"", "ukraine OR israel", "tariffs -china", "lanternfish"]) {
    for (const sort of ["relevance", "date"] as const) {
      const [x, y] = [await a.search({ q, sort, limit: 50 }), await b.search({ q, sort, limit: 50 })];
      assert.deepEqual(y, x, `${q} ${sort}`);
    }
  }
  assert.ok((await a.search({ q: "president" })).total > 10);
  const withdrawnItem = (await b.get(withdrawn))!;
  assert.equal((await b.search({ q: `"${withdrawnItem.headline.replace(/"/g, "")}"` })).hits.some((h) => h.item.id === withdrawn), true);
  for (const now of [T0, T0 + 400 * D]) assert.deepEqual(await b.stats(now), await a.stats(now));
  assert.deepEqual(await b.sections(), await a.sections());
  assert.deepEqual(await b.questions({ limit: 100 }), await a.questions({ limit: 100 }));
  assert.deepEqual(await b.questioners(), await a.questioners());
  assert.deepEqual(await b.outlets(), await a.outlets());
});

test("held items, users, audit log, saved searches and sources come back; secrets do not", async () => {
  assert.deepEqual(await b.editorial.listHeld(), await a.editorial.listHeld());
  assert.equal(await b.get(heldId), null, "the embargoed item stays out of the public tables");
  assert.equal((await b.search({ q: "lanternfish survey" })).total, 0);
  const strip = (u: { hasPassword: boolean }) => ({ ...u, hasPassword: false });
  assert.deepEqual(await b.accounts.listUsers(), (await a.accounts.listUsers()).map(strip));
  assert.equal((await b.accounts.getUser("ed"))!.hasPassword, false);
  assert.equal(await b.accounts.verifyPassword("ed", "another long passphrase"), null);
  assert.deepEqual(await b.accounts.listTokens(), []);
  assert.equal(await b.accounts.tokenViewer(secrets[0]!), null);
  assert.equal(await b.accounts.sessionViewer(secrets[1]!), null);
  assert.deepEqual(await b.accounts.audit.list({ limit: 500 }), await a.accounts.audit.list({ limit: 500 }));
  const noCursor = ({ cursor: _c, ...s }: { cursor: number }) => s;
  assert.deepEqual((await b.alerts.listSavedSearches()).map(noCursor), (await a.alerts.listSavedSearches()).map(noCursor));
  assert.deepEqual(await b.sources.list(), await a.sources.list());
  // New audit entries number on after the restored ones.
  const next = await b.accounts.audit.record({ actor: "cli", action: "test.after_import" });
  assert.equal(next.id, JSON.parse(exportA.split("\n")[0]!).counts.audit + 1);
});

test("the export holds no password hash, token, session or webhook secret", () => {
  assert.equal(secrets.length, 3);
  for (const s of secrets) assert.equal(exportA.includes(s), false, "a secret leaked");
  assert.equal(/scrypt\$/.test(exportA), false, "a password hash leaked");
  for (const line of exportA.trim().split("\n").slice(1)) {
    const r = JSON.parse(line);
    if (r.type === "user") assert.deepEqual(Object.keys(r).sort(), ["createdAt", "id", "name", "removedAt", "role", "type"]);
    if (r.type === "saved_search") assert.equal("secret" in r, false);
    assert.equal(["session", "token", "api_token"].includes(r.type), false);
  }
});
