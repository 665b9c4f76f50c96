/**
 * Table of the embedded job queue (issue 5): background work on SQLite runs from this table
 * (`src/jobs/sqlite-queue.ts`); on PostgreSQL the queue is pg-boss, in its own schema, and
 * this table stays empty.
 */
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
export interface JobsTables {
  /** One job. Times are epoch ms (UTC). */
  jobs: {
    id: number;
    /** Queue name, e.g. `task.release`, `import`. */
    name: string;
    /** JSON of the job's data. */
    data: string;
    /** `created` (waiting for `run_at`), `active` (claimed until `locked_until`), `completed`, `failed`. */
    state: string;
    /** Earliest start. */
    run_at: number;
    /** Runs started so far (claims). */
    attempts: number;
    /** Retries allowed after the first run (so at most `retry_limit + 1` runs). */
    retry_limit: number;
    /** Delay before the first retry; doubled for each further retry (ms). */
    retry_delay_ms: number;
    /** While `active`: the claim's lease end; a claim whose lease ran out (a crashed worker) is taken again. */
    locked_until: number | null;
    /** Id of the queue instance that holds the claim. */
    locked_by: string | null;
    last_error: string | null;
    created_at: number;
    finished_at: number | null;
  };
  /** Declared queues and their policy (`standard`, or `stately`: at most one waiting and one running job). */
  job_queues: { name: string; policy: string };
}

/** Migrations of this module (`0012_jobs`). */
export function jobsMigrations(_dialect: DialectName): Record<string, Migration> {
  return {
    "0012_jobs": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("jobs")
          .addColumn("id", _dialect === "postgres" ? "bigserial" : "integer", (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("data", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("run_at", "bigint", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("retry_limit", "integer", (c) => c.notNull())
          .addColumn("retry_delay_ms", "integer", (c) => c.notNull())
          .addColumn("locked_until", "bigint")
          .addColumn("locked_by", "text")
          .addColumn("last_error", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("finished_at", "bigint")
          .execute();
        await db.schema.createIndex("jobs_claim").on("jobs").columns(["name", "state", "run_at"]).execute();
        await db.schema
          .createTable("job_queues")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("policy", "text", (c) => c.notNull())
          .execute();
      },
    },
  };
}
