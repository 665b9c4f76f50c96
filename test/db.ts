/**
 * The dialect test matrix (issue 5): one list of tests, run on SQLite and on PostgreSQL.
 *
 * A test that opens a store through {@link openTestStore} (directly or through a fixture
 * that does) runs on the database `PRESSROOM_TEST_DB` names: `sqlite` (default) or
 * `postgres`. `scripts/run-tests.mjs` runs every test file on SQLite, then the files that use
 * this module again with `PRESSROOM_TEST_DB=postgres`.
 *
 * - SQLite: a database file in a fresh temporary folder (or the `file` a test gives), the
 *   folder removed on `store.close()`.
 * - PostgreSQL: the server of `PRESSROOM_TEST_PG_URL` (default
 *   `postgres://postgres@127.0.0.1:5432/test`), a fresh schema `t_<pid>_<counter>_<random>` per
 *   store, dropped on `store.close()` (or, for a store opened with `file`, which a test may
 *   re-open, when the test process ends). Schemas left by a killed test process (its pid no
 *   longer runs) are dropped by the next run.
 *
 * Spawned `pressroom` processes reach the same database through {@link testDatabaseEnv}
 * (or {@link runCliDb} / {@link startServerDb}, which add it for the command's data folder);
 * {@link rawQuery} looks under a store in either dialect; {@link openStoreOn} opens a store on
 * a given dialect for tests that cross them. A test that must stay on SQLite (it reads the
 * database file itself) simply does not use this module.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type { Clock } from "../src/core/clock.js";
import type { Store } from "../src/store/store.js";
import { openSqliteStore } from "../src/store/sqlite.js";
import { openPostgresStore } from "../src/store/pg.js";
import { runCli, startServer, type CliResult } from "./helpers.js";

/** A database the matrix runs on. */
export type TestDialect = "sqlite" | "postgres";

function dialectFromEnv(v: string | undefined): TestDialect {
  const s = (v ?? "").trim().toLowerCase();
  if (s === "" || s === "sqlite") return "sqlite";
  if (s === "postgres" || s === "postgresql" || s === "pg") return "postgres";
  throw new Error(`PRESSROOM_TEST_DB must be sqlite or postgres, not ${JSON.stringify(v)}`);
}

/** The database this test process runs on (from `PRESSROOM_TEST_DB`; `sqlite` when unset). */
export const TEST_DIALECT: TestDialect = dialectFromEnv(process.env.PRESSROOM_TEST_DB);

/** The PostgreSQL server (and database) the PostgreSQL pass uses. */
export const TEST_PG_URL = process.env.PRESSROOM_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";

/** Where a test store lives: a SQLite file or a PostgreSQL schema. */
export type TestLocation = { dialect: "sqlite"; file: string } | { dialect: "postgres"; url: string; schema: string };

const locations = new WeakMap<Store, TestLocation>();
/** Schemas this process created; dropped at exit (those not dropped on close already). */
const liveSchemas = new Set<string>();
/** `file` keys → schema, so a test that re-opens "the same file" gets the same schema. */
const schemaByKey = new Map<string, string>();
let counter = 0;
let swept = false;

/** `t_<pid>_<counter>_<random>`: the pid lets a later run drop what a killed run left. */
function newSchemaName(): string {
  counter++;
  return `t_${process.pid}_${counter}_${randomBytes(3).toString("hex")}`;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a test schema name: ${name}`);
  return `"${name}"`;
}

/** Run `fn` with one short-lived admin connection to {@link TEST_PG_URL} (no schema). */
async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL at ${TEST_PG_URL} is unreachable (${e instanceof Error ? e.message : String(e)}). ` +
      "Start it, point PRESSROOM_TEST_PG_URL at another server, or skip the PostgreSQL pass with PRESSROOM_TEST_PG=0.",
    );
  }
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Drop test schemas whose creating process no longer runs (`t_<pid>_...` of a dead pid).
 * @returns The names dropped.
 */
export async function sweepStaleSchemas(): Promise<string[]> {
  return withAdmin(async (c) => {
    const r = await c.query<{ nspname: string }>(String.raw`SELECT nspname FROM pg_namespace WHERE nspname ~ '^t_[0-9]+_[0-9]+_[0-9a-f]+(_jobs)?$'`);
    const dead = r.rows.map((x) => x.nspname).filter((n) => !pidAlive(Number(n.split("_")[1])));
    for (const n of dead) await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(n)} CASCADE`);
    return dead;
  });
}

/**
 * Drop test schemas, each with its `<name>_jobs` sibling: the job queue of a `serve` or
 * `worker` process on PostgreSQL (pg-boss, `src/jobs/open.ts`) lives there.
 */
async function dropSchemas(names: string[]): Promise<void> {
  if (names.length === 0) return;
  await withAdmin(async (c) => {
    for (const n of names) {
      await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(n)} CASCADE`);
      await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(`${n}_jobs`)} CASCADE`);
    }
  });
  for (const n of names) liveSchemas.delete(n);
}

async function dropLiveSchemas(): Promise<void> {
  await dropSchemas([...liveSchemas]);
}

let exitHook = false;
function registerExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  // beforeExit runs when the event loop empties (every store closed): async work is allowed.
  process.once("beforeExit", () => { void dropLiveSchemas().catch((e: unknown) => console.error(`test/db: could not drop test schemas: ${String(e)}`)); });
}

/** A schema name for `key` (the same for the same key in this process), dropped at exit. */
function claimSchema(rawKey?: string): string {
  registerExitHook();
  // A data folder and its database file name one store: `DIR` and `DIR/pressroom.db` are one key.
  const key = rawKey === undefined ? undefined : resolve(rawKey).replace(/[\\/]pressroom\.db$/, "");
  let schema = key !== undefined ? schemaByKey.get(key) : undefined;
  if (!schema) {
    schema = newSchemaName();
    if (key !== undefined) schemaByKey.set(key, schema);
  }
  liveSchemas.add(schema);
  return schema;
}

/** URL of `schema` in the test server, as the CLI reads it from `DATABASE_URL` (`?schema=NAME`). */
export function schemaUrl(schema: string): string {
  const u = new URL(TEST_PG_URL);
  u.searchParams.set("schema", schema);
  return u.toString();
}

/** Options of {@link openTestStore}. */
export interface TestStoreOptions {
  /** Clock of the store (epoch ms, UTC). */
  clock: Clock;
  /**
   * SQLite: the database file (kept on close; the test owns its folder). PostgreSQL: a key
   * naming the schema, so opening the same `file` again in this process re-opens the same
   * data; such a schema is dropped when the process ends, not on close. `DIR/pressroom.db`
   * and `DIR` are the same key, so a test can open `DIR/pressroom.db` here and run the CLI
   * with `--data-dir DIR` and `testDatabaseEnv(DIR)`.
   */
  file?: string;
  /** Run migrations on open (default true). */
  migrate?: boolean;
}

/**
 * Open a fresh (or, with `file`, re-open a) store on the dialect of this run.
 * `store.close()` also removes what the harness created for it (temp folder or schema).
 * @throws Error when PostgreSQL is unreachable in the PostgreSQL pass (the message says how
 *   to skip that pass); PressroomError from the store's open.
 */
export function openTestStore(opts: TestStoreOptions): Promise<Store> {
  return openStoreOn(TEST_DIALECT, opts);
}

/**
 * Like {@link openTestStore} on a given dialect, whatever the pass (tests that cross
 * dialects, such as the SQLite → PostgreSQL → SQLite archive round trip). On SQLite `file`
 * is a database file; on PostgreSQL a key naming a schema (see {@link TestStoreOptions}).
 */
export async function openStoreOn(dialect: TestDialect, opts: TestStoreOptions): Promise<Store> {
  const migrate = opts.migrate ?? true;
  if (dialect === "sqlite") {
    let dir: string | null = null;
    let file = opts.file;
    if (file === undefined) {
      dir = mkdtempSync(join(tmpdir(), "pressroom-db-"));
      file = join(dir, "wire.db");
    }
    const store = await openSqliteStore({ file, clock: opts.clock, migrate });
    locations.set(store, { dialect: "sqlite", file });
    if (dir !== null) {
      const d = dir;
      const close = store.close.bind(store);
      store.close = async () => {
        try { await close(); } finally { rmSync(d, { recursive: true, force: true }); }
      };
    }
    return store;
  }
  if (!swept) {
    swept = true;
    await sweepStaleSchemas();
  }
  const schema = claimSchema(opts.file);
  const store = await openPostgresStore({ url: TEST_PG_URL, schema, clock: opts.clock, migrate, poolSize: 4 });
  locations.set(store, { dialect: "postgres", url: TEST_PG_URL, schema });
  if (opts.file === undefined) {
    const close = store.close.bind(store);
    store.close = async () => {
      try { await close(); } finally { await dropSchemas([schema]); }
    };
  }
  return store;
}

/** Where `store` (opened by {@link openTestStore}) lives. @throws Error for another store. */
export function testLocation(store: Store): TestLocation {
  const l = locations.get(store);
  if (!l) throw new Error("not a store of openTestStore");
  return l;
}

/**
 * Environment for a spawned `pressroom` process (CLI, server, worker) so it uses the same
 * database as {@link openTestStore} with the same `file`: on SQLite nothing (pass
 * `--data-dir DIR`, the folder of `DIR/pressroom.db`), on PostgreSQL `DATABASE_URL` naming
 * the test server and a schema (`?schema=NAME`; the CLI creates it when missing). Without
 * `file`, a fresh schema (dropped when this process ends).
 */
export function testDatabaseEnv(file?: string): Record<string, string> {
  if (TEST_DIALECT === "sqlite") return {};
  const schema = claimSchema(file);
  return { DATABASE_URL: schemaUrl(schema) };
}

/**
 * Run one SQL statement on the store's database from a separate connection (for tests that
 * look under the store: stored hashes, rows a test corrupts on purpose). Parameters are
 * written `?` in both dialects. Returns the rows (empty for statements without rows).
 * Types differ between dialects (PostgreSQL `bigint` comes back as a string here):
 * compare with `Number(...)` where it matters.
 */
export async function rawQuery<T = Record<string, unknown>>(store: Store, text: string, params: unknown[] = []): Promise<T[]> {
  const l = testLocation(store);
  if (l.dialect === "sqlite") {
    const raw = new BetterSqlite3(l.file);
    try {
      const st = raw.prepare(text);
      return st.reader ? (st.all(...params) as T[]) : (st.run(...params), []);
    } finally {
      raw.close();
    }
  }
  let n = 0;
  const pgText = text.replace(/\?/g, () => `$${++n}`);
  const c = new pg.Client({ connectionString: l.url, options: `-c search_path=${l.schema}` });
  await c.connect();
  try {
    return (await c.query(pgText, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** The data folder a CLI invocation names: `--data-dir DIR` / `--data-dir=DIR`, else `PRESSROOM_DATA_DIR` of `env`. */
function dataDirOf(args: readonly string[], env?: Record<string, string>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--data-dir") return args[i + 1];
    if (args[i]!.startsWith("--data-dir=")) return args[i]!.slice("--data-dir=".length);
  }
  return env?.PRESSROOM_DATA_DIR;
}

/**
 * {@link runCli} of test/helpers.ts on the matrix's database: on PostgreSQL the command gets
 * `DATABASE_URL` for the schema of its data folder (`--data-dir` or `PRESSROOM_DATA_DIR`),
 * the one {@link openTestStore} with `file: DIR/pressroom.db` opens; a command without a data
 * folder gets none (it runs on the data folder's SQLite default). On SQLite: `runCli` itself.
 */
export function runCliDb(args: string[], opts: Parameters<typeof runCli>[1] = {}): CliResult {
  const dir = dataDirOf(args, opts.env);
  if (TEST_DIALECT === "sqlite" || dir === undefined || opts.env?.DATABASE_URL !== undefined) return runCli(args, opts);
  return runCli(args, { ...opts, env: { ...opts.env, ...testDatabaseEnv(resolve(opts.cwd ?? process.cwd(), dir)) } });
}

/** {@link startServer} of test/helpers.ts on the matrix's database (the schema of `dataDir` on PostgreSQL). */
export function startServerDb(dataDir: string, extra: string[] = [], opts: { env?: Record<string, string> } = {}): ReturnType<typeof startServer> {
  return startServer(dataDir, extra, { env: { ...opts.env, ...testDatabaseEnv(dataDir) } });
}
