/**
 * The job queue on the embedded store: a `jobs` table (migration `0012_jobs`), claimed inside
 * the store's write transaction (BEGIN IMMEDIATE on SQLite, so two processes never claim the
 * same job), with a lease that a running job renews and that a crashed worker lets run out.
 * Written in portable Kysely; PostgreSQL deployments use `pgboss-queue.ts` instead.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { sqliteTx } from "../store/sqlite-tx.js";
import type { Clock } from "../core/clock.js";
import { PressroomError, isPressroomError } from "../core/errors.js";
import type { JobsTables } from "../store/jobs.js";
import type { Job, JobHandler, JobQueue, QueueDepth, QueuePolicy, SendOptions } from "./queue.js";

/** What the queue needs of the store: its SQLite connection (through Kysely) and clock. */
export interface QueueCore {
  readonly db: Kysely<any>;
  readonly clock: Clock;
}

/** Tuning of {@link SqliteJobQueue}; all durations in ms. */
export interface SqliteQueueOptions {
  /** Claim lease, renewed every third of it while the handler runs (default 60,000). */
  leaseMs?: number;
  /** Idle polling interval of `work` (default 1,000). */
  pollMs?: number;
  /** Completed jobs are deleted after this long (default 86,400,000: a day). */
  keepCompletedMs?: number;
}

const DEFAULT_RETRY_LIMIT = 2;
const DEFAULT_RETRY_DELAY_MS = 5_000;

function dbError(e: unknown, what: string): never {
  if (isPressroomError(e)) throw e;
  throw new PressroomError("PRESSROOM_E_DATABASE", `${what}: ${e instanceof Error ? e.message : String(e)}`);
}

function checkName(name: string): void {
  if (typeof name !== "string" || !/^[a-z][a-z0-9._-]{0,99}$/.test(name)) {
    throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `queue name must be 1-100 characters of a-z, 0-9, '.', '_', '-', starting with a letter, got ${JSON.stringify(name)}`);
  }
}

type Row = JobsTables["jobs"];

/** {@link JobQueue} over the store's `jobs` table. */
export class SqliteJobQueue implements JobQueue {
  readonly kind = "sqlite" as const;
  /** This instance's claim id (one per process, or per queue object in tests). */
  readonly workerId = randomUUID();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly keepCompletedMs: number;
  private readonly policies = new Map<string, QueuePolicy>();
  private stopping = false;
  private readonly loops = new Set<Promise<void>>();
  private readonly wakers = new Set<() => void>();

  constructor(private readonly core: QueueCore, opts: SqliteQueueOptions = {}) {
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 1_000;
    this.keepCompletedMs = opts.keepCompletedMs ?? 86_400_000;
  }

  private get db(): Kysely<JobsTables> {
    return this.core.db as Kysely<JobsTables>;
  }

  /**
   * A write transaction of the queue's own (BEGIN IMMEDIATE: the write lock up front, so two
   * processes never claim one job). Not the store's `writeTx`: queue bookkeeping is not a
   * change of the archive, so it must not invalidate the public caches keyed on the store's
   * change token.
   */
  private tx<T>(fn: (db: Kysely<any>) => Promise<T>): Promise<T> {
    return sqliteTx(this.core.db, "IMMEDIATE", fn);
  }

  async start(): Promise<void> {
    this.stopping = false;
  }

  async createQueue(name: string, policy: QueuePolicy): Promise<void> {
    checkName(name);
    if (policy !== "standard" && policy !== "stately") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `unknown queue policy ${JSON.stringify(policy)}`);
    try {
      await this.tx((db) => (db as Kysely<JobsTables>).insertInto("job_queues").values({ name, policy })
        .onConflict((oc) => oc.column("name").doUpdateSet({ policy })).execute());
    } catch (e) {
      dbError(e, `could not declare queue ${name}`);
    }
    this.policies.set(name, policy);
  }

  private async policyOf(db: Kysely<JobsTables>, name: string): Promise<QueuePolicy> {
    const known = this.policies.get(name);
    if (known) return known;
    const r = await db.selectFrom("job_queues").select("policy").where("name", "=", name).executeTakeFirst();
    return r?.policy === "stately" ? "stately" : "standard";
  }

  async send<T>(name: string, data: T, opts: SendOptions = {}): Promise<string | null> {
    checkName(name);
    const retryLimit = opts.retryLimit ?? DEFAULT_RETRY_LIMIT;
    const retryDelayMs = opts.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    if (!Number.isInteger(retryLimit) || retryLimit < 0 || retryLimit > 100) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "retryLimit must be an integer from 0 to 100");
    if (!Number.isInteger(retryDelayMs) || retryDelayMs < 0 || retryDelayMs > 86_400_000) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "retryDelayMs must be an integer from 0 to 86400000");
    const json = JSON.stringify(data ?? null);
    try {
      return await this.tx(async (raw) => {
        const db = raw as Kysely<JobsTables>;
        const now = this.core.clock.now();
        if ((await this.policyOf(db, name)) === "stately") {
          const waiting = await db.selectFrom("jobs").select("id").where("name", "=", name).where("state", "=", "created").limit(1).executeTakeFirst();
          if (waiting) return null;
        }
        const r = await db.insertInto("jobs").values({
          name, data: json, state: "created", run_at: opts.runAt ?? now, attempts: 0, retry_limit: retryLimit,
          retry_delay_ms: retryDelayMs, locked_until: null, locked_by: null, last_error: null, created_at: now, finished_at: null,
        } as never).returning("id").executeTakeFirstOrThrow();
        return String(r.id);
      });
    } catch (e) {
      dbError(e, `could not add a job to ${name}`);
    }
  }

  /** Claim the next due job of `name` for this instance, or null. */
  async claim(name: string): Promise<Row | null> {
    // A read first, so an idle queue costs no write transaction.
    const now0 = this.core.clock.now();
    const due = await this.db.selectFrom("jobs").select("id").where("name", "=", name)
      .where((eb) => eb.or([eb.and([eb("state", "=", "created"), eb("run_at", "<=", now0)]), eb.and([eb("state", "=", "active"), eb("locked_until", "<", now0)])]))
      .limit(1).executeTakeFirst();
    if (!due) return null;
    return this.tx(async (raw) => {
      const db = raw as Kysely<JobsTables>;
      const now = this.core.clock.now();
      // Claims whose lease ran out belong to workers that died: run them again, or fail them.
      const expired = await db.selectFrom("jobs").selectAll().where("name", "=", name).where("state", "=", "active").where("locked_until", "<", now).execute();
      for (const j of expired) {
        const failed = j.attempts > j.retry_limit;
        await db.updateTable("jobs").set(failed
          ? { state: "failed", finished_at: now, locked_until: null, locked_by: null, last_error: "the worker running it stopped (lease ran out)" }
          : { state: "created", run_at: now, locked_until: null, locked_by: null, last_error: "the worker running it stopped (lease ran out)" })
          .where("id", "=", j.id).execute();
      }
      if ((await this.policyOf(db, name)) === "stately") {
        const running = await db.selectFrom("jobs").select("id").where("name", "=", name).where("state", "=", "active").limit(1).executeTakeFirst();
        if (running) return null;
      }
      const job = await db.selectFrom("jobs").selectAll().where("name", "=", name).where("state", "=", "created").where("run_at", "<=", now)
        .orderBy("run_at").orderBy("id").limit(1).executeTakeFirst();
      if (!job) return null;
      await db.updateTable("jobs").set({ state: "active", attempts: job.attempts + 1, locked_until: now + this.leaseMs, locked_by: this.workerId })
        .where("id", "=", job.id).where("state", "=", "created").execute();
      return { ...job, state: "active", attempts: job.attempts + 1 };
    });
  }

  private async finish(job: Row, error: unknown): Promise<void> {
    await this.tx(async (raw) => {
      const db = raw as Kysely<JobsTables>;
      const now = this.core.clock.now();
      const mine = (q: ReturnType<typeof db.updateTable<"jobs">>) => q.where("id", "=", job.id).where("locked_by", "=", this.workerId).where("state", "=", "active");
      if (error === undefined) {
        await mine(db.updateTable("jobs").set({ state: "completed", finished_at: now, locked_until: null })).execute();
        await db.deleteFrom("jobs").where("state", "=", "completed").where("finished_at", "<", now - this.keepCompletedMs).execute();
        return;
      }
      // Failed jobs stay a week for inspection (`last_error`), then go.
      await db.deleteFrom("jobs").where("state", "=", "failed").where("finished_at", "<", now - 7 * 86_400_000).execute();
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      if (job.attempts > job.retry_limit) {
        await mine(db.updateTable("jobs").set({ state: "failed", finished_at: now, locked_until: null, last_error: message })).execute();
      } else {
        const delay = job.retry_delay_ms * 2 ** (job.attempts - 1);
        await mine(db.updateTable("jobs").set({ state: "created", run_at: now + delay, locked_until: null, locked_by: null, last_error: message })).execute();
      }
    });
  }

  /** Claim and run at most one due job of `name`; true when one ran (successfully or not). */
  async runOne<T>(name: string, handler: JobHandler<T>): Promise<boolean> {
    const job = await this.claim(name);
    if (!job) return false;
    const renew = setInterval(() => {
      void this.tx((db) => (db as Kysely<JobsTables>).updateTable("jobs").set({ locked_until: this.core.clock.now() + this.leaseMs })
        .where("id", "=", job.id).where("locked_by", "=", this.workerId).where("state", "=", "active").execute()).catch(() => {});
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    renew.unref();
    let error: unknown;
    try {
      const j: Job<T> = { id: String(job.id), name, data: JSON.parse(job.data) as T };
      await handler(j);
    } catch (e) {
      error = e ?? new Error("job failed");
    } finally {
      clearInterval(renew);
    }
    await this.finish(job, error);
    return true;
  }

  async work<T>(name: string, handler: JobHandler<T>, opts: { pollMs?: number } = {}): Promise<void> {
    checkName(name);
    const pollMs = opts.pollMs ?? this.pollMs;
    const loop = (async () => {
      while (!this.stopping) {
        let ran = false;
        try {
          ran = await this.runOne(name, handler);
        } catch {
          ran = false; // storage trouble: wait a poll and try again
        }
        if (ran || this.stopping) continue;
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, pollMs);
          t.unref();
          function done() { clearTimeout(t); wakers.delete(done); resolve(); }
          const wakers = this.wakers;
          wakers.add(done);
        });
      }
    })();
    this.loops.add(loop);
    void loop.finally(() => this.loops.delete(loop));
  }

  async depth(): Promise<QueueDepth> {
    const rows = await this.db.selectFrom("jobs").select(["state", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("state").execute();
    const n = (s: string) => Number(rows.find((r) => r.state === s)?.n ?? 0);
    return { waiting: n("created"), active: n("active"), failed: n("failed") };
  }

  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.wakers]) wake();
    const all = Promise.all([...this.loops]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => { timer = setTimeout(r, opts.timeoutMs ?? 30_000); timer.unref(); })]);
    if (timer) clearTimeout(timer);
  }
}
