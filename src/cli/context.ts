import { mkdirSync, accessSync, constants, existsSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/config.js";
import type { Store } from "../store/store.js";
import type { Clock } from "../core/clock.js";
import { PressroomError } from "../core/errors.js";
import { openSqliteStore } from "../store/sqlite.js";

/** File name of the embedded database inside the data directory. */
export const DB_FILE = "pressroom.db";

/**
 * Open the store the configuration names: embedded SQLite at `<dataDir>/pressroom.db`
 * (the folder is created when missing, unless `create: false`, which read-only commands
 * such as `stats` and `search` pass so that a mistyped `--data-dir` is an error, not a new
 * empty archive).
 * @throws PressroomError `PRESSROOM_E_CONFIG` when the data directory cannot be created or
 *   written, or when `DATABASE_URL` asks for PostgreSQL (not available in this version).
 */
export async function openStore(config: Config, clock: Clock, opts: { create?: boolean } = {}): Promise<Store> {
  if (config.databaseUrl) {
    throw new PressroomError("PRESSROOM_E_CONFIG", "DATABASE_URL is set, but PostgreSQL support is not available in this version; unset it to use the embedded SQLite database");
  }
  const file = join(config.dataDir, DB_FILE);
  if (opts.create === false && !existsSync(file)) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `no archive at ${config.dataDir} (no ${DB_FILE} there); check --data-dir / PRESSROOM_DATA_DIR, or import documents first with: pressroom import PATH`);
  }
  try {
    mkdirSync(config.dataDir, { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
  } catch (e) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `data directory ${config.dataDir} cannot be created or written (${(e as NodeJS.ErrnoException).code ?? e}) (--data-dir / PRESSROOM_DATA_DIR)`);
  }
  const store = await openSqliteStore({ file, clock });
  await store.migrate();
  return store;
}
