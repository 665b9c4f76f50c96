/**
 * The job queue a configuration names: pg-boss on the PostgreSQL of `DATABASE_URL` (schema
 * `pgboss`, or `<schema>_jobs` when the store runs in its own schema), else the embedded
 * store's `jobs` table.
 */
import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import { PressroomError } from "../core/errors.js";
import type { Store } from "../store/store.js";
import type { Kysely } from "kysely";
import { PgBossJobQueue } from "./pgboss-queue.js";
import { parsePgUrl } from "../store/pg-url.js";
import type { JobQueue } from "./queue.js";
import { SqliteJobQueue } from "./sqlite-queue.js";

/**
 * Open (not start) the job queue for `store`.
 * @throws PressroomError `PRESSROOM_E_CONFIG` for a bad `DATABASE_URL`.
 */
export function openJobQueue(store: Store, config: Pick<Config, "databaseUrl" | "databaseSchema">, clock: Clock, opts: { pollMs?: number } = {}): JobQueue {
  if (config.databaseUrl) {
    const { connectionString } = parsePgUrl(config.databaseUrl);
    const schema = config.databaseSchema ? `${config.databaseSchema.toLowerCase()}_jobs` : "pgboss";
    return new PgBossJobQueue({ url: connectionString, schema, ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}) });
  }
  const db = (store as unknown as { db?: Kysely<any> }).db;
  if (!db) throw new PressroomError("PRESSROOM_E_INTERNAL", "the store offers no connection for the job queue");
  return new SqliteJobQueue({ db, clock }, opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {});
}
