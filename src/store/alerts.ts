/**
 * Saved searches and webhook alert deliveries (issue 4). Owner: alerts work.
 * Interface and table shapes; the SQLite implementation is `sqlite-alerts.ts`.
 */
import type { Migration } from "kysely";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AlertsTables {}

/** Saved searches and webhook alert deliveries (issue 4). Owner: alerts work. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AlertStore {}

/**
 * This module's migrations, named `0007_...` (later ones `0007b_...`, etc.), merged into
 * the one list in `migrations.ts`. Append-only once shipped.
 */
export function alertsMigrations(_dialect: DialectName): Record<string, Migration> {
  return {};
}
