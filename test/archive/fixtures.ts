/** Stores for the archive tests: real SQLite files in a temp folder, and exports collected as text. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../../src/core/clock.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/store.js";
import { exportArchive } from "../../src/archive/export.js";

/** Open (create) a SQLite store at `dir/name.db`. */
export function openAt(dir: string, name: string, clock: Clock): Promise<Store> {
  return openSqliteStore({ file: join(dir, `${name}.db`), clock });
}

/** Export `store` into a string (and, when `file` is given, into that file too). */
export async function exportText(store: Store, now: number, file?: string): Promise<string> {
  const chunks: string[] = [];
  await exportArchive(store, async (c) => { chunks.push(c); }, now);
  const text = chunks.join("");
  if (file) writeFileSync(file, text);
  return text;
}

/** The archive without its header's `exported_at` (what must be equal between round trips). */
export function withoutExportTime(text: string): string {
  const nl = text.indexOf("\n");
  const header = JSON.parse(text.slice(0, nl)) as Record<string, unknown>;
  delete header.exported_at;
  return `${JSON.stringify(header)}${text.slice(nl)}`;
}
