/**
 * `npm run bench:scale` (issue 5): the archive at wire size, on both databases. Not a test.
 *
 * For each database (`SCALE_DB=sqlite,postgres`, default both):
 * 1. fill a store to `SCALE_ITEMS` items (default 1,000,000): synthetic items built from the
 *    shared corpus's sentences (`store-bench.ts`: releases, statements, readouts, and every
 *    sixth a briefing transcript with exchanges), under new identities, posted over five
 *    years; the first `SCALE_SQLITE_BASE` (default 250,000) / `SCALE_PG_BASE` (default 50,000)
 *    written through the store's own write path (`upsertIn`, `SCALE_BATCH` items per
 *    transaction: the bulk import rate), the rest made by SQL copies of them
 *    ({@link replicateSqlite}, {@link replicatePg}). A store already holding the items is
 *    reused (`SCALE_REBUILD=1` starts over), so the slow step runs once;
 * 2. database size (SQLite: file + WAL; PostgreSQL: `pg_total_relation_size` of the schema);
 * 3. search latency in the process: the 50 requests of `queries.ts` (with filters), one warm-up
 *    pass and `SCALE_PASSES` timed passes (default 3): p50/p95/p99;
 * 4. a real `pressroom serve --no-tasks` process on loopback, loaded with autocannon
 *    (`SCALE_CONNECTIONS`, default 10, for `SCALE_SECONDS`, default 10, each): item pages of
 *    random items, search pages of the 50 queries; requests/s and p99; then the web process's
 *    peak resident memory (`VmHWM` of /proc).
 *
 * Targets (issue 5): search p95 ≤ 50 ms on PostgreSQL and ≤ 30 ms on SQLite at 1,000,000
 * items; item page ≥ 1,500 requests/s; web process under 300 MB.
 * Writes `bench-results/scale-<db>.json` and prints a table.
 *
 * Where: SQLite in `SCALE_DIR` (default `./bench-data/scale-sqlite`); PostgreSQL at
 * `SCALE_PG_URL` (default `postgres://postgres@127.0.0.1:5432/test`), schema `SCALE_SCHEMA`
 * (default `bench_scale`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { sql, type Kysely } from "kysely";
import { fixedClock } from "../core/clock.js";
import { readDocuments } from "../ingest/index.js";
import { walkPaths } from "../importer/walk.js";
import { openPostgresStore, dropPostgresSchema } from "../store/pg.js";
import { openSqliteStore, upsertIn } from "../store/sqlite.js";
import type { StoreCore } from "../store/sqlite-core.js";
import type { SearchQuery, Store } from "../store/store.js";
import { BENCH_QUERIES } from "./queries.js";
import { pgFtsDdl, pgKindIndexDdl } from "../search/pg-fts.js";
import { syntheticItems } from "./store-bench.js";
import { percentile, round } from "./stats.js";

const env = process.env;
const ITEMS = Number(env.SCALE_ITEMS ?? 1_000_000);
const BATCH = Number(env.SCALE_BATCH ?? 500);
const PASSES = Number(env.SCALE_PASSES ?? 3);
const SECONDS = Number(env.SCALE_SECONDS ?? 10);
const CONNECTIONS = Number(env.SCALE_CONNECTIONS ?? 10);
const DBS = (env.SCALE_DB ?? "sqlite,postgres").split(",").map((s) => s.trim()).filter(Boolean);
const SQLITE_DIR = resolve(env.SCALE_DIR ?? "bench-data/scale-sqlite");
const PG_URL = env.SCALE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PG_SCHEMA = env.SCALE_SCHEMA ?? "bench_scale";
/** PostgreSQL: items written through the store before the SQL copies (default 50,000). */
const PG_BASE = Number(env.SCALE_PG_BASE ?? 50_000);
/** SQLite: items written through the store before the SQL copies (default 250,000). */
const SQLITE_BASE = Number(env.SCALE_SQLITE_BASE ?? 250_000);
const CORPUS = resolve(env.BENCH_CORPUS ?? "../shared/corpus");
const CLI = join(dirname(fileURLToPath(import.meta.url)), "..", "cli.js");
/** Posting times span five years ending at this instant (fixed, so runs compare). */
const END = Date.parse("2026-11-01T00:00:00Z");
const SPAN = 5 * 365 * 86_400_000;

const TARGETS = { sqliteSearchP95Ms: 30, postgresSearchP95Ms: 50, itemPageRps: 1_500, webPeakRssMb: 300 };

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

async function corpusTexts(): Promise<string[]> {
  const texts: string[] = [];
  const { files } = await walkPaths([CORPUS]);
  for (const p of files) {
    try {
      for (const d of readDocuments(readFileSync(p), p)) texts.push(`${d.title ?? ""}. ${d.paragraphs.join(" ")}`);
    } catch { /* a file the importer rejects adds no sentences */ }
  }
  return texts;
}

async function openTarget(db: string, clock: ReturnType<typeof fixedClock>): Promise<Store> {
  if (db === "sqlite") {
    if (env.SCALE_REBUILD === "1" && existsSync(SQLITE_DIR)) for (const f of readdirSync(SQLITE_DIR)) if (f.startsWith("pressroom.db")) (await import("node:fs")).rmSync(join(SQLITE_DIR, f));
    mkdirSync(SQLITE_DIR, { recursive: true });
    return openSqliteStore({ file: join(SQLITE_DIR, "pressroom.db"), clock });
  }
  if (env.SCALE_REBUILD === "1") await dropPostgresSchema(PG_URL, PG_SCHEMA);
  return openPostgresStore({ url: PG_URL, schema: PG_SCHEMA, clock });
}

async function fill(store: Store, clock: ReturnType<typeof fixedClock>, texts: string[]): Promise<Record<string, number> | null> {
  return fillTo(store, clock, texts, ITEMS);
}

async function fillTo(store: Store, clock: ReturnType<typeof fixedClock>, texts: string[], ITEMS: number): Promise<Record<string, number> | null> {
  const have = (await store.stats(END)).items;
  if (have >= ITEMS) {
    log(`  store holds ${have.toLocaleString("en-US")} items already: reusing it (SCALE_REBUILD=1 rebuilds)`);
    return null;
  }
  const core = store as unknown as StoreCore;
  const gen = syntheticItems(texts, ITEMS, { seed: 7 });
  // Skip what an interrupted earlier fill already stored (identities are deterministic).
  let i = 0;
  for (; i < have; i++) gen.next();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  let done = 0;
  let batch: ReturnType<typeof gen.next>["value"][] = [];
  const flush = async () => {
    const items = batch;
    batch = [];
    const base = i - items.length;
    await core.writeTx(async (db) => {
      for (let k = 0; k < items.length; k++) {
        const n = base + k;
        // Spread posting times evenly over the span, oldest first.
        const at = END - SPAN + Math.floor((SPAN * n) / ITEMS);
        await upsertIn(db as Kysely<never>, items[k]!, { now: at, postedAt: at, engine: core.engine });
      }
    });
    done += items.length;
    if (done % 50_000 < items.length) {
      const s = (performance.now() - t0) / 1000;
      log(`  ${(have + done).toLocaleString("en-US")} items (${round(done / s, 0)} items/s)`);
    }
  };
  for (; i < ITEMS; i++) {
    const it = gen.next().value!;
    bytes += Buffer.byteLength(it.body) + Buffer.byteLength(it.headline);
    batch.push(it);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  clock.set(END);
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { items: done, seconds: round(secs, 1), itemsPerSec: round(done / secs, 0), mbPerSec: round(bytes / 1e6 / secs, 2), textMb: round(bytes / 1e6, 0), benchProcessCpuSeconds: round((cpu.user + cpu.system) / 1e6, 1) };
}

/**
 * PostgreSQL only: grow the archive from its first `base` items to `ITEMS` by copying them in
 * SQL under new identities (`<identity>#r<c>`) and ids (`<id>-r<c>`), with every time shifted
 * by `c` x 45 days within the five-year span, the stored `tsvector`s copied (the text is the
 * same) and the counters rebuilt. The copies go through no application code: this measures
 * the archive at size, not the write path (the `fill` step before it does that).
 */
async function replicatePg(store: Store, base: number): Promise<Record<string, number> | null> {
  const core = store as unknown as StoreCore;
  const db = core.db;
  const have = (await store.stats(END)).items;
  if (have >= ITEMS) {
    await buildPgFtsIndexes(core); // an interrupted run may have left them dropped
    return null;
  }
  const start = END - SPAN;
  const baseMax = Number((await sql<{ m: string | number }>`SELECT max(seq) AS m FROM (SELECT seq FROM items ORDER BY seq LIMIT ${base}) s`.execute(db)).rows[0]?.m ?? 0);
  const t0 = performance.now();
  let added = 0;
  // Bulk copies run without the full-text GIN indexes, which are built once at the end (as a
  // bulk load into PostgreSQL is done): maintaining them row by row made copying ~10x slower.
  const gin = ["items_search_doc", "items_search_doc_kind", "items_headline_doc", "questions_search_doc"];
  for (const ix of gin) await sql.raw(`DROP INDEX IF EXISTS ${ix}`).execute(db);
  for (let c = 1; have + added < ITEMS; c++) {
    const n = Math.min(base, ITEMS - have - added);
    const shift = (c * 45 * 86_400_000) % SPAN;
    const sh = (col: string) => sql.raw(`CASE WHEN ${col} IS NULL THEN NULL ELSE ((${col} - ${start} + ${shift}) % ${SPAN}) + ${start} END`);
    const exists = await sql<{ x: number }>`SELECT 1 AS x FROM items WHERE identity LIKE ${`%#r${c}`} LIMIT 1`.execute(db);
    if (exists.rows.length > 0) { added += n; continue; } // an earlier, interrupted run made this copy (the counters are rebuilt at the end)
    await core.writeTx(async (tx) => {
      await sql`INSERT INTO items (id, identity, version, content_hash, headline, section, section_id, kind, published, published_at, dated_at, dateline,
          source_path, source_url, source_guid, source_name, source_format, ground_basis, ground_rules, excerpt, posted_at, updated_at, search_doc, headline_doc, flags, pubstatus)
        SELECT id || ${`-r${c}`}, identity || ${`#r${c}`}, version, content_hash, headline, section, section_id, kind,
          CASE WHEN published_at IS NULL THEN published ELSE to_char(to_timestamp((${sh("published_at")}) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') END,
          ${sh("published_at")}, ${sh("dated_at")}, dateline, source_path, source_url, source_guid, source_name, source_format, ground_basis, ground_rules, excerpt,
          ${sh("posted_at")}, ${sh("updated_at")}, search_doc, headline_doc, flags, pubstatus
        FROM items WHERE seq <= ${baseMax} ORDER BY seq LIMIT ${n}`.execute(tx);
      await sql`CREATE TEMP TABLE scale_map ON COMMIT DROP AS
        SELECT o.seq AS old_seq, r.seq AS new_seq FROM items o JOIN items r ON r.identity = o.identity || ${`#r${c}`} WHERE o.seq <= ${baseMax}`.execute(tx);
      await sql`INSERT INTO item_versions (item_seq, version, content_hash, stored_at, headline, section, kind, published, published_at, dateline, source, ground_rules, body, transcript, flags, note, pubstatus, changed_by, body_html)
        SELECT m.new_seq, v.version, v.content_hash, ${sh("v.stored_at")}, v.headline, v.section, v.kind, v.published, ${sh("v.published_at")}, v.dateline, v.source, v.ground_rules, v.body, v.transcript, v.flags, v.note, v.pubstatus, v.changed_by, v.body_html
        FROM item_versions v JOIN scale_map m ON m.old_seq = v.item_seq`.execute(tx);
      await sql`INSERT INTO questions (item_seq, exchange_index, questioner, questioner_key, outlet, outlet_key, question, answer, follow_up, posted_at, search_doc)
        SELECT m.new_seq, q.exchange_index, q.questioner, q.questioner_key, q.outlet, q.outlet_key, q.question, q.answer, q.follow_up, ${sh("q.posted_at")}, q.search_doc
        FROM questions q JOIN scale_map m ON m.old_seq = q.item_seq`.execute(tx);
    });
    added += n;
    log(`  copy ${c}: ${(have + added).toLocaleString("en-US")} items (${round(added / ((performance.now() - t0) / 1000), 0)} items/s)`);
  }
  await rebuildCounts(core);
  const tIx = performance.now();
  await buildPgFtsIndexes(core);
  log(`  full-text indexes built in ${round((performance.now() - tIx) / 1000, 0)} s`);
  await sql`VACUUM ANALYZE`.execute(db);
  const secs = (performance.now() - t0) / 1000;
  return { copied: added, seconds: round(secs, 1), itemsPerSec: round(added / secs, 0) };
}

/**
 * Build the missing full-text GIN indexes in one transaction, so that the 1 GB
 * `maintenance_work_mem` it sets applies to the connection that builds them (a `SET` on a
 * pool reaches one connection only: at the default 64 MB a million-row build ran for more
 * than 30 minutes).
 */
async function buildPgFtsIndexes(core: StoreCore): Promise<void> {
  await core.writeTx(async (tx) => {
    await sql`SET LOCAL maintenance_work_mem = '1GB'`.execute(tx);
    // The item index over (search_doc, kind) where btree_gin is at hand (migration 0015), and
    // the one over search_doc alone only where it is not.
    for (const ddl of pgKindIndexDdl) await sql.raw(ddl).execute(tx);
    const kindIndex = (await sql<{ x: number }>`SELECT 1 AS x FROM pg_class WHERE relname = 'items_search_doc_kind' AND relnamespace = current_schema()::regnamespace`.execute(tx)).rows.length > 0;
    for (const ddl of pgFtsDdl) if (/CREATE INDEX/i.test(ddl) && !(kindIndex && /items_search_doc ON/.test(ddl))) await sql.raw(ddl).execute(tx);
  });
}

/** The counters the home page and stats read, rebuilt as migration 0004 builds them (after SQL copies). */
async function rebuildCounts(core: StoreCore): Promise<void> {
  await core.writeTx(async (tx) => {
    await sql`DELETE FROM item_counts`.execute(tx);
    await sql`INSERT INTO item_counts (dim, key, n) SELECT 'total', '', count(*) FROM items`.execute(tx);
    await sql`INSERT INTO item_counts (dim, key, n) SELECT 'section', section, count(*) FROM items WHERE section IS NOT NULL GROUP BY section`.execute(tx);
    await sql`INSERT INTO item_counts (dim, key, n) SELECT 'section_id', CAST(section_id AS TEXT), count(*) FROM items WHERE section_id IS NOT NULL GROUP BY section_id`.execute(tx);
    await sql`INSERT INTO item_counts (dim, key, n) SELECT 'kind', kind, count(*) FROM items GROUP BY kind`.execute(tx);
  });
}

/**
 * SQLite only: grow the archive from its first `base` items to `ITEMS` by SQL copies, as
 * {@link replicatePg} does (same identities, ids and time shifts), in chunks of 5,000 items
 * per transaction; the full-text rows of the copies are written by the store's own search
 * engine (`indexItem`, `indexQuestions`: FTS5 tokenizes each copy as it would an import).
 */
async function replicateSqlite(store: Store, base: number): Promise<Record<string, number> | null> {
  const core = store as unknown as StoreCore;
  const db = core.db;
  const have = (await store.stats(END)).items;
  if (have >= ITEMS) return null;
  const start = END - SPAN;
  const seqs = (await sql<{ seq: number }>`SELECT seq FROM items ORDER BY seq LIMIT ${base}`.execute(db)).rows.map((r) => Number(r.seq));
  // Copies are shifted in time by 45 days each when the base spans the five years; a base
  // that covers only their first part (written by an earlier fill towards ITEMS) is tiled
  // over the rest instead, so that the archive's dates still spread over the whole span.
  const covered = Number((await sql<{ m: number }>`SELECT max(posted_at) AS m FROM items WHERE seq <= ${seqs[seqs.length - 1] ?? 0}`.execute(db)).rows[0]?.m ?? END) - start;
  const step = covered < SPAN * 0.9 ? covered : 45 * 86_400_000;
  const CHUNK = 5_000;
  const t0 = performance.now();
  let added = 0;
  for (let c = 1; have + added < ITEMS && c <= 1_000; c++) {
    const n = Math.min(seqs.length, ITEMS - have - added);
    const shift = (c * step) % SPAN;
    const sh = (col: string) => sql.raw(`CASE WHEN ${col} IS NULL THEN NULL ELSE ((${col} - ${start} + ${shift}) % ${SPAN}) + ${start} END`);
    for (let a = 0; a < n; a += CHUNK) {
      const lo = seqs[a]!;
      const hi = seqs[Math.min(n, a + CHUNK) - 1]!;
      const last = await sql<{ x: number }>`SELECT 1 AS x FROM items r JOIN items o ON r.identity = o.identity || ${`#r${c}`} WHERE o.seq = ${hi}`.execute(db);
      if (last.rows.length > 0) continue; // an earlier, interrupted run made this chunk
      await core.writeTx(async (tx) => {
        await sql`DELETE FROM items WHERE identity IN (SELECT identity || ${`#r${c}`} FROM items WHERE seq BETWEEN ${lo} AND ${hi})`.execute(tx);
        await sql`INSERT INTO items (id, identity, version, content_hash, headline, section, section_id, kind, published, published_at, dated_at, dateline,
            source_path, source_url, source_guid, source_name, source_format, ground_basis, ground_rules, excerpt, posted_at, updated_at, flags, pubstatus)
          SELECT id || ${`-r${c}`}, identity || ${`#r${c}`}, version, content_hash, headline, section, section_id, kind,
            CASE WHEN published_at IS NULL THEN published ELSE strftime('%Y-%m-%d', (${sh("published_at")}) / 1000, 'unixepoch') END,
            ${sh("published_at")}, ${sh("dated_at")}, dateline, source_path, source_url, source_guid, source_name, source_format, ground_basis, ground_rules, excerpt,
            ${sh("posted_at")}, ${sh("updated_at")}, flags, pubstatus
          FROM items WHERE seq BETWEEN ${lo} AND ${hi} ORDER BY seq`.execute(tx);
        await sql`CREATE TEMP TABLE scale_map AS
          SELECT o.seq AS old_seq, r.seq AS new_seq, r.version AS version FROM items o JOIN items r ON r.identity = o.identity || ${`#r${c}`} WHERE o.seq BETWEEN ${lo} AND ${hi}`.execute(tx);
        await sql`INSERT INTO item_versions (item_seq, version, content_hash, stored_at, headline, section, kind, published, published_at, dateline, source, ground_rules, body, transcript, flags, note, pubstatus, changed_by, body_html)
          SELECT m.new_seq, v.version, v.content_hash, ${sh("v.stored_at")}, v.headline, v.section, v.kind, v.published, ${sh("v.published_at")}, v.dateline, v.source, v.ground_rules, v.body, v.transcript, v.flags, v.note, v.pubstatus, v.changed_by, v.body_html
          FROM item_versions v JOIN scale_map m ON m.old_seq = v.item_seq`.execute(tx);
        await sql`INSERT INTO questions (item_seq, exchange_index, questioner, questioner_key, outlet, outlet_key, question, answer, follow_up, posted_at)
          SELECT m.new_seq, q.exchange_index, q.questioner, q.questioner_key, q.outlet, q.outlet_key, q.question, q.answer, q.follow_up, ${sh("q.posted_at")}
          FROM questions q JOIN scale_map m ON m.old_seq = q.item_seq ORDER BY q.id`.execute(tx);
        const docs = await sql<{ seq: number; headline: string; body: string; transcript: string | null }>`
          SELECT m.new_seq AS seq, v.headline, v.body, v.transcript FROM scale_map m JOIN item_versions v ON v.item_seq = m.new_seq AND v.version = m.version`.execute(tx);
        for (const d of docs.rows) await core.engine.indexItem(tx, Number(d.seq), d.headline, d.body, d.transcript ? JSON.parse(d.transcript) : null, false);
        const qs = await sql<{ id: number; question: string; answer: string }>`
          SELECT q.id, q.question, q.answer FROM questions q JOIN scale_map m ON m.new_seq = q.item_seq`.execute(tx);
        await core.engine.indexQuestions(tx, qs.rows.map((r) => ({ id: Number(r.id), question: r.question, answer: r.answer })));
        await sql`DROP TABLE scale_map`.execute(tx);
      });
      added += Math.min(n, a + CHUNK) - a;
      if (added % 50_000 < CHUNK) log(`  copy ${c}: ${(have + added).toLocaleString("en-US")} items (${round(added / ((performance.now() - t0) / 1000), 0)} items/s)`);
    }
  }
  await rebuildCounts(core);
  await sql`ANALYZE`.execute(db);
  const secs = (performance.now() - t0) / 1000;
  return { copied: added, seconds: round(secs, 1), itemsPerSec: round(added / secs, 0) };
}

async function sizeMb(db: string, store: Store): Promise<number> {
  if (db === "sqlite") {
    let b = 0;
    for (const f of readdirSync(SQLITE_DIR)) if (f.startsWith("pressroom.db")) b += statSync(join(SQLITE_DIR, f)).size;
    return round(b / 1e6, 0);
  }
  const core = store as unknown as StoreCore;
  const r = await sql<{ b: string | number }>`SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ${PG_SCHEMA} AND c.relkind IN ('r', 'm')`.execute(core.db);
  return round(Number(r.rows[0]?.b ?? 0) / 1e6, 0);
}

async function searchLatency(store: Store): Promise<Record<string, unknown>> {
  const times: number[] = [];
  const perQuery: { q: SearchQuery; p50Ms: number; total: number; error?: string }[] = [];
  const byQuery: number[][] = BENCH_QUERIES.map(() => []);
  for (let pass = 0; pass <= PASSES; pass++) {
    for (let k = 0; k < BENCH_QUERIES.length; k++) {
      const t0 = performance.now();
      let total = 0;
      let error: string | undefined;
      try {
        total = (await store.search(BENCH_QUERIES[k]!)).total;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const ms = performance.now() - t0;
      if (pass === 0) {
        perQuery[k] = { q: BENCH_QUERIES[k]!, p50Ms: 0, total, ...(error ? { error } : {}) };
        continue;
      }
      if (!error) { times.push(ms); byQuery[k]!.push(ms); }
    }
  }
  for (let k = 0; k < perQuery.length; k++) perQuery[k]!.p50Ms = round(percentile(byQuery[k]!, 50), 2);
  const slowest = [...perQuery].sort((a, b) => b.p50Ms - a.p50Ms).slice(0, 5);
  return {
    samples: times.length, p50Ms: round(percentile(times, 50), 2), p95Ms: round(percentile(times, 95), 2), p99Ms: round(percentile(times, 99), 2),
    errors: perQuery.filter((p) => p.error).length, slowest,
  };
}

async function startWeb(db: string): Promise<{ proc: ChildProcess; base: string }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const args = [CLI, "serve", "--no-tasks", "--port", String(port), "--host", "127.0.0.1", "--log-level", "warn"];
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: "" };
  if (db === "sqlite") args.push("--data-dir", SQLITE_DIR);
  else childEnv.DATABASE_URL = `${PG_URL}${PG_URL.includes("?") ? "&" : "?"}schema=${PG_SCHEMA}`;
  const proc = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], env: childEnv });
  let err = "";
  proc.stderr!.on("data", (d) => { err += String(d); });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`web process exited: ${err}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) { proc.kill("SIGKILL"); throw new Error(`web process did not start: ${err}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { proc, base };
}

function peakRssMb(pid: number): number {
  const s = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /VmHWM:\s+(\d+) kB/.exec(s);
  return m ? round(Number(m[1]) / 1024, 0) : 0;
}

async function load(base: string, paths: string[]): Promise<{ requestsPerSec: number; p99Ms: number; non2xx: number; errors: number }> {
  let n = 0;
  const r = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[(n++) % paths.length]! }) }],
  } as unknown as autocannon.Options);
  return { requestsPerSec: round(r.requests.average, 0), p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function runOne(db: string, texts: string[]): Promise<Record<string, unknown>> {
  log(`== ${db}: ${ITEMS.toLocaleString("en-US")} items`);
  const clock = fixedClock(END);
  const store = await openTarget(db, clock);
  const result: Record<string, unknown> = { db };
  try {
    if (db === "postgres" && ITEMS > PG_BASE) {
      // PostgreSQL: the write path for PG_BASE items, then SQL copies up to ITEMS (see replicatePg).
      const target = ITEMS;
      result.fill = await fillTo(store, clock, texts, PG_BASE);
      result.replicate = await replicatePg(store, PG_BASE);
      void target;
    } else if (db === "sqlite" && ITEMS > SQLITE_BASE) {
      // SQLite: the write path for SQLITE_BASE items, then SQL copies up to ITEMS (see replicateSqlite).
      result.fill = await fillTo(store, clock, texts, SQLITE_BASE);
      result.replicate = await replicateSqlite(store, SQLITE_BASE);
    } else {
      result.fill = await fill(store, clock, texts);
    }
    if (db === "postgres") {
      // The server settings that decide how much of the archive stays in memory (the results
      // depend on them: docs/performance.md).
      const core = store as unknown as StoreCore;
      const settings: Record<string, string> = {};
      for (const name of ["server_version", "shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "max_parallel_workers_per_gather"]) {
        const r = await sql<{ setting: string }>`SELECT current_setting(${name}) AS setting`.execute(core.db);
        settings[name] = r.rows[0]?.setting ?? "?";
      }
      result.postgresSettings = settings;
      log(`  PostgreSQL ${settings.server_version}, shared_buffers ${settings.shared_buffers}`);
    }
    const stats = await store.stats(END);
    result.items = stats.items;
    result.databaseMb = await sizeMb(db, store);
    log(`  ${stats.items.toLocaleString("en-US")} items, database ${result.databaseMb} MB`);
    result.search = await searchLatency(store);
    const s = result.search as { p50Ms: number; p95Ms: number; p99Ms: number };
    log(`  search p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, p99 ${s.p99Ms} ms`);
    // Item ids to request: a spread sample over the whole archive.
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const p = await store.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      ids.push(...p.items.map((x) => x.id));
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    const core = store as unknown as StoreCore;
    const sample = await sql<{ id: string }>`SELECT id FROM items WHERE seq % ${Math.max(1, Math.floor(stats.items / 2000))} = 0 LIMIT 2000`.execute(core.db);
    ids.push(...sample.rows.map((r) => r.id));
    await store.close();

    const web = await startWeb(db);
    try {
      const itemPaths = ids.map((id) => `/items/${id}`);
      const searchPaths = BENCH_QUERIES.filter((q) => !q.from && !q.section).map((q) => `/search?q=${encodeURIComponent(q.q)}${q.kind ? `&kind=${q.kind}` : ""}${q.sort ? `&sort=${q.sort}` : ""}`);
      await load(web.base, itemPaths.slice(0, 50)); // warm-up
      result.itemPage = await load(web.base, itemPaths);
      log(`  item page: ${JSON.stringify(result.itemPage)}`);
      result.searchPage = await load(web.base, searchPaths);
      log(`  search page: ${JSON.stringify(result.searchPage)}`);
      result.webPeakRssMb = peakRssMb(web.proc.pid!);
      log(`  web process peak RSS ${result.webPeakRssMb} MB`);
    } finally {
      web.proc.kill("SIGTERM");
      await new Promise((r) => web.proc.once("exit", r));
    }
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
  const searchTarget = db === "sqlite" ? TARGETS.sqliteSearchP95Ms : TARGETS.postgresSearchP95Ms;
  result.targets = {
    searchP95: { target: searchTarget, met: (result.search as { p95Ms: number }).p95Ms <= searchTarget },
    itemPageRps: { target: TARGETS.itemPageRps, met: (result.itemPage as { requestsPerSec: number }).requestsPerSec >= TARGETS.itemPageRps },
    webPeakRssMb: { target: TARGETS.webPeakRssMb, met: (result.webPeakRssMb as number) < TARGETS.webPeakRssMb },
  };
  return result;
}

async function main(): Promise<void> {
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "?", memoryGb: round(totalmem() / 2 ** 30, 1), node: process.version, platform: process.platform };
  log(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GiB, Node ${machine.node}`);
  const texts = await corpusTexts();
  log(`sentences from ${texts.length} corpus documents`);
  mkdirSync("bench-results", { recursive: true });
  const rows: string[] = [];
  for (const db of DBS) {
    if (db !== "sqlite" && db !== "postgres") throw new Error(`SCALE_DB: unknown database ${db}`);
    const r = await runOne(db, texts);
    const out = { at: new Date().toISOString(), machine, settings: { items: ITEMS, batch: BATCH, passes: PASSES, seconds: SECONDS, connections: CONNECTIONS }, ...r };
    writeFileSync(join("bench-results", `scale-${db}.json`), `${JSON.stringify(out, null, 2)}\n`);
    const s = r.search as { p50Ms: number; p95Ms: number; p99Ms: number };
    const ip = r.itemPage as { requestsPerSec: number; p99Ms: number };
    const sp = r.searchPage as { requestsPerSec: number; p99Ms: number };
    const f = r.fill as { itemsPerSec: number } | null;
    const t = r.targets as Record<string, { met: boolean }>;
    const met = (k: string) => (t[k]!.met ? "met" : "NOT MET");
    rows.push(`| ${db} | ${(r.items as number).toLocaleString("en-US")} | ${f ? `${f.itemsPerSec} items/s` : "(reused)"} | ${r.databaseMb} MB | ${s.p50Ms} / ${s.p95Ms} / ${s.p99Ms} ms (${met("searchP95")}) | ${ip.requestsPerSec} req/s, p99 ${ip.p99Ms} ms (${met("itemPageRps")}) | ${sp.requestsPerSec} req/s, p99 ${sp.p99Ms} ms | ${r.webPeakRssMb} MB (${met("webPeakRssMb")}) |`);
  }
  console.log("| database | items | bulk import | size | search p50 / p95 / p99 | item page | search page | web peak RSS |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(r);
}

main().catch((e: unknown) => {
  console.error(`bench:scale: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
