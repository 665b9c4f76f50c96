/**
 * The importer stores documents several to a write transaction and can analyse files on a
 * worker thread. These tests hold it to what one transaction per document guaranteed:
 * the same items, a bad document rejected alone, held embargoes still held, and a crash in
 * the middle of a batch leaving a consistent database that a rerun completes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Kysely } from "kysely";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { StoreCore } from "../../src/store/sqlite-core.js";
import type { Database as Db } from "../../src/store/migrations.js";
import type { Store } from "../../src/store/store.js";
import { fixedClock } from "../../src/core/clock.js";
import type { Document } from "../../src/core/document.js";
import { analyze } from "../../src/transcript/index.js";
import { toItemInput } from "../../src/importer/to-item.js";
import { storeBatch } from "../../src/importer/store-batch.js";
import { defaultWorkers, importPaths, MIN_FILES_FOR_WORKER } from "../../src/importer/import.js";
import { CORPUS, tempDir } from "../helpers.js";

const NOW = Date.parse("2026-11-01T12:00:00Z");

/** A release written for this test (sample content), as the importer would analyse it. */
function input(n: number, body: string, url = `https://example.org/sample/${n}`) {
  const doc: Document = {
    source: { path: `sample-${n}.md`, url, guid: null, name: "Sample Office", format: "markdown" },
    title: `Sample release number ${n}`, section: null, published: "2026-10-30T09:00:00-04:00", dateline: "WASHINGTON",
    kindHint: "press_release", paragraphs: ["SAMPLE CONTENT.", body], notes: [],
  };
  return { path: `sample-${n}.md`, input: toItemInput(doc, analyze(doc)) };
}

/** Count write transactions of a store (the importer's batches and every single upsert). */
function countWrites(store: Store): { n: number } {
  const core = store as unknown as StoreCore;
  const writeTx = core.writeTx.bind(core);
  const c = { n: 0 };
  (core as { writeTx: StoreCore["writeTx"] }).writeTx = <T>(fn: (db: Kysely<Db>) => Promise<T>) => { c.n++; return writeTx(fn); };
  return c;
}

test("a batch of documents is stored in one write transaction, with the results of storing them one by one", async () => {
  const t = tempDir();
  try {
    const docs = [1, 2, 3, 4, 5].map((n) => input(n, `The sample bridge number ${n} opens on Monday.`));
    const one = await openSqliteStore({ file: join(t.dir, "one.db"), clock: fixedClock(NOW) });
    const many = await openSqliteStore({ file: join(t.dir, "many.db"), clock: fixedClock(NOW) });
    const writes = countWrites(many);
    const batched = await storeBatch(many, docs, { now: NOW });
    assert.equal(writes.n, 1, "five documents, one transaction");
    assert.deepEqual(batched.map((o) => o.result?.status), ["imported", "imported", "imported", "imported", "imported"]);
    const single = await storeBatch(one, docs.slice(0, 1), { now: NOW });
    for (const d of docs.slice(1)) single.push(...await storeBatch(one, [d], { now: NOW }));
    assert.deepEqual(batched.map((o) => [o.path, o.result?.id, o.result?.version]), single.map((o) => [o.path, o.result?.id, o.result?.version]));
    // the same identities again: unchanged; a changed body: a new version of the same item
    const again = await storeBatch(many, [docs[0]!, input(2, "The sample bridge number 2 opens on Tuesday."), docs[2]!], { now: NOW });
    assert.deepEqual(again.map((o) => [o.result?.status, o.result?.version]), [["unchanged", 1], ["updated", 2], ["unchanged", 1]]);
    assert.equal((await many.stats(NOW)).items, 5);
    const hit = await many.search({ q: "Tuesday" });
    assert.equal(hit.total, 1, "the new version is indexed");
    await one.close();
    await many.close();
  } finally {
    t.cleanup();
  }
});

test("a document that cannot be stored is rejected alone: its batch-mates are stored", async () => {
  const t = tempDir();
  try {
    const store = await openSqliteStore({ file: join(t.dir, "a.db"), clock: fixedClock(NOW) });
    const bad = input(2, "This one has no kind.");
    (bad.input as { kind: unknown }).kind = null; // NOT NULL in the items table: the batch's transaction fails inside
    const writes = countWrites(store);
    const noIdentity = input(4, "This one has no identity.");
    noIdentity.input.identity = "";
    const out = await storeBatch(store, [input(1, "First good one."), bad, input(3, "Third good one."), noIdentity, input(5, "Fifth good one.")], { now: NOW });
    assert.deepEqual(out.map((o) => o.result?.status ?? "error"), ["imported", "error", "imported", "error", "imported"]);
    assert.match(String((out[1]!.error as Error).message), /NOT NULL/);
    assert.equal(writes.n, 1 + 4, "the batch was tried, rolled back, and its four documents with an identity stored one by one");
    assert.equal((out[3]!.error as { code?: string }).code, "PRESSROOM_E_BAD_REQUEST");
    assert.equal((await store.stats(NOW)).items, 3);
    const db = new Database(join(t.dir, "a.db"), { readonly: true });
    assert.deepEqual(db.prepare("SELECT source_url FROM items ORDER BY seq").all().map((r) => (r as { source_url: string }).source_url),
      ["https://example.org/sample/1", "https://example.org/sample/3", "https://example.org/sample/5"]);
    db.close();
    await store.close();
  } finally {
    t.cleanup();
  }
});

test("a document under a stated embargo is held, in document order, while its batch-mates are published", async () => {
  const t = tempDir();
  try {
    const store = await openSqliteStore({ file: join(t.dir, "e.db"), clock: fixedClock(NOW) });
    const embargoed = input(2, "EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2099. The sample bridge opens then.");
    // the same identity again, later in the batch and without the embargo line: still held (an embargo never lifts early)
    const sameAgain = input(2, "The sample bridge opens on Tuesday, May 5, 2099.");
    const out = await storeBatch(store, [input(1, "Published now."), embargoed, input(3, "Also published now."), sameAgain], { now: NOW });
    assert.deepEqual(out.map((o) => o.result?.status), ["imported", "held", "imported", "held"]);
    assert.equal(out[1]!.result!.releaseAt, Date.parse("2099-05-05T14:00:00Z"));
    assert.ok(await store.editorial.getHeldByIdentity(embargoed.input.identity));
    assert.equal((await store.stats(NOW)).items, 2, "the held one is not published");
    await store.close();
  } finally {
    t.cleanup();
  }
});

/** Items of a SQLite archive file: id, identity, version, content hash, in posting order. */
function itemsOf(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT id, identity, version, content_hash, kind FROM items ORDER BY seq").all();
  } finally {
    db.close();
  }
}

test("analysing on a worker thread imports exactly what analysing on the main thread does", async () => {
  const t = tempDir();
  try {
    const paths = [join(CORPUS, "whitehouse-briefings"), join(CORPUS, "local-press-releases"), join(CORPUS, "feeds")];
    const sum: Record<string, unknown> = {};
    for (const workers of [0, 1]) {
      const store = await openSqliteStore({ file: join(t.dir, `w${workers}.db`), clock: fixedClock(NOW) });
      const s = await importPaths(store, paths, { workers, clock: fixedClock(NOW) });
      sum[workers] = { ...s, elapsedMs: 0 };
      await store.close();
    }
    const s0 = sum[0] as { imported: number; rejected: unknown[]; files: number };
    assert.ok(s0.files >= 50 && s0.imported >= 60, `a real share of the corpus (${s0.files} files, ${s0.imported} documents)`);
    assert.deepEqual(s0.rejected, []);
    assert.deepEqual(sum[1], sum[0]);
    const a = itemsOf(join(t.dir, "w0.db")), b = itemsOf(join(t.dir, "w1.db"));
    assert.equal(a.length, s0.imported);
    assert.deepEqual(b, a, "same items, same ids, same order");
  } finally {
    t.cleanup();
  }
});

test("an import killed inside a batch's transaction leaves a consistent database, and a rerun completes it", async () => {
  const t = tempDir();
  try {
    const file = join(t.dir, "k.db");
    const paths = [join(CORPUS, "whitehouse-briefings"), join(CORPUS, "state-briefings")];
    const child = spawnSync(process.execPath, ["--import", "tsx", join("test", "importer", "kill-mid-batch.child.ts"), file, "2", ...paths], { encoding: "utf8", timeout: 600_000 });
    assert.equal(child.signal, "SIGKILL", `the child died in its second transaction: ${child.stdout} ${child.stderr}`);
    const db = new Database(file);
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
    const before = (db.prepare("SELECT count(*) AS n FROM items").get() as { n: number }).n;
    const versions = (db.prepare("SELECT count(*) AS n FROM item_versions").get() as { n: number }).n;
    db.close();
    assert.ok(before > 0, "the first batch was committed");
    assert.equal(versions, before, "nothing of the killed batch was written");
    const store = await openSqliteStore({ file, clock: fixedClock(NOW) });
    const s = await importPaths(store, paths, { workers: 0, clock: fixedClock(NOW) });
    assert.deepEqual(s.rejected, []);
    assert.equal(s.unchanged, before, "the rerun finds what was committed");
    assert.ok(s.imported > 0, "and stores the rest");
    assert.equal((await store.stats(NOW)).items, before + s.imported);
    assert.equal(s.imported + s.unchanged, s.files, "one document per file in these folders");
    await store.close();
  } finally {
    t.cleanup();
  }
});

test("the analysis worker is used by default only for enough files, and a bad worker count is refused", async () => {
  assert.equal(defaultWorkers(MIN_FILES_FOR_WORKER - 1), 0, "a few files are analysed on the main thread");
  assert.ok([0, 1].includes(defaultWorkers(1000)));
  const t = tempDir();
  try {
    const store = await openSqliteStore({ file: join(t.dir, "v.db"), clock: fixedClock(NOW) });
    for (const workers of [-1, 1.5, Number.NaN, 1000]) {
      await assert.rejects(importPaths(store, [join(CORPUS, "seed")], { workers }), (e: Error & { code?: string }) => e.code === "PRESSROOM_E_BAD_REQUEST" && /workers must be/.test(e.message), String(workers));
    }
    await store.close();
  } finally {
    t.cleanup();
  }
});
