/**
 * The briefing service on a real SQLite file: the scripted call pushed to subscribers in
 * order, commands of one briefing serialised when sent all at once, grace-period ticks from
 * the fixed clock (`runDue`) and from real timers, the embargo notice, a restart (new store
 * and service on the same file: timers re-armed, retries answered), and bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBriefing, replay, type BriefingEvent, type BriefingSetup, type BriefingState } from "../../src/briefing/index.js";
import { createBriefingService, type BriefingService } from "../../src/briefing/service.js";
import { fixedClock, systemClock, type Clock } from "../../src/core/clock.js";
import { isPressroomError } from "../../src/core/errors.js";
import { openTestStore, rawQuery, TEST_DIALECT } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { LOG, SETUP, T0 } from "./scripted-call.js";

async function withStore(clock: Clock, fn: (open: () => Promise<Store>) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pressroom-b1-svc-"));
  const opened: Store[] = [];
  try {
    await fn(async () => { const s = await openTestStore({ file: join(dir, "test.db"), clock }); opened.push(s); return s; });
  } finally {
    for (const s of opened) await s.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const cmd = (commandId: string, actor: { id: string; role: string }, body: Record<string, unknown>) => ({ commandId, actor, ...body });
const MOD = { id: "mod", role: "moderator" };
const OP = { id: "op", role: "operator" };
const J = (id: string) => ({ id, role: "journalist" });

function collector(service: BriefingService, id: string) {
  const got: { events: BriefingEvent[]; seq: number }[] = [];
  const stop = service.subscribe(id, (events, state) => got.push({ events, seq: state.seq }));
  return { got, stop, all: () => got.flatMap((g) => g.events) };
}

test("the scripted call through the service: every accepted event pushed once, in seq order; views and events for reconnects", async () => {
  const clock = fixedClock(T0 - 60_000);
  await withStore(clock, async (open) => {
    const store = await open();
    const service = createBriefingService({ store: store.briefings, clock, timers: false, onError: (m, d) => assert.fail(`${m} ${JSON.stringify(d)}`) });
    const { record, accessCode } = await service.create(SETUP, { userId: 3 });
    assert.equal(record.createdBy, 3);
    assert.equal(await service.checkAccessCode(record.id, accessCode), true);
    assert.equal(await service.checkAccessCode(record.id, "00000000") && accessCode !== "00000000", false);
    const c = collector(service, record.id);
    for (const e of LOG) {
      clock.set(e.now);
      await service.command(record.id, e.command);
    }
    const expected = plain(replay(createBriefing(SETUP) as BriefingState, LOG).state);
    const state = await service.state(record.id);
    assert.deepEqual(plain(state), expected);
    assert.deepEqual(plain(c.all()), expected.log);
    // Every push carries the state after its events.
    for (const g of c.got) assert.equal(g.seq, g.events[g.events.length - 1]!.seq);
    assert.deepEqual(await service.eventsAfter(record.id, 40), state!.log.slice(40));
    assert.deepEqual(await service.eventsAfter(record.id, state!.seq), []);
    await assert.rejects(service.eventsAfter(record.id, 1.5), (e: unknown) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));

    const listener = await service.view(record.id, { role: "listener" });
    assert.equal(listener!.phase, "closed");
    assert.equal(listener!.embargoLifted, true);
    assert.ok(!JSON.stringify(listener).includes("Quillfeather"));
    const j1 = await service.view(record.id, { role: "journalist", id: "j1" });
    assert.equal(j1!.queue, null);
    assert.equal(await service.view("bnope000000", { role: "listener" }), null);
    assert.equal(await service.state("bnope000000"), null);
    assert.deepEqual((await service.list()).map((r) => r.id), [record.id]);
    assert.equal((await service.get(record.id))!.phase, "closed");

    // A retry pushes nothing again; an unknown briefing is NOT_FOUND; after close() the service refuses.
    const before = c.got.length;
    const retry = await service.command(record.id, LOG[3]!.command);
    assert.ok(retry.ok && retry.retried);
    assert.equal(c.got.length, before);
    await assert.rejects(service.command("bnope000000", LOG[0]!.command), (e: unknown) => isPressroomError(e, "PRESSROOM_E_NOT_FOUND"));
    c.stop();
    await service.close();
    await assert.rejects(service.command(record.id, LOG[0]!.command), (e: unknown) => isPressroomError(e, "PRESSROOM_E_CONFLICT"));
  });
});

test("commands sent at once for one briefing are applied one at a time: pushes never interleave, seq has no gap", async () => {
  const clock = fixedClock(T0);
  await withStore(clock, async (open) => {
    const store = await open();
    // The real store with a random delay before each write (as a pool of PostgreSQL connections
    // would give): without the service's per-briefing order, commands would overtake each other.
    const jittery = Object.create(store.briefings) as typeof store.briefings;
    jittery.apply = async (id, command, now) => {
      await new Promise((r) => setTimeout(r, Math.random() * 4));
      return store.briefings.apply(id, command, now);
    };
    const service = createBriefingService({ store: jittery, clock, timers: false });
    const a = (await service.create(SETUP, { userId: null })).record.id;
    const b = (await service.create({ ...SETUP, title: "Second Call" }, { userId: null })).record.id;
    const ca = collector(service, a);
    const cb = collector(service, b);
    await Promise.all([service.command(a, cmd("o", MOD, { type: "open" })), service.command(b, cmd("o", MOD, { type: "open" }))]);
    const n = 30;
    const sent: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      // join and raise without waiting: the raise must see the join before it
      sent.push(service.command(a, cmd(`j${i}`, J(`j${i}`), { type: "join", name: `Reporter ${i}`, outlet: null })));
      sent.push(service.command(a, cmd(`r${i}`, J(`j${i}`), { type: "raise_hand" })));
      sent.push(service.command(b, cmd(`j${i}`, J(`k${i}`), { type: "join", name: `Other ${i}`, outlet: "Wire" })));
    }
    const results = (await Promise.all(sent)) as { ok: boolean }[];
    assert.ok(results.every((r) => r.ok));
    const seqs = ca.all().map((e) => e.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
    assert.equal(seqs.length, 1 + 2 * n);
    assert.deepEqual(cb.all().map((e) => e.seq), Array.from({ length: 1 + n }, (_, i) => i + 1));
    const state = await service.state(a);
    assert.deepEqual(state!.queue.map((q) => q.participant), Array.from({ length: n }, (_, i) => `j${i}`));
    assert.deepEqual(plain(state), plain(await store.briefings.state(a)));
    await service.close();
  });
});

test("a dropped journalist's place is taken by a tick at graceUntil + 1 (fixed clock, runDue); a restart re-arms it", async () => {
  const clock = fixedClock(T0);
  await withStore(clock, async (open) => {
    let store = await open();
    let service = createBriefingService({ store: store.briefings, clock, timers: false });
    const id = (await service.create(SETUP, { userId: null })).record.id; // graceMs 60 000
    for (const [k, c] of [
      ["o", cmd("o", MOD, { type: "open" })], ["j1", cmd("j1", J("j1"), { type: "join", name: "Ada", outlet: null })],
      ["j2", cmd("j2", J("j2"), { type: "join", name: "Bram", outlet: null })], ["r1", cmd("r1", J("j1"), { type: "raise_hand" })],
      ["r2", cmd("r2", J("j2"), { type: "raise_hand" })],
    ] as const) assert.ok((await service.command(id, c)).ok, k);
    const dropped = await service.command(id, cmd("d1", { id: "bridge", role: "system" }, { type: "drop", participant: "j1" }));
    assert.ok(dropped.ok);
    const graceUntil = T0 + 60_000;
    assert.equal(await service.runDue(), 0);

    // Restart before the grace period ends: a new store and service on the same file.
    await service.close();
    await store.close();
    store = await open();
    service = createBriefingService({ store: store.briefings, clock, timers: false });
    await service.start();
    const c = collector(service, id);
    clock.set(graceUntil);
    assert.equal(await service.runDue(), 0); // inclusive bound: still the place
    assert.deepEqual((await service.state(id))!.queue.map((q) => q.participant), ["j1", "j2"]);
    clock.set(graceUntil + 1);
    assert.equal(await service.runDue(), 1);
    assert.deepEqual(c.all().map((e) => e.type), ["place_lost"]);
    assert.deepEqual((c.all()[0] as { participant: string }).participant, "j1");
    assert.deepEqual((await service.state(id))!.queue.map((q) => q.participant), ["j2"]);
    assert.equal(await service.runDue(), 0); // nothing left to do
    // The tick is in the stored log like any command: replay gives the state.
    assert.deepEqual(replay(createBriefing(SETUP) as BriefingState, await store.briefings.log(id)).state, plain(await service.state(id)));
    await service.close();
  });
});

test("real timers: place_lost is pushed when a short grace period ends, without any other command", async () => {
  await withStore(systemClock, async (open) => {
    const store = await open();
    const service = createBriefingService({ store: store.briefings, clock: systemClock });
    const setup: BriefingSetup = { ...SETUP, graceMs: 150 };
    const id = (await service.create(setup, { userId: null })).record.id;
    await service.command(id, cmd("o", MOD, { type: "open" }));
    await service.command(id, cmd("j1", J("j1"), { type: "join", name: "Ada", outlet: null }));
    await service.command(id, cmd("r1", J("j1"), { type: "raise_hand" }));
    const lost = new Promise<number>((resolve) => {
      service.subscribe(id, (events) => { if (events.some((e) => e.type === "place_lost")) resolve(Date.now()); });
    });
    const d = await service.command(id, cmd("d1", J("j1"), { type: "drop" }));
    assert.ok(d.ok);
    const graceUntil = (d.effects[0] as { graceUntil: number }).graceUntil;
    const at = await Promise.race([lost, new Promise<number>((_, rej) => setTimeout(() => rej(new Error("no place_lost within 3 s")), 3_000))]);
    assert.ok(at > graceUntil, `pushed at ${at}, grace until ${graceUntil}`);
    assert.ok(at - graceUntil < 1_000, `pushed ${at - graceUntil} ms late`);
    assert.deepEqual((await service.state(id))!.queue, []);
    await service.close();
  });
});

test("an embargo given as a time: listeners are told when it lifts (a push without events)", async () => {
  const clock = fixedClock(T0);
  await withStore(clock, async (open) => {
    const store = await open();
    const service = createBriefingService({ store: store.briefings, clock, timers: false });
    const until = T0 + 3_600_000;
    const id = (await service.create({ ...SETUP, groundRules: { ...SETUP.groundRules, embargo: { until } } }, { userId: null })).record.id;
    await service.command(id, cmd("o", MOD, { type: "open" }));
    await service.command(id, cmd("t", { id: "steno", role: "stenographer" }, { type: "add_turn", speaker: "mod", text: "Welcome." }));
    await service.command(id, cmd("c", MOD, { type: "close" }));
    const pushes: number[] = [];
    service.subscribe(id, (events) => pushes.push(events.length));
    assert.equal((await service.view(id, { role: "listener" }))!.turns, null);
    clock.set(until - 1);
    await service.runDue();
    assert.deepEqual(pushes, []);
    clock.set(until);
    await service.runDue();
    assert.deepEqual(pushes, [0]);
    assert.equal((await service.view(id, { role: "listener" }))!.turns!.length, 1);
    await service.runDue();
    assert.deepEqual(pushes, [0]);
    await service.close();
  });
});

test("bad input: a command that is not one is refused without storing anything; a bad set-up is a clear error", async () => {
  const clock = fixedClock(T0);
  await withStore(clock, async (open) => {
    const store = await open();
    const service = createBriefingService({ store: store.briefings, clock, timers: false });
    const id = (await service.create(SETUP, { userId: null })).record.id;
    const c = collector(service, id);
    for (const bad of [null, "open", [], { commandId: "x" }, { commandId: "x", actor: { id: "mod", role: "boss" }, type: "open" }, cmd("x", MOD, { type: "explode" })]) {
      const r = await service.command(id, bad);
      assert.equal(!r.ok && r.error.code, "PRESSROOM_E_BRIEFING_BAD_COMMAND", JSON.stringify(bad));
    }
    assert.deepEqual(c.got, []);
    assert.deepEqual(await store.briefings.log(id), []);
    await assert.rejects(service.command("", cmd("x", MOD, { type: "open" })), (e: unknown) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));
    await assert.rejects(service.create({ ...SETUP, officials: [{ id: "mod", realName: "X", label: "Y" }] } as BriefingSetup, { userId: null }),
      (e: unknown) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST") && /distinct ids/.test(e.message));
    await service.close();
  });
});

test("two processes on one database with a bus: each pushes every event once, in order, including the other's (late notices too)", async () => {
  const clock = fixedClock(T0);
  await withStore(clock, async (open) => {
    // A bus that holds notices until flushed, so a process can apply a command before it heard of the other's.
    const handlers: ((id: string, seq: number) => void)[] = [];
    const held: [string, number][] = [];
    const bus = { publish: (id: string, seq: number) => { held.push([id, seq]); }, onNotice: (fn: (id: string, seq: number) => void) => { handlers.push(fn); } };
    const flush = async () => {
      for (const [id, seq] of held.splice(0)) for (const h of handlers) h(id, seq);
      await Promise.all([a.idle(), b.idle()]);
    };
    const storeA = await open();
    const storeB = await open();
    const a = createBriefingService({ store: storeA.briefings, clock, timers: false, bus });
    const b = createBriefingService({ store: storeB.briefings, clock, timers: false, bus });
    const id = (await a.create(SETUP, { userId: null })).record.id;
    await b.view(id, { role: "operator" }); // a client of B connected before the call opened
    const ca = collector(a, id);
    const cb = collector(b, id);
    await a.command(id, cmd("o", MOD, { type: "open" }));
    await a.command(id, cmd("j1", J("j1"), { type: "join", name: "Ada", outlet: null }));
    await flush();
    assert.deepEqual(cb.all().map((e) => e.seq), [1, 2]);
    // B applies a command before A's next notice arrives: B's push carries A's event first.
    await a.command(id, cmd("r1", J("j1"), { type: "raise_hand" }));
    await b.command(id, cmd("ol", OP, { type: "open_line" }));
    assert.deepEqual(cb.all().map((e) => e.seq), [1, 2, 3, 4, 5]);
    await flush(); // the late notices change nothing for B; A catches up with B's command
    assert.deepEqual(cb.all().map((e) => e.seq), [1, 2, 3, 4, 5]);
    assert.deepEqual(ca.all().map((e) => e.seq), [1, 2, 3, 4, 5]);
    assert.deepEqual(ca.all().map((e) => e.type), ["call_opened", "journalist_joined", "hand_raised", "line_opened", "turn_added"]);
    assert.deepEqual(plain(await a.state(id)), plain(await b.state(id)));
    await flush();
    assert.equal(ca.all().length, 5);
    await a.close();
    await b.close();
  });
});

test("two processes on one database: reads racing another process's commits are consistent; every event reaches the other process's listeners once, in order", async () => {
  const clock = fixedClock(T0);
  await withStore(clock, async (open) => {
    const storeA = await open();
    const storeB = await open();
    const storeC = await open();
    // A's notices reach B at once (as soon as A has committed), while A keeps committing.
    const handlers: ((id: string, seq: number) => void)[] = [];
    const busA = { publish: (id: string, seq: number) => { for (const h of handlers) h(id, seq); }, onNotice: () => {} };
    const busB = { publish: () => {}, onNotice: (fn: (id: string, seq: number) => void) => { handlers.push(fn); } };
    const a = createBriefingService({ store: storeA.briefings, clock, timers: false, bus: busA });
    const b = createBriefingService({ store: storeB.briefings, clock, timers: false, bus: busB });
    const id = (await a.create(SETUP, { userId: null })).record.id;
    await a.command(id, cmd("o", MOD, { type: "open" }));
    await b.view(id, { role: "operator" });
    const cb = collector(b, id);
    const N = 120;
    let writing = true;
    const writes = (async () => {
      try {
        await Promise.all(Array.from({ length: N }, (_, i) =>
          a.command(id, cmd(`t${i}`, { id: "steno", role: "stenographer" }, { type: "add_turn", speaker: "off1", text: `Turn ${i}` }))));
      } finally { writing = false; }
    })();
    // A third process reads cold states while A writes: each must be one version (seq = log length).
    const bad: string[] = [];
    let reads = 0;
    while (writing) {
      const s = await storeC.briefings.state(id);
      reads++;
      if (!s || s.seq !== s.log.length || s.log.some((e, i) => e.seq !== i + 1)) bad.push(`seq ${s?.seq} with ${s?.log.length} events`);
    }
    await writes;
    await b.idle();
    assert.ok(reads > 1, "C read while A wrote");
    assert.deepEqual(bad, []);
    // B's listeners got events 2..N+1 (1 = call_opened, before they subscribed), each once, in order.
    const seqs = cb.all().map((e) => e.seq);
    assert.deepEqual(seqs, Array.from({ length: N }, (_, i) => i + 2));
    const sb = await b.state(id);
    assert.equal(sb?.seq, N + 1);
    assert.equal(sb?.log.length, N + 1);
    await a.close();
    await b.close();
  });
});
