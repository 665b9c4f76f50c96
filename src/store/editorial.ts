/**
 * Held items (embargoed, scheduled, withheld), release, corrections and withdrawals (issue 4). Owner: editorial work.
 * Interface and table shapes; the SQLite implementation is `sqlite-editorial.ts`.
 */
import type { Migration } from "kysely";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EditorialTables {}

/** Held items (embargoed, scheduled, withheld), release, corrections and withdrawals (issue 4). Owner: editorial work. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EditorialStore {}

/**
 * This module's migrations, named `0006_...` (later ones `0006b_...`, etc.), merged into
 * the one list in `migrations.ts`. Append-only once shipped.
 */
export function editorialMigrations(_dialect: DialectName): Record<string, Migration> {
  return {};
}
