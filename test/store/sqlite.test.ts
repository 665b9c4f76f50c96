/** What only the SQLite store has: a database file (WAL, reopen) and `:memory:`. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { fixedClock } from "../../src/core/clock.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { item } from "./fixtures.js";

const T0 = Date.parse("2025-03-01T12:00:00Z");

test("schema: WAL, foreign keys, migrations idempotent, reopen keeps data", async () => {
  const clock = fixedClock(T0);
  const dir = mkdtempSync(join(tmpdir(), "pressroom-sqlite-"));
  const file = join(dir, "test.db");
  const store = await openSqliteStore({ file, clock });
  const done = async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); };
  try {
    await store.upsert(item({ identity: "keep" }));
    await store.migrate();
    await store.migrate();
    const again = await openSqliteStore({ file, clock });
    assert.equal((await again.stats(T0)).items, 1);
    await again.close();
    const raw = new BetterSqlite3(file, { readonly: true });
    assert.equal(raw.pragma("journal_mode", { simple: true }), "wal");
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all().map((r) => (r as { name: string }).name);
    for (const t of ["items", "item_versions", "sections", "questions", "items_fts", "questions_fts"]) assert.ok(tables.includes(t), t);
    raw.close();
    const mem = await openSqliteStore({ file: ":memory:", clock });
    await mem.upsert(item({ identity: "m" }));
    assert.equal((await mem.stats(T0)).items, 1);
    await mem.close();
  } finally {
    await done();
  }
});

