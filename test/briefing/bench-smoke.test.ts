/**
 * Smoke test of `npm run bench:briefing` (src/bench/briefing.ts) with tiny numbers: a real
 * server child on loopback with a real SQLite store, real WebSocket clients. Checks the
 * result's shape and that every client saw what it must see of every accepted command; not timing.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runScenario, scenariosFromEnv, type ScenarioOptions } from "../../src/bench/briefing.js";
import { analyse, latencyStats, LoadClient, Tracker } from "../../src/bench/ws-clients.js";

test("two small briefings at once: every client gets what the filter says it must, and the result has its figures", async () => {
  const o: ScenarioOptions = { name: "smoke", briefings: 2, journalists: 3, listeners: 2, seconds: 3, warmupSeconds: 0, actionMs: 1500, lineMs: 1000, turnMs: 1000, seed: 7 };
  const r = await runScenario(o);
  assert.equal(r.name, "smoke");
  assert.equal(r.briefings, 2);
  assert.equal(r.connections, 2 * (3 + 2 + 3));
  assert.equal(r.drain.drained, true);
  const l = r.latency;
  assert.ok(l.commands >= 4, `only ${l.commands} commands measured`);
  assert.equal(l.unanswered, 0);
  // refusals can only be races of the random load (a line opened for a hand being withdrawn, an empty queue)
  const races = ["PRESSROOM_E_BRIEFING_NOT_IN_QUEUE", "PRESSROOM_E_BRIEFING_HAS_FLOOR", "PRESSROOM_E_BRIEFING_HAND_ALREADY_RAISED", "PRESSROOM_E_BRIEFING_QUEUE_EMPTY"];
  for (const code of Object.keys(l.refused)) assert.ok(races.includes(code), `refused with ${code}`);
  assert.equal(l.missing, 0, l.missingExamples.join("; "));
  // what the filter requires arrived; a turn and a line opened reach all 8 clients of a briefing, a hand its sender and the 3 staff at least
  assert.ok(l.deliveries === l.required + l.optional && l.actionToEach.samples === l.required);
  assert.equal(l.deliveriesByType.add_turn, l.byType.add_turn! * 8);
  assert.ok(l.deliveriesByType.raise_hand! >= l.byType.raise_hand! * 4);
  assert.equal(l.actionToAll.samples, l.commands);
  assert.ok(l.actionToAll.p50Ms > 0 && l.actionToAll.p99Ms >= l.actionToAll.p50Ms && l.actionToAll.maxMs >= l.actionToAll.p99Ms);
  assert.ok((l.byType.add_turn ?? 0) > 0 && (l.byType.raise_hand ?? 0) > 0, JSON.stringify(l.byType));
  assert.ok(r.delivered.messages > 0 && r.delivered.messagesPerSec > 0 && r.delivered.events >= l.commands);
  assert.ok(r.memory.after.heapUsed > 0 && r.memory.before.rss > 0);
  assert.equal(r.targetP99Ms, 100);
  assert.deepEqual(r.protocolProblems, { count: 0, examples: [] });
  assert.equal(r.met, l.actionToAll.p99Ms <= 100);
});

test("the environment knobs refuse bad values, naming the variable", () => {
  const saved = { ...process.env };
  try {
    process.env.BENCH_JOURNALISTS = "many";
    assert.throws(() => scenariosFromEnv(), /BENCH_JOURNALISTS must be a whole number >= 1, got "many"/);
    process.env.BENCH_JOURNALISTS = "5";
    process.env.BENCH_SECONDS = "0";
    assert.throws(() => scenariosFromEnv(), /BENCH_SECONDS must be a whole number >= 1/);
    process.env.BENCH_SECONDS = "3";
    process.env.BENCH_SCENARIOS = "single,huge";
    assert.throws(() => scenariosFromEnv(), /unknown scenario "huge"/);
    process.env.BENCH_SCENARIOS = "multi";
    process.env.BENCH_BRIEFINGS = "4";
    const s = scenariosFromEnv();
    assert.equal(s.length, 1);
    assert.deepEqual([s[0]!.name, s[0]!.briefings, s[0]!.journalists, s[0]!.seconds], ["multi", 4, 25, 3]);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
});

test("analyse: the slowest required client sets a command's latency; a required client that never got it is missing; others are counted, not timed", () => {
  const tracker = new Tracker(1);
  const a = new LoadClient(tracker, 0, "moderator", "moderator");
  const b = new LoadClient(tracker, 0, "listener", "l1");
  const c = new LoadClient(tracker, 0, "listener", "l2");
  const d = new LoadClient(tracker, 0, "listener", "l3");
  tracker.sent.set("x-1", { t: 100, briefing: 0, client: a, type: "open" });
  tracker.results.set("x-1", { t: 105, ok: true, code: null });
  tracker.sent.set("x-2", { t: 200, briefing: 0, client: a, type: "raise_hand" });
  tracker.results.set("x-2", { t: 204, ok: false, code: "PRESSROOM_E_BRIEFING_NOT_OPEN" });
  tracker.seqCommand[0]!.set(1, "x-1");
  tracker.seqType[0]!.set(1, "call_opened");
  a.recv.push(1, 104);
  b.recv.push(1, 130, 1, 150); // a second copy does not count
  d.recv.push(1, 900); // not required: shown later with something else
  const must = (client: LoadClient): boolean => client.id !== "l3";
  const r = analyse(tracker, [a, b, c, d], must, 0);
  assert.equal(r.commands, 1);
  assert.deepEqual(r.refused, { PRESSROOM_E_BRIEFING_NOT_OPEN: 1 });
  assert.equal(r.actionToAll.maxMs, 30);
  assert.deepEqual([r.actionToEach.samples, r.actionToEach.p50Ms, r.actionToEach.maxMs], [2, 4, 30]);
  assert.equal(r.actionToResult.maxMs, 5);
  assert.equal(r.missing, 1);
  assert.match(r.missingExamples[0]!, /listener l2 never got open x-1/);
  assert.deepEqual([r.deliveries, r.required, r.optional, r.deliveriesByType], [3, 3, 1, { open: 3 }]);
  // commands sent before the measuring window are left out
  assert.equal(analyse(tracker, [a, b, c, d], must, 150).commands, 0);
  assert.deepEqual(latencyStats([]).samples, 0);
  assert.deepEqual(latencyStats([3, 1, 2]), { samples: 3, p50Ms: 2, p90Ms: 3, p99Ms: 3, maxMs: 3, meanMs: 2 });
});
