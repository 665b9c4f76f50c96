/**
 * A transaction on a SQLite connection through Kysely (whose SQLite dialect has no
 * `BEGIN IMMEDIATE`): `IMMEDIATE` takes the write lock up front, so two processes never
 * both read-then-write the same rows; `DEFERRED` is a read snapshot (WAL readers do not
 * block writers). Commits when `fn` resolves; rolls back and rethrows when it throws.
 */
import { sql, type Kysely } from "kysely";

export function sqliteTx<DB, T>(db: Kysely<DB>, mode: "IMMEDIATE" | "DEFERRED", fn: (conn: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql.raw(`BEGIN ${mode}`).execute(conn);
    try {
      const r = await fn(conn);
      await sql`COMMIT`.execute(conn);
      return r;
    } catch (e) {
      try { await sql`ROLLBACK`.execute(conn); } catch { /* already rolled back */ }
      throw e;
    }
  });
}
