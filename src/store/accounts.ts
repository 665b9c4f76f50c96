/**
 * Users, sessions, API tokens and the audit log (issue 4). Owner: accounts work.
 * Interface and table shapes; the SQLite implementation is `sqlite-accounts.ts`.
 */
import type { Migration } from "kysely";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccountsTables {}

/** Users, sessions, API tokens and the audit log (issue 4). Owner: accounts work. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccountStore {}

/**
 * This module's migrations, named `0005_...` (later ones `0005b_...`, etc.), merged into
 * the one list in `migrations.ts`. Append-only once shipped.
 */
export function accountsMigrations(_dialect: DialectName): Record<string, Migration> {
  return {};
}
