/**
 * The briefing store on a real SQLite file and on PostgreSQL (schema `b1_test_<pid>`), one list of
 * tests for both: set-up and access code, a whole scripted call, a restart in the middle of
 * it (close and reopen: nothing lost, retries still answered, replay of the stored log gives
 * the stored state), two stores writing one briefing, refusals that persist nothing, and the
 * cost of a command after 2,000 events.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { createBriefing, replay, type BriefingState, type Command } from "../../src/briefing/index.js";
import { fixedClock, type Clock } from "../../src/core/clock.js";
import { isPressroomError } from "../../src/core/errors.js";
import type { BriefingStore } from "../../src/store/briefings.js";
import { briefingsMigrations, SNAPSHOT_EVERY } from "../../src/store/briefings.js";
import type { Database } from "../../src/store/migrations.js";
import { SqliteBriefingStore } from "../../src/store/sqlite-briefings.js";
import type { StoreCore } from "../../src/store/sqlite-core.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/store.js";
import { LOG, SETUP, T0 } from "./scripted-call.js";

/** A database the tests run on: `open()` gives a store over it (a fresh process's view: empty caches). */
interface Harness {
  name: string;
  open(): Promise<{ briefings: BriefingStore; close(): Promise<void> }>;
  /** The raw snapshot column of a briefing. */
  snapshot(id: string): Promise<string>;
  done(): Promise<void>;
}

async function sqliteHarness(clock: Clock): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "pressroom-b1-"));
  const file = join(dir, "test.db");
  const open = async () => {
    const store: Store = await openSqliteStore({ file, clock });
    return { briefings: store.briefings, close: () => store.close(), store };
  };
  return {
    name: "sqlite",
    open,
    async snapshot(id) {
      const s = await open();
      try {
        const r = await (s.briefings as SqliteBriefingStore).core.db.selectFrom("briefings").select("state").where("id", "=", id).executeTakeFirstOrThrow();
        return r.state;
      } finally { await s.close(); }
    },
    async done() { rmSync(dir, { recursive: true, force: true }); },
  };
}

/** This process's schema (two test runs at once must not share one). */
const PG_SCHEMA = `b1_test_${process.pid}`;

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === "EPERM"; }
}
const TOKEN_HASH = createHash("sha256").update("prp_restart").digest("hex");

function pgCore(clock: Clock): StoreCore & { destroy(): Promise<void> } {
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test", max: 4, options: `-c search_path=${PG_SCHEMA}` }) }),
  });
  return {
    dialect: "postgres",
    engine: undefined as never, // the briefing store does no full-text work
    db,
    clock,
    writeTx: (fn) => db.transaction().execute(fn),
    destroy: () => db.destroy(),
  };
}

async function pgHarness(clock: Clock): Promise<Harness | null> {
  const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
  try { await admin.connect(); } catch { return null; }
  // schemas left by earlier runs that were killed (their process is gone)
  for (const r of (await admin.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'b1\\_test\\_%'")).rows as { nspname: string }[]) {
    const pid = Number(r.nspname.slice("b1_test_".length));
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) await admin.query(`DROP SCHEMA IF EXISTS ${r.nspname} CASCADE`);
  }
  await admin.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`);
  await admin.query(`CREATE SCHEMA ${PG_SCHEMA}`);
  const core = pgCore(clock);
  await briefingsMigrations("postgres")["0011_briefings"]!.up(core.db as Kysely<any>);
  await core.destroy();
  return {
    name: "postgres",
    async open() {
      const c = pgCore(clock);
      return { briefings: new SqliteBriefingStore(c), close: () => c.destroy() };
    },
    async snapshot(id) {
      const r = await admin.query(`SELECT state FROM ${PG_SCHEMA}.briefings WHERE id = $1`, [id]);
      return r.rows[0].state as string;
    },
    async done() {
      await admin.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`);
      await admin.end();
    },
  };
}

/** JSON round trip: what a state looks like once stored (no undefined fields). */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function expectedState(log = LOG): BriefingState {
  const s0 = createBriefing(SETUP);
  assert.ok(!("code" in s0));
  return replay(s0 as BriefingState, log).state;
}

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => isPressroomError(e) && e.code === code);
}

function suite(make: (clock: Clock) => Promise<Harness | null>, dialect: string): void {
  test(`${dialect}: create, get, list, set-up, access code; bad input is refused clearly`, async (t) => {
    const clock = fixedClock(T0 - 3_600_000);
    const h = await make(clock);
    if (!h) return t.skip("PostgreSQL is not reachable on 127.0.0.1:5432");
    const s = await h.open();
    try {
      const { record, accessCode } = await s.briefings.create(SETUP, { createdBy: 7 });
      assert.match(record.id, /^b[a-z0-9]{10}$/);
      assert.deepEqual(record, { id: record.id, title: SETUP.title, section: SETUP.section, scheduledStart: T0, phase: "scheduled", createdBy: 7, createdAt: T0 - 3_600_000, itemId: null });
      assert.match(accessCode, /^[0-9]{8}$/);
      assert.deepEqual(await s.briefings.get(record.id), record);
      assert.equal(await s.briefings.get("bnope000000"), null);
      assert.deepEqual(await s.briefings.setup(record.id), { ...SETUP, graceMs: 60_000 });
      assert.equal(await s.briefings.checkAccessCode(record.id, accessCode), true);
      assert.equal(await s.briefings.checkAccessCode(record.id, `${accessCode.slice(0, 4)}-${accessCode.slice(4)}`), true);
      const wrong = String((Number(accessCode) + 1) % 100_000_000).padStart(8, "0");
      assert.equal(await s.briefings.checkAccessCode(record.id, wrong), false);
      assert.equal(await s.briefings.checkAccessCode(record.id, "12ab5678"), false);
      assert.equal(await s.briefings.checkAccessCode("bnope000000", accessCode), false);

      const later = await s.briefings.create({ ...SETUP, title: "Later Call", scheduledStart: T0 + 86_400_000 }, { createdBy: null });
      assert.deepEqual((await s.briefings.list()).map((r) => r.title), ["Later Call", SETUP.title]);
      assert.deepEqual((await s.briefings.list({ limit: 1 })).map((r) => r.id), [later.record.id]);
      assert.notEqual(later.accessCode === accessCode && later.record.id === record.id, true);
      assert.deepEqual((await s.briefings.running()).map((r) => r.id), [record.id, later.record.id]);

      // Participant tokens (hashes only): saved, replaced, looked up per briefing; survive a restart.
      const h1 = createHash("sha256").update("prp_one").digest("hex");
      const h2 = createHash("sha256").update("prp_two").digest("hex");
      await s.briefings.saveParticipantToken(record.id, "p1", h1);
      assert.equal(await s.briefings.participantForTokenHash(record.id, h1), "p1");
      assert.equal(await s.briefings.participantForTokenHash(later.record.id, h1), null);
      await s.briefings.saveParticipantToken(record.id, "p1", h2); // a fresh token replaces the old one
      assert.equal(await s.briefings.participantForTokenHash(record.id, h1), null);
      assert.equal(await s.briefings.participantForTokenHash(record.id, h2), "p1");
      assert.equal(await s.briefings.participantForTokenHash(record.id, "not-a-hash"), null);
      await rejects(s.briefings.saveParticipantToken(record.id, "p2", h2), "PRESSROOM_E_CONFLICT");
      await rejects(s.briefings.saveParticipantToken(record.id, "p2", "ABC"), "PRESSROOM_E_BAD_REQUEST");
      await rejects(s.briefings.saveParticipantToken("bnope000000", "p2", h1), "PRESSROOM_E_NOT_FOUND");

      await rejects(s.briefings.create({ ...SETUP, title: " " }, { createdBy: null }), "PRESSROOM_E_BAD_REQUEST");
      await rejects(s.briefings.create({ ...SETUP, operatorId: "mod" }, { createdBy: null }), "PRESSROOM_E_BAD_REQUEST");
      await rejects(s.briefings.list({ limit: 0 }), "PRESSROOM_E_BAD_REQUEST");
      await rejects(s.briefings.apply("bnope000000", LOG[0]!.command, T0), "PRESSROOM_E_NOT_FOUND");
      await rejects(s.briefings.setItem("bnope000000", "x"), "PRESSROOM_E_NOT_FOUND");
      await rejects(s.briefings.eventsAfter(record.id, -1), "PRESSROOM_E_BAD_REQUEST");
      assert.deepEqual(await s.briefings.eventsAfter("bnope000000", 0), []);
      assert.equal(await s.briefings.state("bnope000000"), null);
    } finally {
      await s.close();
      await h.done();
    }
  });

  test(`${dialect}: a restart mid-call loses nothing; retries answer as the first time; the stored log replays to the stored state`, async (t) => {
    const clock = fixedClock(T0);
    const h = await make(clock);
    if (!h) return t.skip("PostgreSQL is not reachable on 127.0.0.1:5432");
    let s = await h.open();
    try {
      const { record } = await s.briefings.create(SETUP, { createdBy: null });
      const id = record.id;
      const half = 12; // after j2 dropped and the first line opened
      const firstResults = [];
      for (const e of LOG.slice(0, half)) firstResults.push(await s.briefings.apply(id, e.command, e.now));
      await s.briefings.saveParticipantToken(id, "j1", TOKEN_HASH);
      assert.ok(firstResults.every((r) => r.ok));
      const before = await s.briefings.state(id);
      assert.deepEqual(before, plain(expectedState(LOG.slice(0, half))));
      assert.equal((await s.briefings.get(id))!.phase, "open");

      // "Restart": close the store, open a new one on the same database (no cache).
      await s.close();
      s = await h.open();
      assert.deepEqual(await s.briefings.state(id), before);
      assert.equal(await s.briefings.participantForTokenHash(id, TOKEN_HASH), "j1");
      // A retry of a command applied before the restart returns its first result.
      const retry = await s.briefings.apply(id, LOG[10]!.command, LOG[10]!.now + 5_000);
      assert.ok(retry.ok && firstResults[10]!.ok);
      assert.equal(retry.retried, true);
      assert.deepEqual(retry.effects, plain(firstResults[10]!.effects));
      // The same id with another command is refused, and nothing is stored for it.
      const reused = await s.briefings.apply(id, { ...LOG[10]!.command, type: "close" } as Command, T0 + 100_000);
      assert.equal(reused.ok, false);
      assert.equal(!reused.ok && reused.error.code, "PRESSROOM_E_BRIEFING_COMMAND_ID_REUSED");

      const rest = [];
      for (const e of LOG.slice(half)) rest.push(await s.briefings.apply(id, e.command, e.now));
      // One command of the script is refused on purpose (a hand after last question).
      assert.deepEqual(rest.map((r) => (r.ok ? "ok" : r.error.code)).filter((c) => c !== "ok"), ["PRESSROOM_E_BRIEFING_QUEUE_CLOSED"]);
      const final = await s.briefings.state(id);
      assert.equal(final!.phase, "closed");
      assert.deepEqual(final, plain(expectedState()));
      // The stored log holds the accepted commands only, and replays to the stored state.
      const log = await s.briefings.log(id);
      assert.equal(log.length, LOG.length - 1);
      assert.deepEqual(replay(createBriefing(SETUP) as BriefingState, log).state, final);
      // Events: all of them, in order, and paging.
      const events = await s.briefings.eventsAfter(id, 0);
      assert.deepEqual(events, final!.log);
      assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1));
      assert.deepEqual(await s.briefings.eventsAfter(id, 10, 3), final!.log.slice(10, 13));

      // Another restart: the cold state (rebuilt from rows) equals the warm one.
      await s.close();
      s = await h.open();
      assert.deepEqual(await s.briefings.state(id), final);
      assert.deepEqual(await s.briefings.running(), []);
      assert.deepEqual((await s.briefings.unpublished()).map((r) => r.id), [id]);
      await s.briefings.setItem(id, "background-briefing-on-the-harbor-accord-talks-0a1b2c3d");
      assert.equal((await s.briefings.get(id))!.itemId, "background-briefing-on-the-harbor-accord-talks-0a1b2c3d");
      assert.deepEqual(await s.briefings.unpublished(), []);
      // Closed: everything new is refused, retries still answered.
      const late = await s.briefings.apply(id, { commandId: "late", actor: { id: "mod", role: "moderator" }, type: "open" }, T0 + 999_000);
      assert.equal(!late.ok && late.error.code, "PRESSROOM_E_BRIEFING_CLOSED");
      const again = await s.briefings.apply(id, LOG[LOG.length - 1]!.command, T0 + 999_000);
      assert.ok(again.ok && again.retried && again.effects[0]!.type === "call_closed");
    } finally {
      await s.close();
      await h.done();
    }
  });

  test(`${dialect}: refusals store nothing; two stores on one database take turns on one briefing`, async (t) => {
    const clock = fixedClock(T0);
    const h = await make(clock);
    if (!h) return t.skip("PostgreSQL is not reachable on 127.0.0.1:5432");
    const a = await h.open();
    const b = await h.open();
    try {
      const { record } = await a.briefings.create(SETUP, { createdBy: null });
      const id = record.id;
      const bad = await a.briefings.apply(id, { commandId: "x1", actor: { id: "op", role: "operator" }, type: "open" }, T0);
      assert.equal(!bad.ok && bad.error.code, "PRESSROOM_E_BRIEFING_WRONG_ROLE");
      const junk = await a.briefings.apply(id, { hello: "world" }, T0);
      assert.equal(!junk.ok && junk.error.code, "PRESSROOM_E_BRIEFING_BAD_COMMAND");
      assert.deepEqual(await a.briefings.log(id), []);
      assert.deepEqual(await a.briefings.eventsAfter(id, 0), []);
      // The refused id is free for a good command.
      const ok = await a.briefings.apply(id, { commandId: "x1", actor: { id: "mod", role: "moderator" }, type: "open" }, T0);
      assert.ok(ok.ok && !ok.retried);

      // Alternate between the stores (each sees the other's writes), then race them.
      for (let i = 0; i < 10; i++) {
        const s = i % 2 === 0 ? a : b;
        const r = await s.briefings.apply(id, { commandId: `j${i}`, actor: { id: `j${i}`, role: "journalist" }, type: "join", name: `Reporter ${i}`, outlet: null }, T0 + i);
        assert.ok(r.ok, `join ${i}`);
      }
      // Race them: on PostgreSQL across the two stores (the row lock queues them); on SQLite within
      // one store (one connection per process; two connections of one process cannot wait on each other).
      const racer = (i: number) => (dialect === "postgres" && i % 2 === 1 ? b : a);
      const raced = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        racer(i).briefings.apply(id, { commandId: `r${i}`, actor: { id: `j${i}`, role: "journalist" }, type: "raise_hand" }, T0 + 100 + i)));
      assert.ok(raced.every((r) => r.ok && !r.retried));
      const sa = await a.briefings.state(id);
      const sb = await b.briefings.state(id);
      assert.deepEqual(sa, sb);
      assert.equal(sa!.queue.length, 10);
      assert.deepEqual(sa!.queue.map((q) => q.position), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.deepEqual(sa!.log.map((e) => e.seq), sa!.log.map((_, i) => i + 1));
      assert.deepEqual(replay(createBriefing(SETUP) as BriefingState, await a.briefings.log(id)).state, sa);
    } finally {
      await a.close();
      await b.close();
      await h.done();
    }
  });

  test(`${dialect}: a command after 2,000 events stays fast and the snapshot does not grow with the log`, async (t) => {
    const clock = fixedClock(T0);
    const h = await make(clock);
    if (!h) return t.skip("PostgreSQL is not reachable on 127.0.0.1:5432");
    let s = await h.open();
    try {
      const { record } = await s.briefings.create(SETUP, { createdBy: null });
      const id = record.id;
      let n = 0;
      const cmd = (actor: string, role: string, body: Record<string, unknown>) => ({ commandId: `k${++n}`, actor: { id: actor, role }, ...body });
      await s.briefings.apply(id, cmd("mod", "moderator", { type: "open" }), T0);
      for (let j = 0; j < 20; j++) await s.briefings.apply(id, cmd(`j${j}`, "journalist", { type: "join", name: `Reporter ${j}`, outlet: "Wire" }), T0);
      const snapSmall = (await h.snapshot(id)).length;
      for (let seq = 0; seq < 2_000;) {
        const j = `j${n % 20}`;
        let r = await s.briefings.apply(id, cmd(j, "journalist", { type: "raise_hand" }), T0 + n);
        if (!r.ok) r = await s.briefings.apply(id, cmd(j, "journalist", { type: "withdraw_hand" }), T0 + n);
        assert.ok(r.ok);
        seq = r.state.seq;
      }
      const seqBefore = (await s.briefings.state(id))!.seq;
      assert.ok(seqBefore >= 2_000, `events: ${seqBefore}`);
      const snapBig = (await h.snapshot(id)).length;
      const logBytes = JSON.stringify((await s.briefings.state(id))!.log).length;
      // The snapshot holds the queue and the journalists, not the 2,000 events.
      assert.ok(snapBig < 10_000 && logBytes > 200_000, `snapshot ${snapSmall} → ${snapBig} bytes; events ${logBytes} bytes`);

      const time = async (k: number) => {
        const ms: number[] = [];
        for (let i = 0; i < k; i++) {
          const j = `j${i % 20}`;
          const t0 = performance.now();
          const r = await s.briefings.apply(id, cmd(j, "journalist", { type: "raise_hand" }), T0 + 10_000 + n);
          if (!r.ok) await s.briefings.apply(id, cmd(j, "journalist", { type: "withdraw_hand" }), T0 + 10_000 + n);
          ms.push(performance.now() - t0);
        }
        return ms.sort((x, y) => x - y)[Math.floor(k / 2)]!;
      };
      const warm = await time(100);
      const warmState = await s.briefings.state(id);
      assert.notEqual((await s.briefings.log(id)).length % SNAPSHOT_EVERY, 0); // the restart below replays log rows after the snapshot
      await s.close();
      s = await h.open();
      const t0 = performance.now();
      assert.deepEqual(await s.briefings.state(id), plain(warmState));
      const cold = performance.now() - t0;
      await s.briefings.apply(id, cmd("mod", "moderator", { type: "last_question" }), T0 + 20_000 + n);
      t.diagnostic(`${dialect}: ${seqBefore} prior events; median warm apply ${warm.toFixed(2)} ms; first read after restart (rebuild) ${cold.toFixed(1)} ms; snapshot ${snapBig} bytes`);
      // Generous bounds (a shared 2-core machine): the point is no O(events) rewrite per command.
      assert.ok(warm < (dialect === "postgres" ? 150 : 25), `median warm apply ${warm} ms`);
      assert.ok(cold < 2_000, `cold read ${cold} ms`);
      assert.equal((await s.briefings.state(id))!.phase, "last_question");
    } finally {
      await s.close();
      await h.done();
    }
  });
}

suite(sqliteHarness, "sqlite");
suite(pgHarness, "postgres");

