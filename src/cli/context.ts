import type { Config } from "../config/config.js";
import type { Store } from "../store/store.js";
import type { Clock } from "../core/clock.js";
import { openStore as openConfiguredStore, DB_FILE } from "../store/open.js";

export { DB_FILE };

/**
 * Open the store the configuration names (see `store/open.ts`): PostgreSQL when
 * `DATABASE_URL` is set, else embedded SQLite at `<dataDir>/pressroom.db` (the folder is
 * created when missing, unless `create: false`, which read-only commands such as `stats`
 * and `search` pass so that a mistyped `--data-dir` or schema is an error, not a new empty
 * archive). Migrations run on open.
 * @throws PressroomError `PRESSROOM_E_CONFIG` (data directory, URL, schema) or
 *   `PRESSROOM_E_DATABASE` (server unreachable, login refused, migration failed).
 */
export async function openStore(config: Config, clock: Clock, opts: { create?: boolean } = {}): Promise<Store> {
  return openConfiguredStore(config, clock, opts);
}
