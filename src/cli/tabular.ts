/**
 * Small helpers shared by the CLI's management commands (user, token, source, ...):
 * times, plain-text tables, numeric ids, and running a command against the configured store.
 */
import { PressroomError } from "../core/errors.js";
import type { ConfigFlags } from "../config/config.js";
import type { Store } from "../store/store.js";
import type { CliKit } from "./kit.js";

/** An epoch-ms time (UTC) as ISO 8601 to the second (`2026-05-05T14:00:00Z`), or `-` for none. */
export function iso(ms: number | null): string {
  return ms === null ? "-" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Rows (the first is the header) as left-aligned columns two spaces apart; the last column is not padded. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")).join("\n") + "\n";
}

/**
 * A positive whole-number id given on the command line.
 * @param what what the id names, e.g. `token` (used in the message with `pressroom WHAT list`).
 * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` for anything else.
 */
export function positiveId(s: string, what: string): number {
  if (!/^[1-9]\d{0,15}$/.test(s)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `a ${what} id is a positive whole number (see pressroom ${what} list), not "${s.slice(0, 40)}"`);
  return Number(s);
}

/**
 * Open the configured store, run `fn`, and close the store whatever happens.
 * `create: false` refuses a data directory without an archive (commands that only read).
 */
export async function withStore<T>(kit: CliKit, flags: ConfigFlags, create: boolean, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await kit.openStore(kit.loadConfig(flags), kit.clock, create);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
