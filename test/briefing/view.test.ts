/**
 * What each role may see of a call (`viewFor`): the queue for staff, one's own position for a
 * journalist, nothing for a listener until the embargo lifts; real names only for the moderator.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createBriefing, embargoLifted, isBriefingError, publicTranscript, replay, viewFor, type BriefingSetup, type BriefingState } from "../../src/briefing/index.js";
import { LOG, SETUP, T0 } from "./scripted-call.js";

function at(count: number, setup: BriefingSetup = SETUP): BriefingState {
  const initial = createBriefing(setup);
  assert.ok(!isBriefingError(initial));
  return replay(initial, LOG.slice(0, count)).state;
}

test("view: staff see the queue with names, outlets, positions, waiting time and connection", () => {
  const s = at(10); // three hands up, j2 dropped
  const now = T0 + 85_000;
  const v = viewFor(s, { role: "operator" }, now);
  assert.deepEqual(v.queue, [
    { participant: "j1", name: "Ada Pemberton", outlet: "Harbor Daily Ledger", position: 1, raisedAt: T0 + 70_000, waitingMs: 15_000, connected: true, muted: false },
    { participant: "j2", name: "Bram Okafor", outlet: "Northwind Radio", position: 2, raisedAt: T0 + 71_000, waitingMs: 14_000, connected: false, muted: false },
    { participant: "j3", name: "Celia Voss", outlet: "The Meridian Post", position: 3, raisedAt: T0 + 72_000, waitingMs: 13_000, connected: true, muted: false },
  ]);
  assert.equal(v.seq, s.seq);
  assert.equal(v.myPosition, null);
});

test("view: a journalist sees their own position and the queue's length, not the others", () => {
  const s = at(10);
  const v = viewFor(s, { role: "journalist", id: "j3" }, T0 + 85_000);
  assert.equal(v.queue, null);
  assert.equal(v.myPosition, 3);
  assert.equal(v.queueLength, 3);
  assert.equal(viewFor(s, { role: "journalist", id: "j9" }, T0).myPosition, null);
  assert.ok(v.turns && v.turns.length === 2, "journalists are in the call and follow it live");
});

test("view: real names only for the moderator on background", () => {
  const s = at(14);
  for (const role of ["operator", "stenographer", "listener"] as const) {
    const json = JSON.stringify(viewFor(s, { role }, T0 + 10_000_000));
    assert.ok(!/Marta|Quillfeather|Tobias|Wrenley/.test(json), role);
  }
  assert.ok(!/Quillfeather/.test(JSON.stringify(viewFor(s, { role: "journalist", id: "j1" }, T0))));
  const mod = viewFor(s, { role: "moderator" }, T0);
  assert.equal(mod.speakers.find((p) => p.id === "off1")!.name, "Marta Quillfeather");
});

test("view: a listener sees nothing of an embargoed call until it closes, or until the embargo time", () => {
  const running = at(20);
  const lv = viewFor(running, { role: "listener" }, T0 + 150_000);
  assert.equal(lv.embargoLifted, false);
  assert.equal(lv.turns, null);
  assert.deepEqual(lv.speakers, []);
  assert.equal(lv.queue, null);
  assert.equal(publicTranscript(running, T0 + 150_000), null);

  const closed = at(LOG.length);
  const after = viewFor(closed, { role: "listener" }, T0 + 200_000);
  assert.equal(after.embargoLifted, true);
  assert.equal(after.turns!.length, 15);
  assert.equal(after.turns![4]!.label, "SENIOR STATE DEPARTMENT OFFICIAL ONE");
  assert.deepEqual(after.speakers.map((p) => p.id), ["mod", "op", "off1", "off2", "j1", "j2", "j3"]);
  assert.equal(publicTranscript(closed, T0 + 200_000)!.turns.length, 15);

  const until = T0 + 3_600_000;
  const timed = at(20, { ...SETUP, groundRules: { ...SETUP.groundRules, embargo: { until } } });
  assert.equal(embargoLifted(timed, until - 1), false);
  assert.equal(embargoLifted(timed, until), true);
  assert.ok(viewFor(timed, { role: "listener" }, until)!.turns!.length > 0);
  const open = at(20, { ...SETUP, groundRules: { ...SETUP.groundRules, embargo: null } });
  assert.equal(viewFor(open, { role: "listener" }, T0).embargoLifted, true);
});
