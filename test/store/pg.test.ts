/**
 * What only the PostgreSQL store has: URL and schema handling, connection errors, several
 * processes (here: several pools) on one database, and the `DATABASE_URL` configuration.
 * Runs against the machine's PostgreSQL (PRESSROOM_TEST_PG_URL, default the `test` database)
 * in schemas `p1_<pid>_*`, dropped at the end; those tests run in the PostgreSQL pass only.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { sql } from "kysely";
import { fixedClock } from "../../src/core/clock.js";
import { isPressroomError } from "../../src/core/errors.js";
import { dropPostgresSchema, openPostgresStore, parsePgUrl, redactUrl } from "../../src/store/pg.js";
import { openStore } from "../../src/store/open.js";
import { loadConfig } from "../../src/config/config.js";
import { migrations } from "../../src/store/migrations.js";
import type { Store } from "../../src/store/store.js";
import type { StoreCore } from "../../src/store/sqlite-core.js";
import { briefing, item } from "./fixtures.js";

const URL_BASE = process.env.PRESSROOM_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
// The tests that need the server run in the PostgreSQL pass of the matrix (this file imports
// the harness through fixtures.ts); the SQLite pass runs the ones that need none.
const skip = process.env.PRESSROOM_TEST_DB === "postgres" ? false : "PostgreSQL pass only (PRESSROOM_TEST_DB=postgres)";
const T0 = Date.parse("2025-03-01T12:00:00Z");
const made = new Set<string>();
let n = 0;

/** A fresh schema name of this process (dropped after the tests). */
function schemaName(tag: string): string {
  const s = `p1_${process.pid}_${tag}_${++n}`;
  made.add(s);
  return s;
}

function withSchema(schema: string): string {
  const u = new URL(URL_BASE);
  u.searchParams.set("schema", schema);
  return u.toString();
}

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: URL_BASE });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

after(async () => {
  if (skip) return;
  for (const s of made) await dropPostgresSchema(URL_BASE, s);
});

test("parsePgUrl: schema and options are ours, the rest goes to pg; bad input is PRESSROOM_E_CONFIG", () => {
  const t = parsePgUrl("postgres://u:p%40ss@db.example:6543/wire?schema=wire_2&sslmode=disable&options=-c%20statement_timeout%3D5000");
  assert.equal(t.schema, "wire_2");
  assert.equal(t.options, "-c statement_timeout=5000");
  assert.equal(t.connectionString, "postgres://u:p%40ss@db.example:6543/wire?sslmode=disable");
  assert.equal(t.display, "db.example:6543/wire");
  assert.equal(parsePgUrl("postgresql://localhost/x").schema, null);
  // A Unix socket: libpq's `user@/db?host=/dir` form, which the WHATWG URL parser rejects.
  const sock = parsePgUrl("postgres://postgres@/wire?host=/var/run/postgresql&schema=s1");
  assert.equal(sock.connectionString, "postgres://postgres@/wire?host=%2Fvar%2Frun%2Fpostgresql");
  assert.equal(sock.schema, "s1");
  assert.equal(sock.display, "/var/run/postgresql:5432/wire");
  for (const bad of ["postgres://h/db?schema=1abc", "postgres://h/db?schema=a-b", "postgres://h/db?schema=x%3Bdrop", `postgres://h/db?schema=${"a".repeat(64)}`, "mysql://h/db", "postgres://[::1/db"]) {
    assert.throws(() => parsePgUrl(bad), (e) => isPressroomError(e, "PRESSROOM_E_CONFIG"), bad);
  }
  assert.equal(redactUrl("postgres://user:secret@h/db"), "postgres://user:***@h/db");
});

test("loadConfig: DATABASE_URL with ?schema= or PRESSROOM_DB_SCHEMA; conflicts and bad names rejected", () => {
  const c = loadConfig({}, { DATABASE_URL: "postgres://h/db?schema=abc" });
  assert.equal(c.databaseUrl, "postgres://h/db?schema=abc");
  assert.equal(c.databaseSchema, "abc");
  assert.equal(loadConfig({}, { DATABASE_URL: "postgres://h/db", PRESSROOM_DB_SCHEMA: "xyz" }).databaseSchema, "xyz");
  assert.equal(loadConfig({}, { DATABASE_URL: "postgres://h/db?schema=same", PRESSROOM_DB_SCHEMA: "same" }).databaseSchema, "same");
  assert.equal(loadConfig({}, { PRESSROOM_DB_SCHEMA: "xyz" }).databaseSchema, null, "no schema without DATABASE_URL");
  assert.equal(loadConfig({}, {}).databaseUrl, null);
  const bad: Record<string, string>[] = [
    { DATABASE_URL: "postgres://h/db?schema=a", PRESSROOM_DB_SCHEMA: "b" },
    { DATABASE_URL: "postgres://h/db", PRESSROOM_DB_SCHEMA: "no spaces" },
    { DATABASE_URL: "postgres://h/db?schema=9x" },
    { DATABASE_URL: "http://h/db" },
    { DATABASE_URL: "postgres://h/db", PRESSROOM_DB_POOL: "0" },
    { DATABASE_URL: "postgres://h/db", PRESSROOM_DB_POOL: "ten" },
    { DATABASE_URL: "postgres://h/db", PRESSROOM_DB_POOL: "1001" },
  ];
  assert.equal(loadConfig({}, { DATABASE_URL: "postgres://h/db" }).databasePoolSize, 10);
  assert.equal(loadConfig({}, { DATABASE_URL: "postgres://h/db", PRESSROOM_DB_POOL: "25" }).databasePoolSize, 25);
  for (const env of bad) assert.throws(() => loadConfig({}, env), (e) => isPressroomError(e, "PRESSROOM_E_CONFIG"), JSON.stringify(env));
  assert.equal(loadConfig({}, {}).sqliteCacheMiB, 16);
  assert.equal(loadConfig({}, { PRESSROOM_SQLITE_CACHE_MB: "64" }).sqliteCacheMiB, 64);
  for (const v of ["0", "4097", "1.5", "lots", "-8"]) {
    assert.throws(() => loadConfig({}, { PRESSROOM_SQLITE_CACHE_MB: v }), (e) => isPressroomError(e, "PRESSROOM_E_CONFIG") && /PRESSROOM_SQLITE_CACHE_MB/.test(e.message), v);
  }
});

test("connection failures are one-line PRESSROOM_E_DATABASE errors; a missing schema with createSchema:false is PRESSROOM_E_CONFIG", { skip }, async () => {
  const clock = fixedClock(T0);
  const refused = new URL(URL_BASE);
  refused.port = "1";
  await assert.rejects(openPostgresStore({ url: refused.toString(), clock }), (e) =>
    isPressroomError(e, "PRESSROOM_E_DATABASE") && /connection refused/.test(e.message) && !e.message.includes("\n"));
  const nodb = new URL(URL_BASE);
  nodb.pathname = "/p1_no_such_database";
  await assert.rejects(openPostgresStore({ url: nodb.toString(), clock }), (e) =>
    isPressroomError(e, "PRESSROOM_E_DATABASE") && /p1_no_such_database/.test(e.message) && /does not exist/.test(e.message));
  const missing = `p1_${process.pid}_missing`;
  await assert.rejects(openPostgresStore({ url: URL_BASE, clock, schema: missing, createSchema: false }), (e) =>
    isPressroomError(e, "PRESSROOM_E_CONFIG") && e.message.includes(missing));
  assert.deepEqual(await query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [missing]), [], "nothing created");
  await assert.rejects(openPostgresStore({ url: URL_BASE, clock, schema: "bad-name" }), (e) => isPressroomError(e, "PRESSROOM_E_CONFIG"));
  await assert.rejects(openPostgresStore({ url: URL_BASE, clock, poolSize: 0 }), (e) => isPressroomError(e, "PRESSROOM_E_CONFIG"));
});

test("schema: created on open, tables only there, migrations idempotent, int8 columns come back as numbers", { skip }, async () => {
  const schema = schemaName("schema");
  const clock = fixedClock(T0);
  const store = await openPostgresStore({ url: withSchema(schema), clock });
  try {
    const tables = (await query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [schema])).map((r) => r.table_name);
    for (const t of ["items", "item_versions", "sections", "questions", "item_counts", "kysely_migration"]) assert.ok(tables.includes(t), t);
    await store.migrate();
    await store.migrate();
    const r = await store.upsert(briefing("urn:pg:1"));
    const got = (await store.get(r.id))!;
    assert.equal(typeof got.postedAt, "number");
    assert.equal(got.postedAt, T0);
    assert.equal(got.publishedAt, Date.parse("2024-05-02T00:00:00Z"));
    const s = await store.stats(T0);
    assert.deepEqual(s, { items: 1, last24h: 1, last365d: 1, sections: { Briefings: 1 }, kinds: { transcript: 1 } });
    const q = await store.questions({});
    assert.equal(typeof q.total, "number");
    // Re-open the same schema: the data is there, nothing migrates twice.
    const again = await openPostgresStore({ url: URL_BASE, schema, clock, createSchema: false });
    assert.equal((await again.stats(T0)).items, 1);
    await again.close();
    const applied = await query<{ name: string }>(`SELECT name FROM "${schema}".kysely_migration ORDER BY name`);
    assert.deepEqual(applied.map((r) => r.name), Object.keys(migrations("postgres")).sort(), "each migration applied once");
  } finally {
    await store.close();
  }
});

test("search index: one GIN index over (search_doc, kind) through btree_gin (in public), kind filters still exact; the index on search_doc alone is gone", { skip }, async () => {
  const schema = schemaName("kindix");
  const store = await openPostgresStore({ url: withSchema(schema), clock: fixedClock(T0) });
  try {
    const ix = await query<{ indexname: string; indexdef: string }>("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'items' AND indexname LIKE 'items_search_doc%'", [schema]);
    assert.deepEqual(ix.map((r) => r.indexname), ["items_search_doc_kind"]);
    assert.match(ix[0]!.indexdef, /USING gin \(search_doc, kind\)/);
    const ext = await query<{ nspname: string }>("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'btree_gin'");
    assert.deepEqual(ext.map((r) => r.nspname), ["public"], "never in a store's schema (dropping one would drop it)");
    await store.upsert(briefing("urn:pg:kind"));
    const all = await store.search({ q: "harbor" });
    assert.ok(all.total > 0);
    assert.equal((await store.search({ q: "harbor", kind: "transcript" })).total, all.total);
    assert.equal((await store.search({ q: "harbor", kind: "statement" })).total, 0);
  } finally {
    await store.close();
  }
});

test("pool connections run with jit off, unless the URL's options set jit", { skip }, async () => {
  const schema = schemaName("jit");
  const clock = fixedClock(T0);
  const store = await openPostgresStore({ url: withSchema(schema), clock });
  const u = new URL(withSchema(schema));
  u.searchParams.set("options", "-c jit=on -c statement_timeout=7000");
  const own = await openPostgresStore({ url: u.toString(), clock, createSchema: false });
  try {
    const show = async (s: Store, name: string) => {
      const r = await sql<Record<string, string>>`SELECT current_setting(${name}) AS v`.execute((s as unknown as StoreCore).db);
      return r.rows[0]!.v;
    };
    assert.equal(await show(store, "jit"), "off");
    assert.equal(await show(store, "search_path"), schema);
    assert.equal(await show(own, "jit"), "on", "the URL's own jit setting wins");
    assert.equal(await show(own, "statement_timeout"), "7s");
    assert.equal(await show(own, "search_path"), schema);
  } finally {
    await own.close();
    await store.close();
  }
});

test("two pools on one schema (two processes): the change token moves for both, data is shared", { skip }, async () => {
  const schema = schemaName("shared");
  const clock = fixedClock(T0);
  // a reads the sequence on every call; c reuses a read for up to 50 ms (the default).
  const a = await openPostgresStore({ url: URL_BASE, schema, clock, poolSize: 2, changeTokenMaxAgeMs: 0 });
  const b = await openPostgresStore({ url: URL_BASE, schema, clock, poolSize: 2 });
  const c = await openPostgresStore({ url: URL_BASE, schema, clock, poolSize: 2 });
  try {
    const ta = await a.changeToken!();
    const tb = await b.changeToken!();
    const tc = await c.changeToken!();
    const r = await b.upsert(item({ identity: "shared:1", section: "Rail Desk" }));
    assert.notEqual(await a.changeToken!(), ta, "a sees b's write");
    assert.notEqual(await b.changeToken!(), tb, "b's own write moves its token at once");
    await new Promise((res) => setTimeout(res, 60));
    assert.notEqual(await c.changeToken!(), tc, "c sees b's write once its last read is older than 50 ms");
    assert.equal((await a.get(r.id))!.headline, "Headline for shared:1");
    const ta2 = await a.changeToken!();
    await b.list({});
    assert.equal(await a.changeToken!(), ta2, "reads do not move it");
  } finally {
    await a.close();
    await b.close();
    await c.close();
  }
});

test("change token: concurrent callers share a read; a store's own write moves it at once; unchanged without writes", { skip }, async () => {
  const schema = schemaName("token");
  const store = await openPostgresStore({ url: URL_BASE, schema, clock: fixedClock(T0), poolSize: 2 });
  try {
    const t0 = await store.changeToken!();
    const same = await Promise.all(Array.from({ length: 20 }, () => store.changeToken!()));
    assert.deepEqual(new Set(same), new Set([t0]));
    await store.upsert(item({ identity: "token:1" }));
    const t1 = await store.changeToken!();
    assert.notEqual(t1, t0, "own write: a new token without waiting");
    await new Promise((res) => setTimeout(res, 60));
    const t2 = await store.changeToken!();
    await new Promise((res) => setTimeout(res, 60));
    assert.equal(await store.changeToken!(), t2, "no write since: unchanged after another read of the sequence");
  } finally {
    await store.close();
  }
});

test("concurrent upserts of the same documents from two pools: one item each, counters exact", { skip }, async () => {
  const schema = schemaName("race");
  const clock = fixedClock(T0);
  const stores: Store[] = [];
  for (let i = 0; i < 3; i++) stores.push(await openPostgresStore({ url: URL_BASE, schema, clock, poolSize: 3 }));
  try {
    const docs = Array.from({ length: 12 }, (_, i) => item({ identity: `race:${i}`, headline: "Same Headline For All", section: i % 2 ? "New Section A" : "New Section B" }));
    const results = await Promise.all(stores.flatMap((s) => docs.map((d) => s.upsert(d))));
    assert.equal(results.filter((r) => r.status === "imported").length, 12);
    assert.equal(results.filter((r) => r.status === "unchanged").length, 24);
    assert.equal(new Set(results.map((r) => r.id)).size, 12);
    const s = await stores[0]!.stats(T0);
    assert.deepEqual(s, { items: 12, last24h: 12, last365d: 12, sections: { "New Section A": 6, "New Section B": 6 }, kinds: { press_release: 12 } });
    assert.deepEqual((await stores[1]!.sections()).map((x) => x.slug), ["new-section-a", "new-section-b"]);
  } finally {
    for (const s of stores) await s.close();
  }
});

test("openStore(config): DATABASE_URL opens PostgreSQL in the configured schema; read-only opens need an existing schema", { skip }, async () => {
  const schema = schemaName("open");
  const clock = fixedClock(T0);
  const cfg = loadConfig({ dataDir: "/nonexistent/p1-never-created" }, { DATABASE_URL: URL_BASE, PRESSROOM_DB_SCHEMA: schema });
  await assert.rejects(openStore(cfg, clock, { create: false }), (e) => isPressroomError(e, "PRESSROOM_E_CONFIG"));
  const store = await openStore(cfg, clock);
  try {
    await store.upsert(item({ identity: "open:1" }));
    const ro = await openStore(cfg, clock, { create: false });
    assert.equal((await ro.stats(T0)).items, 1);
    await ro.close();
    const rows = await query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".items`);
    assert.equal(Number(rows[0]!.n), 1);
  } finally {
    await store.close();
  }
});

test("migrations succeed while other schemas of the database are created and dropped", { skip }, async () => {
  const clock = fixedClock(T0);
  let stop = false;
  let churned = 0;
  // Another "process" creating and dropping schemas with serial columns all the time.
  const churn = (async () => {
    const c = new pg.Client({ connectionString: URL_BASE });
    await c.connect();
    try {
      for (let i = 0; !stop; i++) {
        const s = `p1_${process.pid}_other_${i}`;
        await c.query(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.t1 (id bigserial PRIMARY KEY, a text); CREATE TABLE ${s}.t2 (id bigserial PRIMARY KEY, b text)`);
        await c.query(`DROP SCHEMA ${s} CASCADE`);
        churned++;
      }
    } finally {
      await c.end();
    }
  })();
  try {
    for (let i = 0; i < 4; i++) {
      const store = await openPostgresStore({ url: URL_BASE, schema: schemaName("churn"), clock, poolSize: 2 });
      const state = await (store as unknown as { migrationState(): Promise<{ applied: string[]; pending: string[] }> }).migrationState();
      assert.deepEqual(state.pending, []);
      assert.equal(state.applied.length, Object.keys(migrations("postgres")).length);
      await store.close();
    }
  } finally {
    stop = true;
    await churn;
  }
  assert.ok(churned > 3, `the churn ran alongside (${churned} rounds)`);
});
