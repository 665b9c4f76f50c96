/**
 * The job queue (issue 5): background work (scheduled releases, alerts, source polling,
 * imports) runs from a queue that lives in the database, so several worker processes can
 * share it and no job runs twice. Two implementations behind this interface:
 * `pgboss-queue.ts` (PostgreSQL, pg-boss 10) and `sqlite-queue.ts` (the embedded store).
 */

/** How a queue treats new jobs. */
export type QueuePolicy =
  /** Every job sent is kept and run. */
  | "standard"
  /**
   * At most one job waiting and one running per queue (pg-boss's `stately` policy): a job sent
   * while one is already waiting is dropped (`send` returns null). Periodic tasks use it, so
   * several schedulers never pile up runs.
   */
  | "stately";

/** Options of one job. */
export interface SendOptions {
  /** Earliest start, epoch ms UTC; default now. */
  runAt?: number;
  /** Retries after a failed run (default 2: at most three runs). */
  retryLimit?: number;
  /** Delay before the first retry in ms (default 5,000), doubled for each further retry. */
  retryDelayMs?: number;
}

/** A claimed job, as a handler sees it. */
export interface Job<T = unknown> {
  id: string;
  name: string;
  data: T;
}

/** Does one job; throwing (or rejecting) fails the run, which is retried per its options. */
export type JobHandler<T = unknown> = (job: Job<T>) => Promise<void>;

/** Jobs by state across every queue, for `/metrics` (queue depth). */
export interface QueueDepth {
  /** Waiting to run (including retries waiting for their delay). */
  waiting: number;
  active: number;
  failed: number;
}

export interface JobQueue {
  /** `sqlite` or `pg-boss`. */
  readonly kind: "sqlite" | "pg-boss";
  /** Connect / install (idempotent). Call before anything else. */
  start(): Promise<void>;
  /** Declare a queue (idempotent; every process declares the queues it uses). */
  createQueue(name: string, policy: QueuePolicy): Promise<void>;
  /**
   * Add a job. Returns its id, or null when the queue's policy dropped it (`stately` with one
   * already waiting).
   * @throws PressroomError `PRESSROOM_E_DATABASE` when the queue's storage fails.
   */
  send<T>(name: string, data: T, opts?: SendOptions): Promise<string | null>;
  /**
   * Run `handler` for jobs of `name` from now on, one at a time per call, polling every
   * `pollMs` (default 1,000 ms) when idle. A job is claimed by one worker only.
   */
  work<T>(name: string, handler: JobHandler<T>, opts?: { pollMs?: number }): Promise<void>;
  depth(): Promise<QueueDepth>;
  /** Stop taking jobs; resolves when the jobs in flight have finished (up to `timeoutMs`, default 30,000). */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
}
