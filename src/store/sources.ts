/**
 * The registry of ingest sources and their polling state (issue 6). Owner: sources work.
 * Interface and table shapes; the SQLite implementation is `sqlite-sources.ts`.
 */
import type { Migration } from "kysely";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SourcesTables {}

/** The registry of ingest sources and their polling state (issue 6). Owner: sources work. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SourceStore {}

/**
 * This module's migrations, named `0008_...` (later ones `0008b_...`, etc.), merged into
 * the one list in `migrations.ts`. Append-only once shipped.
 */
export function sourcesMigrations(_dialect: DialectName): Record<string, Migration> {
  return {};
}
