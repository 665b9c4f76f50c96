/**
 * Pure parts of the live API: which events and statuses each viewer receives
 * (src/briefing/filter.ts), the client message check (protocol.ts) and the sliding window
 * (rate.ts). The call is the scripted one (scripted-call.ts), replayed.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createBriefing, isBriefingError, replay, type BriefingState } from "../../src/briefing/index.js";
import { clientView, eventsFor, listenerAudience, mayReceive, StatusBoard, statusKey } from "../../src/briefing/filter.js";
import { parseClientMessage, tokenFromProtocols } from "../../src/publish/briefings/protocol.js";
import { KeyedWindows, SlidingWindow } from "../../src/publish/briefings/rate.js";
import { LOG, SETUP, T0 } from "./scripted-call.js";

function upTo(n: number): BriefingState {
  const s0 = createBriefing(SETUP);
  assert.ok(!isBriefingError(s0));
  return replay(s0, LOG.slice(0, n)).state;
}

const full = upTo(LOG.length);
const midCall = upTo(12); // j1 has the floor, j2 dropped and waiting, j3 waiting
const NOW = T0 + 100_000;

describe("filter: which events each viewer receives", () => {
  it("staff receive every event; journalists the call and their own; listeners nothing but phases under embargo", () => {
    const types = (v: Parameters<typeof eventsFor>[0], state: BriefingState) => eventsFor(v, midCall.log, state, NOW).map((e) => `${e.type}${"participant" in e ? `:${e.participant}` : ""}`);
    assert.equal(eventsFor({ role: "operator" }, midCall.log, midCall, NOW).length, midCall.log.length);
    assert.deepEqual(types({ role: "journalist", id: "j2" }, midCall), [
      "call_opened", "journalist_joined:j1", "journalist_joined:j2", "journalist_joined:j3", "turn_added", "turn_added",
      "hand_raised:j2", "connection_dropped:j2", "line_opened:j1", "turn_added", "turn_added",
    ]);
    assert.deepEqual(types({ role: "listener" }, midCall), ["call_opened"]);
    // at the close the embargo lifts: listeners may then receive the call's events
    const lifted = eventsFor({ role: "listener" }, full.log, full, T0 + 200_000).map((e) => e.type);
    assert.ok(lifted.includes("turn_added") && lifted.includes("line_opened") && lifted.includes("stage_direction"));
    assert.ok(!lifted.some((t) => ["hand_raised", "journalist_joined", "connection_dropped", "warning", "queue_changed"].includes(t)));
  });

  it("warnings go to staff only, queue changes of others never to journalists", () => {
    const warning = full.log.find((e) => e.type === "warning")!;
    assert.equal(mayReceive({ role: "stenographer" }, warning, false), true);
    assert.equal(mayReceive({ role: "journalist", id: "j1" }, warning, false), false);
    assert.equal(mayReceive({ role: "listener" }, warning, true), false);
    const qc = { seq: 1, at: 0, commandId: "x", type: "queue_changed" as const, queue: [] };
    assert.equal(mayReceive({ role: "journalist", id: "j1" }, qc, true), false);
    assert.equal(mayReceive({ role: "operator" }, qc, true), true);
  });

  it("turns sent to clients carry the speaker's label, never an official's real name", () => {
    const turns = eventsFor({ role: "journalist", id: "j1" }, full.log, full, NOW).filter((e) => e.type === "turn_added");
    assert.deepEqual(turns.map((e) => e.type === "turn_added" && e.turn.label).slice(0, 4), ["MODERATOR", "SENIOR STATE DEPARTMENT OFFICIAL ONE", "OPERATOR", "QUESTION"]);
    const all = JSON.stringify(eventsFor({ role: "operator" }, full.log, full, NOW));
    for (const n of ["Marta", "Quillfeather", "Tobias", "Wrenley"]) assert.ok(!all.includes(n), n);
  });
});

describe("filter: statuses and views", () => {
  it("a journalist's status has their position and no queue; staff have the queue; a listener under embargo nothing", () => {
    const board = new StatusBoard(midCall, NOW);
    const j3 = board.statusFor({ role: "journalist", id: "j3" });
    assert.equal(j3.myPosition, 2);
    assert.equal(j3.queue, null);
    assert.equal(j3.queueLength, 2);
    assert.deepEqual(j3.current, { participant: "j1", name: "Ada Pemberton", outlet: "Harbor Daily Ledger" });
    const staff = board.statusFor({ role: "operator" });
    assert.deepEqual(staff.queue!.map((q) => [q.participant, q.position, q.connected]), [["j2", 1, false], ["j3", 2, true]]);
    const listener = board.statusFor({ role: "listener" });
    assert.deepEqual(listener, { phase: "open", seq: midCall.seq, embargoLifted: false, current: null, queueLength: 0, queue: null, myPosition: null });
    const view = clientView(midCall, { role: "listener" }, NOW);
    assert.equal(view.current, null);
    assert.equal(view.turns, null);
    assert.deepEqual(view.speakers, []);
  });

  it("the status key ignores the queue's length, not the position", () => {
    const a = new StatusBoard(midCall, NOW).statusFor({ role: "journalist", id: "j3" });
    assert.equal(statusKey({ ...a, queueLength: 9 }), statusKey(a));
    assert.notEqual(statusKey({ ...a, myPosition: 1 }), statusKey(a));
    assert.notEqual(statusKey({ ...a, phase: "last_question" }), statusKey(a));
  });

  it("listener audience defaults to public", () => {
    assert.equal(listenerAudience(SETUP), "public");
    assert.equal(listenerAudience({ ...SETUP, listeners: "readers" }), "readers");
  });
});

describe("protocol and rate", () => {
  it("parses client messages and names what is wrong", () => {
    assert.deepEqual(parseClientMessage('{"type":"command","command":{"commandId":"c1","type":"raise_hand"}}'), { type: "command", command: { commandId: "c1", type: "raise_hand" } });
    assert.deepEqual(parseClientMessage('{"type":"resume","since":7}'), { type: "resume", since: 7 });
    assert.deepEqual(parseClientMessage('{"type":"ping"}'), { type: "ping" });
    for (const [text, why] of [["nope", /JSON/], ["[1]", /object/], ['{"type":"resume","since":-1}', /since/], ['{"type":"resume","since":1.5}', /since/], ['{"type":"command"}', /command/], ['{"type":"x"}', /unknown message type "x"/], ["{}", /unknown message type null/]] as const) {
      const r = parseClientMessage(text);
      assert.ok("error" in r, text);
      assert.equal(r.error.code, "PRESSROOM_E_BAD_REQUEST");
      assert.match(r.error.message, why);
    }
  });

  it("finds the token among offered subprotocols", () => {
    assert.equal(tokenFromProtocols("pressroom.v1, pressroom.token.prp_abc"), "prp_abc");
    assert.equal(tokenFromProtocols("pressroom.v1"), null);
    assert.equal(tokenFromProtocols(undefined), null);
  });

  it("a sliding window allows max per window, counts refusals, and frees up as time passes", () => {
    const w = new SlidingWindow({ max: 3, windowMs: 1000 });
    assert.deepEqual([w.take(0), w.take(100), w.take(200), w.take(300), w.take(400)], [true, true, true, false, false]);
    assert.equal(w.refused, 2);
    assert.equal(w.retryAfter(400), 600);
    assert.equal(w.take(1000), true);
    assert.equal(w.refused, 0);
    assert.throws(() => new SlidingWindow({ max: 0, windowMs: 1000 }), RangeError);
    const k = new KeyedWindows({ max: 1, windowMs: 1000 });
    assert.deepEqual([k.take("a", 0), k.take("b", 0), k.take("a", 10), k.take("a", 1000)], [true, true, false, true]);
  });
});
