/**
 * The job queue on PostgreSQL: pg-boss 10 (the 10.x line runs on Node 20; 11+ need Node 22),
 * in its own schema beside the store's. pg-boss claims with `FOR UPDATE SKIP LOCKED`, so a
 * job is run by one worker however many processes work the queue, and its `stately` policy
 * is our {@link QueuePolicy} of the same name.
 */
import PgBoss from "pg-boss";
import { PressroomError, isPressroomError } from "../core/errors.js";
import type { JobHandler, JobQueue, QueueDepth, QueuePolicy, SendOptions } from "./queue.js";

/** Connection of the pg-boss queue. */
export interface PgBossQueueOptions {
  /** `postgres://` URL of the database. */
  url: string;
  /** Schema pg-boss installs into (default `pgboss`; tests use one per run). */
  schema?: string;
  /** Pool size of the queue's own connections (default 4). */
  poolSize?: number;
  /** Idle polling interval of `work`, ms (default 1,000; pg-boss's minimum is 500). */
  pollMs?: number;
}

function dbError(e: unknown, what: string): never {
  if (isPressroomError(e)) throw e;
  throw new PressroomError("PRESSROOM_E_DATABASE", `${what}: ${e instanceof Error ? e.message : String(e)}`);
}

/** {@link JobQueue} over pg-boss. */
export class PgBossJobQueue implements JobQueue {
  readonly kind = "pg-boss" as const;
  private readonly boss: PgBoss;
  private readonly schema: string;
  private readonly pollMs: number;
  private started = false;

  constructor(opts: PgBossQueueOptions) {
    this.schema = opts.schema ?? "pgboss";
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.schema)) throw new PressroomError("PRESSROOM_E_CONFIG", `queue schema must be a plain lower-case SQL name, got ${JSON.stringify(this.schema)}`);
    this.pollMs = Math.max(500, opts.pollMs ?? 1_000);
    // supervise: pg-boss's own maintenance (expiry of stuck jobs, archiving) runs in every process; it takes an advisory lock.
    this.boss = new PgBoss({ connectionString: opts.url, schema: this.schema, max: opts.poolSize ?? 4, supervise: true, schedule: false });
    this.boss.on("error", () => { /* surfaced through the calls that fail; connection blips are retried by pg-boss */ });
  }

  async start(): Promise<void> {
    if (this.started) return;
    try {
      await this.boss.start();
      this.started = true;
    } catch (e) {
      dbError(e, "could not start the job queue (pg-boss)");
    }
  }

  async createQueue(name: string, policy: QueuePolicy): Promise<void> {
    // Several processes starting together declare the same queues at once: pg-boss creates a
    // table per queue, so one of them may lose with a deadlock (40P01) or a duplicate key;
    // a short random wait and another look settles it.
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = await this.boss.getQueue(name);
        if (!existing) await this.boss.createQueue(name, { name, policy });
        else if (existing.policy !== policy) await this.boss.updateQueue(name, { name, policy });
        return;
      } catch (e) {
        const code = (e as { code?: string }).code;
        const raced = code === "40P01" || code === "23505" || code === "42P07" || (e instanceof Error && /deadlock detected|duplicate key|already exists/i.test(e.message));
        if (!raced || attempt >= 8) dbError(e, `could not declare queue ${name}`);
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * attempt));
      }
    }
  }

  async send<T>(name: string, data: T, opts: SendOptions = {}): Promise<string | null> {
    const retryLimit = opts.retryLimit ?? 2;
    const retryDelayMs = opts.retryDelayMs ?? 5_000;
    try {
      return await this.boss.send(name, { value: data ?? null }, {
        retryLimit,
        retryDelay: Math.max(0, Math.ceil(retryDelayMs / 1000)),
        retryBackoff: retryLimit > 0 && retryDelayMs > 0,
        ...(opts.runAt !== undefined ? { startAfter: new Date(opts.runAt) } : {}),
      });
    } catch (e) {
      dbError(e, `could not add a job to ${name}`);
    }
  }

  async work<T>(name: string, handler: JobHandler<T>, opts: { pollMs?: number } = {}): Promise<void> {
    const pollingIntervalSeconds = Math.max(0.5, (opts.pollMs ?? this.pollMs) / 1000);
    await this.boss.work<{ value: T }>(name, { batchSize: 1, pollingIntervalSeconds }, async (jobs) => {
      for (const j of jobs) await handler({ id: j.id, name: j.name, data: j.data.value });
    });
  }

  async depth(): Promise<QueueDepth> {
    const r = await this.boss.getDb().executeSql(`SELECT state, count(*)::int AS n FROM ${this.schema}.job GROUP BY state`, []);
    const n = (s: string) => Number(r.rows.find((x: { state: string }) => x.state === s)?.n ?? 0);
    return { waiting: n("created") + n("retry"), active: n("active"), failed: n("failed") };
  }

  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, close: true, timeout: opts.timeoutMs ?? 30_000 });
  }
}
