/**
 * The PostgreSQL store: the same {@link KyselyStore} as SQLite, over Kysely's
 * `PostgresDialect` and a `pg.Pool`, with PostgreSQL's full-text engine.
 *
 * - 64-bit integers (`int8`: bigint columns, bigserial keys, `count(*)`) and `numeric`
 *   (`sum(...)`) come back as JS numbers, through type parsers of this pool only (the
 *   global `pg.types` are left alone). Every value we store (epoch ms, counts, keys) is far
 *   below 2^53.
 * - `schema`: the tables live in that schema, created when missing; every pooled connection
 *   starts with `search_path` set to it alone (startup option `-c search_path=...`).
 * - Writes: `BEGIN` … `COMMIT` on one pooled connection (READ COMMITTED); an upsert that
 *   loses a race with another process (unique violation, deadlock) is tried again.
 */
import pg from "pg";
import { Kysely, PostgresDialect, sql } from "kysely";
import type { Clock } from "../core/clock.js";
import { PressroomError, isPressroomError } from "../core/errors.js";
import type { SearchEngine } from "../search/engine.js";
import type { Database } from "./migrations.js";
import type { Store } from "./store.js";
import { KyselyStore, migrateOrClose } from "./sqlite.js";
import { pgEngine } from "./pg-engine.js";
import { SCHEMA_NAME, parsePgUrl, type PgTarget } from "./pg-url.js";

export { SCHEMA_NAME, parsePgUrl, redactUrl, type PgTarget } from "./pg-url.js";

/**
 * Our pool's connections run with `jit = off` unless the URL's `options` set `jit`
 * themselves. PostgreSQL (11+, `jit_above_cost` 100,000 by default) compiles a query to
 * machine code when the planner prices it high, and a full-text query over a large archive
 * is priced high: the compilation costs tens of milliseconds per query and never repays
 * itself for queries that return one page of results (measured at 1,000,000 items, see
 * docs/performance.md). PostgreSQL's manual, "Just-in-Time Compilation (JIT)" > "When to
 * JIT?": JIT is beneficial primarily for long-running CPU-bound (analytical) queries; for
 * short queries its overhead is often higher than the time it saves.
 */
const OPTIONS_SET_JIT = /(^|\s)(-c\s*|--)jit=/;

/** Options for {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database[?schema=NAME]` (libpq URL; `?schema=` is ours). */
  url: string;
  /** Source of "now" for posting/update times. */
  clock: Clock;
  /** Schema of the tables (overrides `?schema=` in the URL); default: the server's search_path (usually `public`). */
  schema?: string;
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /** Most connections the pool opens (default 10). */
  poolSize?: number;
  /** Create the schema when it does not exist (default true; read-only commands pass false). */
  createSchema?: boolean;
  /** Full-text engine (default: PostgreSQL's, `search/pg-fts.ts`). */
  engine?: SearchEngine;
  /** How long a read of the change token is reused, in ms (default 50; see `KyselyStoreOptions.changeTokenMaxAgeMs`). */
  changeTokenMaxAgeMs?: number;
}

/** Type parsers of one pool: int8 (20) and numeric (1700) as JS numbers; everything else as `pg` parses it. */
const NUMBER_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === 20 || oid === 1700) return (v: string) => (v === null ? null : Number(v));
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** One-line message for a connection or server error from `pg`. */
function pgMessage(e: unknown, target: PgTarget): string {
  const err = e as { code?: string; message?: string };
  const msg = (err.message ?? String(e)).split("\n")[0] ?? "";
  switch (err.code) {
    case "ECONNREFUSED": return `could not connect to PostgreSQL at ${target.display}: connection refused (is the server running?)`;
    case "ENOTFOUND": case "EAI_AGAIN": return `could not connect to PostgreSQL at ${target.display}: unknown host`;
    case "ETIMEDOUT": return `could not connect to PostgreSQL at ${target.display}: timed out`;
    case "3D000": return `PostgreSQL at ${target.display}: ${msg}`;
    case "28P01": case "28000": return `PostgreSQL at ${target.display} refused the credentials: ${msg}`;
    default: return `PostgreSQL at ${target.display}: ${msg || err.code || "error"}`;
  }
}

/**
 * Open a PostgreSQL store: connect (checking the server answers), create the schema when
 * asked and missing, run the migrations (default), and return the store. `close()` ends the pool.
 *
 * @throws PressroomError `PRESSROOM_E_CONFIG` for a bad URL or schema name, or (with
 *   `createSchema: false`) a schema that does not exist; `PRESSROOM_E_DATABASE` when the server
 *   cannot be reached, refuses the login, or a migration fails.
 */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  const target = parsePgUrl(opts.url);
  const schema = opts.schema ?? target.schema ?? undefined;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `schema must be letters, digits and _ (not starting with a digit, at most 63), got "${schema.slice(0, 80)}"`);
  }
  const poolSize = opts.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000) throw new PressroomError("PRESSROOM_E_CONFIG", `pool size must be an integer from 1 to 1000, got ${poolSize}`);

  // 1. Check the server and make the schema with a single connection outside the pool.
  const probe = new pg.Client({ connectionString: target.connectionString, connectionTimeoutMillis: 10_000, ...(target.options ? { options: target.options } : {}) });
  probe.on("error", () => { /* reported by the awaited call */ });
  try {
    await probe.connect();
    if (schema !== undefined) {
      const found = await probe.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
      if (found.rowCount === 0) {
        if (opts.createSchema === false) {
          throw new PressroomError("PRESSROOM_E_CONFIG", `no schema "${schema}" in the database at ${target.display} (check ?schema= in DATABASE_URL / PRESSROOM_DB_SCHEMA, or import documents first)`);
        }
        try {
          await probe.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        } catch (e) {
          // Two processes creating it at once: the loser's IF NOT EXISTS can still fail.
          const again = await probe.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
          if (again.rowCount === 0) throw e;
        }
      }
    }
  } catch (e) {
    await probe.end().catch(() => {});
    if (isPressroomError(e)) throw e;
    throw new PressroomError("PRESSROOM_E_DATABASE", pgMessage(e, target));
  }
  await probe.end().catch(() => {});

  // 2. The pool: search_path on every connection, JIT off, numbers as numbers.
  const startup = [target.options, schema !== undefined ? `-c search_path=${schema}` : null, OPTIONS_SET_JIT.test(target.options ?? "") ? null : "-c jit=off"].filter((x) => x).join(" ");
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: poolSize,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    types: NUMBER_TYPES,
    ...(startup ? { options: startup } : {}),
  });
  // An idle connection that the server closes emits "error" on the pool; without a listener
  // that would end the process. The next query reports the problem instead.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let migrationSchema = schema;
  if (migrationSchema === undefined) {
    try {
      const r = await sql<{ s: string | null }>`SELECT current_schema() AS s`.execute(db);
      migrationSchema = r.rows[0]?.s ?? undefined;
    } catch (e) {
      await db.destroy().catch(() => {});
      throw new PressroomError("PRESSROOM_E_DATABASE", pgMessage(e, target));
    }
    if (migrationSchema === undefined) {
      await db.destroy().catch(() => {});
      throw new PressroomError("PRESSROOM_E_CONFIG", `the search_path of the database at ${target.display} names no existing schema; set ?schema= in DATABASE_URL or PRESSROOM_DB_SCHEMA`);
    }
  }
  const store = new KyselyStore(db, opts.clock, {
    dialect: "postgres", engine: opts.engine ?? pgEngine, schema: migrationSchema,
    ...(opts.changeTokenMaxAgeMs !== undefined ? { changeTokenMaxAgeMs: opts.changeTokenMaxAgeMs } : {}),
  });
  return migrateOrClose(store, opts.migrate !== false);
}

/**
 * Drop a schema and everything in it (tests and benchmarks that made their own schema).
 * @throws PressroomError `PRESSROOM_E_CONFIG` for a bad name, `PRESSROOM_E_DATABASE` when the server fails.
 */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new PressroomError("PRESSROOM_E_CONFIG", `bad schema name "${schema.slice(0, 80)}"`);
  const target = parsePgUrl(url);
  const c = new pg.Client({ connectionString: target.connectionString, connectionTimeoutMillis: 10_000 });
  c.on("error", () => {});
  try {
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } catch (e) {
    throw new PressroomError("PRESSROOM_E_DATABASE", pgMessage(e, target));
  } finally {
    await c.end().catch(() => {});
  }
}
