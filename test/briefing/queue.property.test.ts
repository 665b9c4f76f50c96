/**
 * Property: random sequences of join, raise, withdraw, drop, rejoin, open line, reorder,
 * skip, remove, last question, close (and retries of earlier commands, and commands from
 * the wrong role) never break the queue's invariants (issue 7, "Proof"):
 * no one twice in the queue; order kept except by reorder and skip; nobody served after
 * close; no new hand after last question; a dropped journalist keeps their place within
 * grace; a refused command and a retry change nothing; `apply` never changes its input;
 * the state survives JSON; replaying the command log gives the same state.
 *
 * Fixed seed; `PRESSROOM_PROPERTY_RUNS` (default 300) sets the number of sequences.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { apply, createBriefing, isBriefingError, replay, type Actor, type BriefingState, type Command, type CommandBody, type LogEntry } from "../../src/briefing/index.js";
import { SETUP, T0 } from "./scripted-call.js";

const RUNS = Number(process.env.PRESSROOM_PROPERTY_RUNS ?? 300);
const SEED = process.env.PRESSROOM_PROPERTY_SEED ? Number(process.env.PRESSROOM_PROPERTY_SEED) : 20261129;
const GRACE = SETUP.graceMs!;
const PEOPLE = ["j1", "j2", "j3", "j4"];

type Gen =
  | { kind: "cmd"; dt: number; actor: Actor; body: CommandBody }
  | { kind: "retry"; dt: number; back: number };

const person = fc.constantFrom(...PEOPLE);
const journalist = person.map((id): Actor => ({ id, role: "journalist" }));
const dt = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 15_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 * GRACE }) });
const MOD: Actor = { id: "mod", role: "moderator" };
const OP: Actor = { id: "op", role: "operator" };
const anyActor = fc.oneof(journalist, fc.constantFrom<Actor>(MOD, OP, { id: "steno", role: "stenographer" }, { id: "bridge", role: "system" }, { id: "intruder", role: "operator" }));

const cmd = (actor: fc.Arbitrary<Actor>, body: fc.Arbitrary<CommandBody>): fc.Arbitrary<Gen> =>
  fc.record({ dt, actor, body }).map((g) => ({ kind: "cmd" as const, ...g }));

const genStep: fc.Arbitrary<Gen> = fc.oneof(
  { weight: 4, arbitrary: cmd(journalist, person.map((p) => ({ type: "join" as const, name: `Name ${p}`, outlet: p === "j4" ? null : `Outlet ${p}` }))) },
  { weight: 8, arbitrary: cmd(journalist, fc.constant({ type: "raise_hand" as const })) },
  { weight: 2, arbitrary: cmd(journalist, fc.constant({ type: "withdraw_hand" as const })) },
  { weight: 3, arbitrary: cmd(journalist, fc.constant({ type: "drop" as const })) },
  { weight: 2, arbitrary: cmd(fc.constant<Actor>({ id: "bridge", role: "system" }), person.map((p) => ({ type: "drop" as const, participant: p }))) },
  { weight: 4, arbitrary: cmd(journalist, fc.constant({ type: "rejoin" as const })) },
  { weight: 1, arbitrary: cmd(fc.constant<Actor>({ id: "bridge", role: "system" }), fc.constant({ type: "tick" as const })) },
  { weight: 5, arbitrary: cmd(fc.constant(OP), fc.option(person, { nil: undefined }).map((p) => (p ? { type: "open_line" as const, participant: p } : { type: "open_line" as const }))) },
  { weight: 2, arbitrary: cmd(fc.constant(OP), fc.record({ participant: person, position: fc.integer({ min: 1, max: 5 }) }).map((r) => ({ type: "reorder" as const, ...r }))) },
  { weight: 2, arbitrary: cmd(fc.constant(OP), fc.option(person, { nil: undefined }).map((p) => (p ? { type: "skip" as const, participant: p } : { type: "skip" as const }))) },
  { weight: 1, arbitrary: cmd(fc.constant(OP), person.map((p) => ({ type: "remove" as const, participant: p }))) },
  { weight: 1, arbitrary: cmd(fc.constant(OP), fc.record({ participant: person, muted: fc.boolean() }).map((r) => ({ type: "mute" as const, ...r }))) },
  { weight: 1, arbitrary: cmd(fc.constant(MOD), fc.constant({ type: "last_question" as const })) },
  { weight: 1, arbitrary: cmd(anyActor, fc.constantFrom<CommandBody>({ type: "open" }, { type: "open_line" }, { type: "raise_hand" }, { type: "last_question" })) },
  { weight: 3, arbitrary: fc.record({ dt, back: fc.nat({ max: 40 }) }).map((g) => ({ kind: "retry" as const, ...g })) },
);

const order = (s: BriefingState): string[] => s.queue.map((e) => e.participant);

/** The order `after` keeps of the participants it shares with `before`. */
function sameRelativeOrder(before: string[], after: string[]): boolean {
  const common = before.filter((p) => after.includes(p));
  const kept = after.filter((p) => before.includes(p));
  return common.join(",") === kept.join(",");
}

function checkState(s: BriefingState): void {
  const q = order(s);
  assert.equal(new Set(q).size, q.length, `someone twice in the queue: ${q}`);
  s.queue.forEach((e, i) => assert.equal(e.position, i + 1, "positions are 1..n in order"));
  for (const p of q) {
    const j = s.journalists.find((x) => x.id === p);
    assert.ok(j && !j.removed, `${p} in the queue but not a journalist in the call`);
  }
  if (s.current !== null) assert.ok(!q.includes(s.current), "the journalist with the floor is not also waiting");
  if (s.phase === "closed") assert.equal(s.current, null);
  s.log.forEach((e, i) => assert.equal(e.seq, i + 1, "events numbered 1..n"));
  assert.equal(s.seq, s.log.length);
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s, "the state is plain JSON");
}

test("property: random calls never break the queue invariants, and replay gives the same state", () => {
  const seen = new Map<string, number>();
  const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
  fc.assert(
    fc.property(fc.array(genStep, { minLength: 5, maxLength: 80, size: "medium" }), fc.boolean(), fc.shuffledSubarray(PEOPLE, { minLength: 2 }), fc.oneof({ weight: 3, arbitrary: fc.constant(1000) }, { weight: 2, arbitrary: fc.nat({ max: 90 }) }), (steps, openFirst, early, closeAt) => {
      const initial = createBriefing(SETUP);
      assert.ok(!isBriefingError(initial));
      let s: BriefingState = initial;
      let now = T0;
      const log: LogEntry[] = [];
      const accepted = new Map<string, { effects: unknown }>();
      let n = 0;
      // Most calls open first and have some journalists dialled in early; the rest start cold.
      const prefix: Gen[] = early.map((p) => ({ kind: "cmd", dt: 0, actor: { id: p, role: "journalist" }, body: { type: "join", name: `Name ${p}`, outlet: `Outlet ${p}` } }));
      // The moderator closes the call once, somewhere (or after the end); the steps after it must all be refused.
      const body: Gen[] = [...steps.slice(0, closeAt), { kind: "cmd", dt: 1000, actor: MOD, body: { type: "close" } }, ...steps.slice(closeAt)];
      const steps2: Gen[] = openFirst ? [...prefix, { kind: "cmd", dt: 0, actor: MOD, body: { type: "open" } }, ...body] : body;
      for (const g of steps2) {
        now += g.dt;
        let command: Command;
        if (g.kind === "retry") {
          const earlier = log[log.length - 1 - g.back];
          if (!earlier) continue;
          command = earlier.command;
        } else {
          command = { commandId: `k${++n}`, actor: g.actor, ...g.body } as Command;
        }
        const before = s;
        const frozen = JSON.stringify(before);
        const r = apply(before, command, now);
        log.push({ command, now });
        assert.equal(JSON.stringify(before), frozen, "apply never changes its input");
        if (!r.ok) {
          count(r.error.code);
          assert.match(r.error.code, /^PRESSROOM_E_BRIEFING_/);
          continue; // the state stays `before`
        }
        const firstTime = accepted.get(command.commandId);
        for (const e of r.effects) count(e.type === "connection_restored" ? `restored:${e.placeKept}` : e.type === "hand_raised" ? `raised:${e.reason}` : e.type);
        if (firstTime) {
          count("retry");
          assert.ok(r.retried, "a command seen before is a retry");
          assert.equal(r.state, before, "a retry changes nothing");
          assert.deepEqual(r.effects, firstTime.effects, "a retry returns the first effects");
          continue;
        }
        assert.ok(!r.retried);
        accepted.set(command.commandId, { effects: r.effects });
        const after = r.state;
        checkState(after);
        const type = command.type;
        // nobody served (and nothing at all happens) after close
        assert.notEqual(before.phase, "closed", "no command is accepted once the call is closed");
        // no new hand after last question
        if (before.phase === "last_question") {
          assert.ok(!r.effects.some((e) => e.type === "hand_raised"), "no hand raised after last question");
          assert.ok(order(after).every((p) => order(before).includes(p)), "no one new in the queue after last question");
        }
        // order preserved except by explicit reorder / skip; new hands only at the back
        // (a place lost after grace counts as leaving the queue: a late rejoin raises the hand again at the back)
        const lost = new Set(r.effects.flatMap((e) => (e.type === "place_lost" ? [e.participant] : [])));
        const kept = order(before).filter((p) => !lost.has(p));
        if (type !== "reorder" && type !== "skip") {
          assert.ok(sameRelativeOrder(kept, order(after)), `${type} changed the queue order: ${order(before)} → ${order(after)}`);
          const added = order(after).filter((p) => !kept.includes(p));
          assert.deepEqual(order(after).slice(order(after).length - added.length), added, "new hands go to the back");
        }
        // a dropped journalist keeps their place within grace
        for (const e of before.queue) {
          const c = before.connections[e.participant];
          if (!c || c.status !== "dropped" || now > c.graceUntil) continue;
          const leftOnPurpose = (type === "remove" && command.participant === e.participant) || (type === "withdraw_hand" && command.actor.id === e.participant);
          if (!leftOnPurpose) assert.ok(order(after).includes(e.participant), `${e.participant} lost their place within grace (${type})`);
        }
        // a place lost only after grace
        for (const e of r.effects) {
          if (e.type !== "place_lost") continue;
          const c = before.connections[e.participant];
          assert.ok(c && c.status === "dropped" && now > c.graceUntil);
        }
        // an open line serves a connected journalist who was waiting
        for (const e of r.effects) {
          if (e.type !== "line_opened") continue;
          assert.ok(order(before).includes(e.participant));
          assert.notEqual(after.connections[e.participant]?.status, "dropped");
          assert.equal(after.current, e.participant);
        }
        s = after;
      }
      const again = replay(initial, log);
      assert.deepEqual(again.state, s, "replaying the command log gives the same state");
    }),
    { numRuns: RUNS, seed: SEED },
  );
  if (process.env.BRIEFING_DEBUG) console.log(Object.fromEntries(seen));
  // The generator must reach the situations the invariants are about.
  for (const k of ["line_opened", "place_lost", "restored:true", "restored:false", "raised:rejoined_after_grace", "queue_changed", "last_question", "call_closed", "retry",
    "PRESSROOM_E_BRIEFING_QUEUE_CLOSED", "PRESSROOM_E_BRIEFING_CLOSED", "PRESSROOM_E_BRIEFING_WRONG_ROLE", "PRESSROOM_E_BRIEFING_HAND_ALREADY_RAISED"]) {
    assert.ok((seen.get(k) ?? 0) > 0, `no run reached ${k}`);
  }
});
