/**
 * The job queue on both engines, for real: SQLite files (two connections = two processes) and
 * pg-boss on the machine's PostgreSQL (a schema per run, dropped at the end).
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { systemClock } from "../../src/core/clock.js";
import { jobsMigrations } from "../../src/store/jobs.js";
import { SqliteJobQueue } from "../../src/jobs/sqlite-queue.js";
import { PgBossJobQueue } from "../../src/jobs/pgboss-queue.js";
import type { JobQueue } from "../../src/jobs/queue.js";

const PG_URL = process.env.PRESSROOM_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const dir = mkdtempSync(join(tmpdir(), "pressroom-jobs-"));
const pgSchemas: string[] = [];
const opened: Kysely<any>[] = [];

after(async () => {
  for (const db of opened) await db.destroy().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  if (pgSchemas.length > 0) {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    for (const s of pgSchemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await c.end();
  }
});

let n = 0;
/** A fresh SQLite database with the jobs table, and a function opening another connection to it. */
async function sqliteDb(): Promise<() => Kysely<any>> {
  const file = join(dir, `q${++n}.db`);
  const open = () => {
    const raw = new BetterSqlite3(file);
    raw.pragma("journal_mode = WAL");
    raw.pragma("busy_timeout = 5000");
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    opened.push(db);
    return db;
  };
  const first = open();
  const r = await new Migrator({ db: first, provider: { getMigrations: async () => jobsMigrations("sqlite") } }).migrateToLatest();
  assert.equal(r.error, undefined);
  return open;
}

function pgSchema(): string {
  const s = `jobs_t_${process.pid}_${++n}`;
  pgSchemas.push(s);
  return s;
}

interface Engine {
  name: string;
  /** Two queue objects over one database (as two processes would have). */
  pair(): Promise<[JobQueue, JobQueue]>;
}

const engines: Engine[] = [
  {
    name: "sqlite",
    async pair() {
      const open = await sqliteDb();
      return [new SqliteJobQueue({ db: open(), clock: systemClock }, { pollMs: 20 }), new SqliteJobQueue({ db: open(), clock: systemClock }, { pollMs: 20 })];
    },
  },
  {
    name: "pg-boss",
    async pair() {
      const schema = pgSchema();
      const a = new PgBossJobQueue({ url: PG_URL, schema, pollMs: 500 });
      await a.start(); // installs the schema once, before the second starts
      return [a, new PgBossJobQueue({ url: PG_URL, schema, pollMs: 500 })];
    },
  },
];

async function until(cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const engine of engines) {
  describe(`job queue on ${engine.name}`, () => {
    test("a job sent is run once with its data; depth counts it while it waits", async () => {
      const [q, other] = await engine.pair();
      await q.start();
      await q.createQueue("import", "standard");
      const id = await q.send("import", { paths: ["a.txt", "b.html"] });
      assert.ok(id);
      assert.deepEqual(await q.depth(), { waiting: 1, active: 0, failed: 0 });
      const seen: unknown[] = [];
      await q.work<{ paths: string[] }>("import", async (job) => { seen.push(job.data); });
      await until(() => seen.length === 1);
      await until(async () => (await q.depth()).waiting === 0 && (await q.depth()).active === 0);
      assert.deepEqual(seen, [{ paths: ["a.txt", "b.html"] }]);
      await q.stop();
      await other.stop();
    });

    test("a failing job is retried up to its limit, then fails for good", async () => {
      const [q, other] = await engine.pair();
      await q.start();
      await q.createQueue("flaky", "standard");
      await q.createQueue("broken", "standard");
      let flakyRuns = 0;
      let brokenRuns = 0;
      await q.send("flaky", { n: 1 }, { retryLimit: 3, retryDelayMs: 0 });
      await q.send("broken", { n: 2 }, { retryLimit: 1, retryDelayMs: 0 });
      await q.work("flaky", async () => { flakyRuns++; if (flakyRuns < 3) throw new Error(`run ${flakyRuns} failed`); });
      await q.work("broken", async () => { brokenRuns++; throw new Error("always fails"); });
      await until(async () => flakyRuns === 3 && (await q.depth()).failed === 1);
      assert.equal(brokenRuns, 2, "one run plus one retry");
      const d = await q.depth();
      assert.equal(d.waiting, 0);
      await q.stop();
      await other.stop();
    });

    test("a stately queue keeps at most one job waiting", async () => {
      const [q, other] = await engine.pair();
      await q.start();
      await q.createQueue("task-release", "stately");
      const first = await q.send("task-release", {});
      const second = await q.send("task-release", {});
      assert.ok(first);
      assert.equal(second, null);
      assert.equal((await q.depth()).waiting, 1);
      await q.stop();
      await other.stop();
    });

    test("two workers on one queue: every job runs exactly once", async () => {
      const [a, b] = await engine.pair();
      await a.start();
      await b.start();
      await a.createQueue("fanout", "standard");
      await b.createQueue("fanout", "standard");
      const runs = new Map<number, string[]>();
      const total = engine.name === "sqlite" ? 40 : 12; // pg-boss 10 waits a polling interval between fetches
      for (let i = 0; i < total; i++) await a.send("fanout", { i });
      const handler = (who: string) => async (job: { data: { i: number } }) => {
        runs.set(job.data.i, [...(runs.get(job.data.i) ?? []), who]);
        await new Promise((r) => setTimeout(r, 2));
      };
      await a.work("fanout", handler("a"));
      await b.work("fanout", handler("b"));
      await until(() => [...runs.values()].reduce((s, v) => s + v.length, 0) >= total);
      await new Promise((r) => setTimeout(r, 300)); // any double run would show up now
      assert.equal(runs.size, total);
      for (const [i, who] of runs) assert.equal(who.length, 1, `job ${i} ran ${who.length} times (${who.join(",")})`);
      await a.stop();
      await b.stop();
    });

    test("stop waits for the job in flight", async () => {
      const [q, other] = await engine.pair();
      await q.start();
      await q.createQueue("slow", "standard");
      let finished = false;
      let started = false;
      await q.send("slow", {});
      await q.work("slow", async () => { started = true; await new Promise((r) => setTimeout(r, 400)); finished = true; });
      await until(() => started);
      await q.stop();
      assert.equal(finished, true);
      await other.stop();
    });
  });
}

describe("job queue on sqlite: crashed workers and bad input", () => {
  test("a claim whose lease ran out is run again by another worker", async () => {
    const open = await sqliteDb();
    const crashed = new SqliteJobQueue({ db: open(), clock: systemClock }, { leaseMs: 150 });
    const healthy = new SqliteJobQueue({ db: open(), clock: systemClock }, { pollMs: 20 });
    await crashed.createQueue("import", "standard");
    await crashed.send("import", { path: "x" }, { retryLimit: 1 });
    const claimed = await crashed.claim("import");
    assert.ok(claimed, "the first worker claims it and then never finishes (it crashed)");
    assert.equal(await healthy.claim("import"), null, "nobody else takes it while the lease holds");
    const seen: unknown[] = [];
    await healthy.work("import", async (job) => { seen.push(job.data); });
    await until(() => seen.length === 1);
    assert.deepEqual(seen, [{ path: "x" }]);
    await healthy.stop();
  });

  test("bad queue names and options are refused with a clear error", async () => {
    const open = await sqliteDb();
    const q = new SqliteJobQueue({ db: open(), clock: systemClock });
    await assert.rejects(q.send("", {}), { code: "PRESSROOM_E_BAD_REQUEST" });
    await assert.rejects(q.send("Robert'); DROP TABLE jobs;--", {}), { code: "PRESSROOM_E_BAD_REQUEST" });
    await assert.rejects(q.send("ok", {}, { retryLimit: -1 }), { code: "PRESSROOM_E_BAD_REQUEST" });
    await assert.rejects(q.createQueue("ok", "sometimes" as never), { code: "PRESSROOM_E_BAD_REQUEST" });
    assert.deepEqual(await q.depth(), { waiting: 0, active: 0, failed: 0 });
  });
});

describe("job queue on pg-boss: processes starting together", () => {
  test("three processes declaring the same seven queues at once all succeed", async () => {
    const schema = pgSchema();
    const first = new PgBossJobQueue({ url: PG_URL, schema });
    await first.start();
    const queues = [first, new PgBossJobQueue({ url: PG_URL, schema }), new PgBossJobQueue({ url: PG_URL, schema })];
    await Promise.all(queues.slice(1).map((q) => q.start()));
    const names = ["task-poll", "task-release", "task-alerts-match", "task-alerts-deliver", "task-dedupe", "task-classify", "task-websub"];
    await Promise.all(queues.map(async (q) => { for (const n of names) await q.createQueue(n, "stately"); }));
    assert.ok(await first.send("task-release", {}));
    assert.equal(await queues[2]!.send("task-release", {}), null, "stately across processes");
    for (const q of queues) await q.stop();
  });
});
