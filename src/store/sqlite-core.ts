/**
 * What the sub-stores (accounts, editorial, alerts, sources, ...) share with the item store,
 * on either database: the Kysely handle, its dialect and full-text engine, the clock, and
 * the write-transaction helper.
 */
import type { Kysely } from "kysely";
import type { Clock } from "../core/clock.js";
import type { SearchEngine } from "../search/engine.js";
import type { Database, DialectName } from "./migrations.js";

export interface StoreCore {
  /** `sqlite` (better-sqlite3, one connection) or `postgres` (a pg pool). */
  readonly dialect: DialectName;
  /** The full-text engine of this dialect (index calls go inside {@link writeTx}). */
  readonly engine: SearchEngine;
  /** The store's Kysely handle (one connection on SQLite, a pool on PostgreSQL). */
  readonly db: Kysely<Database>;
  /** Source of "now" (epoch ms, UTC). */
  readonly clock: Clock;
  /**
   * Run `fn` in a write transaction and commit; the write moves `Store.changeToken` for
   * every process sharing the database. SQLite: `BEGIN IMMEDIATE` on the one connection.
   * PostgreSQL: `BEGIN` … `COMMIT` on one pooled connection (READ COMMITTED).
   * Throws what `fn` throws after rolling back.
   */
  writeTx<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

/** The former name of {@link StoreCore}, kept so the sub-stores compile unchanged. */
export type SqliteCore = StoreCore;
