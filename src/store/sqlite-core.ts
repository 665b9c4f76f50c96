/**
 * What the SQLite sub-stores (accounts, editorial, alerts, sources) share with the item
 * store: the one Kysely connection, the clock, and the write-transaction helper.
 */
import type { Kysely } from "kysely";
import type { Clock } from "../core/clock.js";
import type { Database } from "./migrations.js";

export interface SqliteCore {
  /** The one connection (better-sqlite3 through Kysely). */
  readonly db: Kysely<Database>;
  /** Source of "now" (epoch ms, UTC). */
  readonly clock: Clock;
  /**
   * Run `fn` in a write transaction (BEGIN IMMEDIATE), commit, and count the write so
   * `Store.changeToken` moves. Throws what `fn` throws after rolling back.
   */
  writeTx<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}
