/**
 * Open the store a configuration names: PostgreSQL when `DATABASE_URL` is set (tables in the
 * schema of `?schema=` / `PRESSROOM_DB_SCHEMA`, else the server's search_path), else the
 * embedded SQLite database `<dataDir>/pressroom.db`. Migrations run on open.
 */
import { mkdirSync, accessSync, constants, existsSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import { PressroomError } from "../core/errors.js";
import type { Store } from "./store.js";

/** File name of the embedded database inside the data directory. */
export const DB_FILE = "pressroom.db";

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /**
   * Create a missing archive (default true). Read-only commands (`stats`, `search`, ...) pass
   * false, so that a mistyped `--data-dir` or schema is an error, not a new empty archive.
   */
  create?: boolean;
  /** PostgreSQL pool size (default: `config.databasePoolSize`, else 10). */
  poolSize?: number;
}

/**
 * Open and migrate the configured store.
 * @throws PressroomError `PRESSROOM_E_CONFIG` when the data directory cannot be created or
 *   written, when it holds no archive (with `create: false`), for a bad `DATABASE_URL` or
 *   schema, or a missing schema (with `create: false`); `PRESSROOM_E_DATABASE` when
 *   PostgreSQL cannot be reached or refuses the login, or a migration fails.
 */
export async function openStore(config: Pick<Config, "dataDir" | "databaseUrl" | "databaseSchema"> & Partial<Pick<Config, "databasePoolSize" | "sqliteCacheMiB">>, clock: Clock, opts: OpenStoreOptions = {}): Promise<Store> {
  if (config.databaseUrl) {
    const { openPostgresStore } = await import("./pg.js");
    return openPostgresStore({
      url: config.databaseUrl,
      clock,
      ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
      ...(opts.create === false ? { createSchema: false } : {}),
      ...(opts.poolSize !== undefined ? { poolSize: opts.poolSize } : config.databasePoolSize !== undefined ? { poolSize: config.databasePoolSize } : {}),
    });
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
  const { openSqliteStore } = await import("./sqlite.js");
  return openSqliteStore({ file, clock, ...(config.sqliteCacheMiB !== undefined ? { cacheMiB: config.sqliteCacheMiB } : {}) });
}
