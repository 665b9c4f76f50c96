/**
 * Readiness of the store for `/readyz`: the database answers a trivial query, and its
 * schema has every migration of this version applied (a process started against an older
 * database that another process is still migrating is not ready).
 *
 * The store interface has no health method yet, so this looks for the Kysely handle that
 * the Kysely-backed stores keep (`StoreCore.db`) and for their `migrationState()`, else asks
 * Kysely's own `Migrator` which migrations ran; a store without a handle is checked with a
 * cheap read only.
 */
import { Kysely, Migrator, PostgresAdapter, sql } from "kysely";
import type { Store } from "../store/store.js";
import { migrationProvider, type DialectName } from "../store/migrations.js";

/** Result of {@link checkReadiness}. */
export type Readiness =
  | { ready: true; migrations: { applied: number; latest: string | null } | "unchecked" }
  | { ready: false; reason: string };

/** The Kysely handle of a Kysely-backed store, or null. */
function kyselyOf(store: Store): Kysely<unknown> | null {
  const db = (store as unknown as { db?: unknown }).db;
  return db instanceof Kysely ? (db as Kysely<unknown>) : null;
}

/**
 * Check that the store can serve: a trivial query succeeds and no migration is pending.
 * Never throws: a failure is `{ ready: false, reason }` with a one-line reason.
 */
export async function checkReadiness(store: Store): Promise<Readiness> {
  const db = kyselyOf(store);
  try {
    if (!db) {
      await store.sections();
      return { ready: true, migrations: "unchecked" };
    }
    await sql`select 1`.execute(db);
  } catch (e) {
    return { ready: false, reason: `database not reachable: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    // The store's own view when it has one: on PostgreSQL it reads only its own schema, so
    // other archives' schemas being created or dropped meanwhile cannot disturb it.
    const own = (store as unknown as { migrationState?: () => Promise<{ applied: string[]; pending: string[] }> }).migrationState;
    if (typeof own === "function") {
      const st = await own.call(store);
      if (st.pending.length > 0) return { ready: false, reason: `migrations pending: ${st.pending.join(", ")}` };
      return { ready: true, migrations: { applied: st.applied.length, latest: st.applied.at(-1) ?? null } };
    }
    const dialect: DialectName = db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
    const all = await new Migrator({ db, provider: migrationProvider(dialect) }).getMigrations();
    const pending = all.filter((m) => m.executedAt === undefined).map((m) => m.name);
    if (pending.length > 0) return { ready: false, reason: `migrations pending: ${pending.join(", ")}` };
    return { ready: true, migrations: { applied: all.length, latest: all.at(-1)?.name ?? null } };
  } catch (e) {
    return { ready: false, reason: `could not read the migration state: ${e instanceof Error ? e.message : String(e)}` };
  }
}
