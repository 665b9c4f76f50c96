/**
 * The briefing state machine command by command: refusals with their codes, bad input,
 * retries, the grace period, stage directions, real names on background, the
 * stenographer's corrections.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  apply, assembleTranscript, attributionText, createBriefing, isBriefingError, parseCommand, replaceRealNames,
  type Actor, type Applied, type BriefingSetup, type BriefingState, type CommandBody,
} from "../../src/briefing/index.js";
import { J, MOD, OP, SETUP, STENO, T0 } from "./scripted-call.js";

let n = 0;
const cmd = (actor: Actor, body: CommandBody, commandId = `u${++n}`) => ({ commandId, actor, ...body });

function fresh(setup: BriefingSetup = SETUP): BriefingState {
  const s = createBriefing(setup);
  assert.ok(!isBriefingError(s), JSON.stringify(s));
  return s;
}

/** Apply and insist it was accepted. */
function ok(s: BriefingState, actor: Actor, body: CommandBody, now = T0, commandId?: string): Applied {
  const r = apply(s, cmd(actor, body, commandId), now);
  assert.ok(r.ok, r.ok ? "" : `${body.type} refused: ${r.error.code} ${r.error.message}`);
  return r;
}

/** Apply and insist it was refused with `code`; returns the refusal's message. */
function refused(s: BriefingState, actor: Actor, body: CommandBody, code: string, now = T0): string {
  const r = apply(s, cmd(actor, body), now);
  assert.ok(!r.ok, `${body.type} was accepted`);
  assert.equal(r.error.code, code);
  return r.error.message;
}

/** An open call with j1..j3 joined. */
function call(setup: BriefingSetup = SETUP): BriefingState {
  let s = ok(fresh(setup), MOD, { type: "open" }).state;
  for (const [id, name, outlet] of [["j1", "Ada Pemberton", "Harbor Daily Ledger"], ["j2", "Bram Okafor", "Northwind Radio"], ["j3", "Celia Voss", null]] as const) {
    s = ok(s, J(id), { type: "join", name, outlet }).state;
  }
  return s;
}

const queueOf = (s: BriefingState) => s.queue.map((e) => `${e.position}:${e.participant}`);

test("createBriefing refuses a bad set-up with PRESSROOM_E_BRIEFING_BAD_SETUP", () => {
  const cases: Partial<BriefingSetup>[] = [
    { title: "  " },
    { operatorId: "mod" },
    { officials: [{ id: "mod", realName: "X Y", label: "OFFICIAL" }] },
    { officials: [{ id: "o", realName: "", label: "OFFICIAL" }] },
    { groundRules: { basis: "sort_of" as never, attribute_to: null, embargo: null } },
    { groundRules: { basis: null, attribute_to: null, embargo: { until: Number.NaN } } },
    { scheduledStart: "tomorrow" as never },
    { graceMs: -1 },
  ];
  for (const c of cases) {
    const r = createBriefing({ ...SETUP, ...c });
    assert.ok(isBriefingError(r), JSON.stringify(c));
    assert.equal(r.code, "PRESSROOM_E_BRIEFING_BAD_SETUP");
    assert.equal(r.status, "PRESSROOM_E_BAD_REQUEST");
  }
  const s = fresh({ ...SETUP, graceMs: undefined });
  assert.equal(s.setup.graceMs, 120_000);
  assert.equal(s.phase, "scheduled");
});

test("bad commands from the wire are refused with PRESSROOM_E_BRIEFING_BAD_COMMAND and change nothing", () => {
  const s = call();
  const bad: unknown[] = [
    null, "open", 42, [],
    { actor: MOD, type: "open" },
    { commandId: "", actor: MOD, type: "open" },
    { commandId: "x", type: "open" },
    { commandId: "x", actor: { id: "mod", role: "king" }, type: "open" },
    { commandId: "x", actor: MOD, type: "explode" },
    { commandId: "x", actor: J("j9"), type: "join", name: "   ", outlet: "Y" },
    { commandId: "x", actor: J("j9"), type: "join", name: "N", outlet: 7 },
    { commandId: "x", actor: OP, type: "reorder", participant: "j1", position: 0 },
    { commandId: "x", actor: OP, type: "reorder", participant: "j1", position: 1.5 },
    { commandId: "x", actor: OP, type: "mute", participant: "j1", muted: "yes" },
    { commandId: "x", actor: STENO, type: "add_turn", speaker: "mod", text: "" },
    { commandId: "x", actor: STENO, type: "add_turn", speaker: "mod", text: "x".repeat(20_001) },
    { commandId: "x".repeat(201), actor: MOD, type: "close" },
  ];
  for (const b of bad) {
    const r = apply(s, b, T0);
    assert.ok(!r.ok, JSON.stringify(b)?.slice(0, 80));
    assert.equal(r.error.code, "PRESSROOM_E_BRIEFING_BAD_COMMAND", JSON.stringify(b)?.slice(0, 80));
    assert.equal(r.error.status, "PRESSROOM_E_BAD_REQUEST");
  }
  assert.equal(Object.keys(s.processed).length, 4);
  // known fields only, trimmed
  const p = parseCommand({ commandId: " a ", actor: { id: "j1", role: "journalist" }, type: "join", name: " Ada ", outlet: "", extra: "dropped" });
  assert.deepEqual(p, { commandId: "a", actor: { id: "j1", role: "journalist" }, type: "join", name: "Ada", outlet: null });
  const badNow = apply(s, cmd(MOD, { type: "close" }), Number.NaN);
  assert.ok(!badNow.ok && badNow.error.code === "PRESSROOM_E_BRIEFING_BAD_COMMAND");
});

test("roles: each command only from its role, staff only under the set-up's ids", () => {
  const s = call();
  refused(s, J("j1"), { type: "open_line" }, "PRESSROOM_E_BRIEFING_WRONG_ROLE");
  refused(s, J("j1"), { type: "close" }, "PRESSROOM_E_BRIEFING_WRONG_ROLE");
  refused(s, OP, { type: "last_question" }, "PRESSROOM_E_BRIEFING_WRONG_ROLE");
  refused(s, MOD, { type: "add_turn", speaker: "mod", text: "Hello." }, "PRESSROOM_E_BRIEFING_WRONG_ROLE");
  refused(s, STENO, { type: "raise_hand" }, "PRESSROOM_E_BRIEFING_WRONG_ROLE");
  refused(s, { id: "someone", role: "operator" }, { type: "open_line" }, "PRESSROOM_E_BRIEFING_WRONG_ROLE");
  refused(s, { id: "someone", role: "moderator" }, { type: "close" }, "PRESSROOM_E_BRIEFING_WRONG_ROLE");
  refused(s, J("j1"), { type: "drop", participant: "j2" }, "PRESSROOM_E_BRIEFING_WRONG_ROLE");
  refused(s, { id: "bridge", role: "system" }, { type: "drop" }, "PRESSROOM_E_BRIEFING_BAD_COMMAND");
  refused(s, J("off1"), { type: "join", name: "Imposter", outlet: null }, "PRESSROOM_E_BRIEFING_BAD_COMMAND");
  const msg = refused(s, J("j1"), { type: "open_line" }, "PRESSROOM_E_BRIEFING_WRONG_ROLE");
  assert.match(msg, /journalist may not send open_line/);
});

test("phases: nothing but join before the call opens, nothing at all after it closes", () => {
  let s = fresh();
  s = ok(s, J("j1"), { type: "join", name: "Ada Pemberton", outlet: "Harbor Daily Ledger" }).state;
  refused(s, J("j1"), { type: "raise_hand" }, "PRESSROOM_E_BRIEFING_NOT_OPEN");
  refused(s, OP, { type: "open_line" }, "PRESSROOM_E_BRIEFING_NOT_OPEN");
  refused(s, STENO, { type: "add_turn", speaker: "mod", text: "Hello." }, "PRESSROOM_E_BRIEFING_NOT_OPEN");
  s = ok(s, MOD, { type: "open" }, T0 + 1000).state;
  assert.equal(s.openedAt, T0 + 1000);
  refused(s, MOD, { type: "open" }, "PRESSROOM_E_BRIEFING_ALREADY_OPEN");
  s = ok(s, J("j1"), { type: "raise_hand" }).state;
  s = ok(s, MOD, { type: "close" }, T0 + 9000).state;
  assert.equal(s.phase, "closed");
  for (const [actor, body] of [
    [OP, { type: "open_line" }], [J("j1"), { type: "withdraw_hand" }], [J("j2"), { type: "join", name: "B", outlet: null }],
    [MOD, { type: "close" }], [MOD, { type: "open" }], [STENO, { type: "add_turn", speaker: "mod", text: "Late." }],
  ] as [Actor, CommandBody][]) refused(s, actor, body, "PRESSROOM_E_BRIEFING_CLOSED");
});

test("queue: raise, already raised, withdraw, open line in order, reorder, skip, remove, mute", () => {
  let s = call();
  s = ok(s, J("j1"), { type: "raise_hand" }, T0 + 1).state;
  refused(s, J("j1"), { type: "raise_hand" }, "PRESSROOM_E_BRIEFING_HAND_ALREADY_RAISED");
  refused(s, J("j9"), { type: "raise_hand" }, "PRESSROOM_E_BRIEFING_NOT_JOINED");
  refused(s, J("j2"), { type: "withdraw_hand" }, "PRESSROOM_E_BRIEFING_NOT_IN_QUEUE");
  s = ok(s, J("j2"), { type: "raise_hand" }, T0 + 2).state;
  s = ok(s, J("j3"), { type: "raise_hand" }, T0 + 3).state;
  assert.deepEqual(queueOf(s), ["1:j1", "2:j2", "3:j3"]);
  assert.deepEqual(s.queue.map((e) => e.raisedAt), [T0 + 1, T0 + 2, T0 + 3]);
  let r = ok(s, OP, { type: "reorder", participant: "j3", position: 1 });
  assert.deepEqual(queueOf(r.state), ["1:j3", "2:j1", "3:j2"]);
  assert.deepEqual(r.effects.map((e) => e.type), ["queue_changed"]);
  refused(s, OP, { type: "reorder", participant: "j3", position: 4 }, "PRESSROOM_E_BRIEFING_BAD_COMMAND");
  s = ok(s, OP, { type: "skip" }).state;
  assert.deepEqual(queueOf(s), ["1:j2", "2:j3", "3:j1"]);
  s = ok(s, J("j3"), { type: "withdraw_hand" }).state;
  assert.deepEqual(queueOf(s), ["1:j2", "2:j1"]);
  s = ok(s, OP, { type: "mute", participant: "j2", muted: true }).state;
  assert.equal(s.journalists.find((j) => j.id === "j2")!.muted, true);
  r = ok(s, OP, { type: "open_line" }, T0 + 50);
  s = r.state;
  assert.equal(s.current, "j2");
  assert.deepEqual(queueOf(s), ["1:j1"]);
  assert.deepEqual(r.effects.map((e) => e.type), ["line_opened", "turn_added", "participant_muted"]);
  assert.equal(s.journalists.find((j) => j.id === "j2")!.muted, false);
  assert.deepEqual(s.turns.map((t) => [t.speaker, t.text, t.source]), [["op", "The next question is from Bram Okafor with Northwind Radio.", "operator_intro"]]);
  refused(s, J("j2"), { type: "raise_hand" }, "PRESSROOM_E_BRIEFING_HAS_FLOOR");
  s = ok(s, J("j3"), { type: "raise_hand" }).state;
  s = ok(s, OP, { type: "open_line", participant: "j3" }).state;
  assert.equal(s.turns.at(-1)!.text, "The next question is from Celia Voss.");
  s = ok(s, OP, { type: "remove", participant: "j1" }).state;
  assert.deepEqual(queueOf(s), []);
  refused(s, J("j1"), { type: "raise_hand" }, "PRESSROOM_E_BRIEFING_REMOVED");
  refused(s, OP, { type: "remove", participant: "j1" }, "PRESSROOM_E_BRIEFING_REMOVED");
  refused(s, OP, { type: "open_line" }, "PRESSROOM_E_BRIEFING_QUEUE_EMPTY");
  refused(s, OP, { type: "skip" }, "PRESSROOM_E_BRIEFING_QUEUE_EMPTY");
});

test("last question closes the queue to new hands; those waiting can still be served", () => {
  let s = call();
  s = ok(s, J("j1"), { type: "raise_hand" }).state;
  s = ok(s, MOD, { type: "last_question" }).state;
  assert.equal(s.phase, "last_question");
  refused(s, J("j2"), { type: "raise_hand" }, "PRESSROOM_E_BRIEFING_QUEUE_CLOSED");
  refused(s, MOD, { type: "last_question" }, "PRESSROOM_E_BRIEFING_ALREADY_LAST_QUESTION");
  s = ok(s, OP, { type: "open_line" }).state;
  assert.equal(s.current, "j1");
});

test("grace: a dropped journalist keeps their place until droppedAt + graceMs, then loses it", () => {
  let s = call();
  for (const id of ["j1", "j2", "j3"]) s = ok(s, J(id), { type: "raise_hand" }).state;
  s = ok(s, J("j1"), { type: "drop" }, T0 + 1000).state;
  const c = s.connections.j1!;
  assert.deepEqual(c, { status: "dropped", droppedAt: T0 + 1000, graceUntil: T0 + 61_000, hadHand: true });
  refused(s, J("j1"), { type: "drop" }, "PRESSROOM_E_BRIEFING_DROPPED", T0 + 2000);
  refused(s, J("j1"), { type: "raise_hand" }, "PRESSROOM_E_BRIEFING_DROPPED", T0 + 2000);
  refused(s, J("j2"), { type: "rejoin" }, "PRESSROOM_E_BRIEFING_NOT_DROPPED", T0 + 2000);
  refused(s, OP, { type: "open_line", participant: "j1" }, "PRESSROOM_E_BRIEFING_DROPPED", T0 + 2000);

  // the operator serves the next connected hand; j1's place at the head is kept
  const served = ok(s, OP, { type: "open_line" }, T0 + 3000).state;
  assert.equal(served.current, "j2");
  assert.deepEqual(queueOf(served), ["1:j1", "2:j3"]);

  // rejoin exactly at the end of grace: place kept
  const inTime = ok(s, J("j1"), { type: "rejoin" }, T0 + 61_000);
  assert.deepEqual(queueOf(inTime.state), ["1:j1", "2:j2", "3:j3"]);
  assert.deepEqual(inTime.effects.map((e) => e.type === "connection_restored" ? `restored:${e.placeKept}` : e.type), ["restored:true"]);

  // one millisecond later: the place is lost, and the hand goes up again at the back
  const late = ok(s, J("j1"), { type: "rejoin" }, T0 + 61_001);
  assert.deepEqual(late.effects.map((e) => e.type), ["place_lost", "connection_restored", "hand_raised"]);
  assert.deepEqual(queueOf(late.state), ["1:j2", "2:j3", "3:j1"]);
  assert.equal(late.state.queue[2]!.raisedAt, T0 + 61_001);

  // any later command ends the grace, not only the rejoin
  const other = ok(s, J("j2"), { type: "withdraw_hand" }, T0 + 70_000);
  assert.deepEqual(other.effects.map((e) => e.type), ["place_lost", "hand_withdrawn"]);
  assert.deepEqual(queueOf(other.state), ["1:j3"]);

  // a timer's tick ends the grace too, and does nothing else
  const ticked = ok(s, { id: "timer", role: "system" }, { type: "tick" }, T0 + 61_001);
  assert.deepEqual(ticked.effects.map((e) => e.type), ["place_lost"]);
  assert.deepEqual(ok(s, { id: "timer", role: "system" }, { type: "tick" }, T0 + 61_000).effects, []);
  refused(s, J("j1"), { type: "tick" }, "PRESSROOM_E_BRIEFING_WRONG_ROLE");

  // after last question, a late rejoin does not raise the hand again
  const lq = ok(s, MOD, { type: "last_question" }, T0 + 5000).state;
  const lateLq = ok(lq, J("j1"), { type: "rejoin" }, T0 + 90_000);
  assert.deepEqual(lateLq.effects.map((e) => e.type), ["place_lost", "connection_restored"]);
  assert.deepEqual(queueOf(lateLq.state), ["1:j2", "2:j3"]);

  // the system (the bridge) may report a drop for anyone
  const bridged = ok(s, { id: "bridge", role: "system" }, { type: "drop", participant: "j3" }, T0 + 4000).state;
  assert.equal(bridged.connections.j3!.status, "dropped");
});

test("retries: same commandId returns the first result; another body under it is refused; refusals are not remembered", () => {
  let s = call();
  const first = ok(s, J("j1"), { type: "raise_hand" }, T0 + 5, "same");
  const again = apply(first.state, cmd(J("j1"), { type: "raise_hand" }, "same"), T0 + 999_999);
  assert.ok(again.ok && again.retried);
  assert.equal(again.state, first.state);
  assert.deepEqual(again.effects, first.effects);
  const reused = apply(first.state, cmd(J("j2"), { type: "raise_hand" }, "same"), T0 + 6);
  assert.ok(!reused.ok && reused.error.code === "PRESSROOM_E_BRIEFING_COMMAND_ID_REUSED");

  s = fresh();
  s = ok(s, J("j1"), { type: "join", name: "Ada", outlet: null }).state;
  const early = apply(s, cmd(J("j1"), { type: "raise_hand" }, "early"), T0);
  assert.ok(!early.ok && early.error.code === "PRESSROOM_E_BRIEFING_NOT_OPEN");
  s = ok(s, MOD, { type: "open" }).state;
  const later = apply(s, cmd(J("j1"), { type: "raise_hand" }, "early"), T0 + 1);
  assert.ok(later.ok && !later.retried, "a refused command may be sent again under its id");
});

test("events are numbered per briefing and carry the command that caused them", () => {
  let s = call();
  const r = ok(s, J("j1"), { type: "raise_hand" }, T0 + 7, "raise-1");
  assert.deepEqual(r.effects, [{ type: "hand_raised", participant: "j1", position: 1, reason: "raised", seq: s.seq + 1, at: T0 + 7, commandId: "raise-1" }]);
  s = r.state;
  assert.deepEqual(s.log.map((e) => e.seq), s.log.map((_, i) => i + 1));
});

test("stenographer: stage directions become events; alone they make no turn", () => {
  let s = call();
  refused(s, STENO, { type: "add_turn", speaker: "nobody", text: "Hi." }, "PRESSROOM_E_BRIEFING_UNKNOWN_SPEAKER");
  refused(s, STENO, { type: "add_turn", speaker: "steno", text: "Hi." }, "PRESSROOM_E_BRIEFING_UNKNOWN_SPEAKER");
  s = ok(s, STENO, { type: "add_turn", speaker: "mod", text: "  Welcome,\n  everyone.\n\n\nThe rules are simple.  " }).state;
  assert.equal(s.turns[0]!.text, "Welcome, everyone.\n\nThe rules are simple.");
  const lone = ok(s, STENO, { type: "add_turn", speaker: "mod", text: "(Laughter.)" });
  assert.equal(lone.state.turns.length, 1);
  assert.deepEqual(lone.effects.map((e) => e.type === "stage_direction" ? `${e.direction}@${e.turn}` : e.type), ["laughter@0"]);
  s = ok(lone.state, STENO, { type: "add_turn", speaker: "off1", text: "We expect (inaudible) and then (Crosstalk.) more." }).state;
  assert.deepEqual(s.turns[1]!.directions, ["inaudible", "crosstalk"]);
  s = ok(s, STENO, { type: "add_turn", speaker: "mod", text: "(Crosstalk.) (Laughter.)" }).state;
  const st = assembleTranscript(s);
  assert.deepEqual(st.events, [
    { turn: 0, type: "laughter", participant: "mod" },
    { turn: 1, type: "inaudible", participant: "off1" },
    { turn: 1, type: "crosstalk", participant: "off1" },
    { turn: 1, type: "crosstalk", participant: "mod" },
    { turn: 1, type: "laughter", participant: "mod" },
  ]);
  // text in parentheses that is not a stage direction is speech
  const speech = ok(s, STENO, { type: "add_turn", speaker: "off1", text: "(and this matters)" }).state;
  assert.equal(speech.turns.length, 3);
});

test("stenographer: edit and retract the last turn they typed, never the operator's introduction", () => {
  let s = call();
  s = ok(s, J("j1"), { type: "raise_hand" }).state;
  s = ok(s, OP, { type: "open_line" }).state;
  refused(s, STENO, { type: "edit_last_turn", text: "x" }, "PRESSROOM_E_BRIEFING_NO_TURN");
  refused(s, STENO, { type: "retract_last_turn" }, "PRESSROOM_E_BRIEFING_NO_TURN");
  s = ok(s, STENO, { type: "add_turn", speaker: "j1", text: "Waht about the ports?" }).state;
  const edited = ok(s, STENO, { type: "edit_last_turn", text: "What about the ports? (inaudible)" });
  assert.equal(edited.state.turns[1]!.text, "What about the ports? (inaudible)");
  assert.deepEqual(edited.state.turns[1]!.directions, ["inaudible"]);
  assert.deepEqual(edited.effects.map((e) => e.type), ["turn_edited"]);
  const gone = ok(edited.state, STENO, { type: "retract_last_turn" });
  assert.equal(gone.state.turns.length, 1);
  assert.deepEqual(gone.effects.map((e) => e.type === "turn_retracted" ? `retracted:${e.index}` : e.type), ["retracted:1"]);
  assert.deepEqual(assembleTranscript(gone.state).events, []);
});

test("background: real names typed in any form are replaced by the attribution, with a warning that names no one", () => {
  const s = call();
  const typed = [
    ["mod", "Thanks, Marta. Over to you.", "Thanks, Senior State Department Official One. Over to you."],
    ["off2", "As Ambassador Quillfeather said, and MS. QUILLFEATHER agrees, Quillfeather's view holds.", "As Senior State Department Official One said, and SENIOR STATE DEPARTMENT OFFICIAL ONE agrees, Senior State Department Official One's view holds."],
    ["j1", "A question for Mr. Wrenley and for marta quillfeather.", "A question for Senior State Department Official Two and for Senior State Department Official One."],
  ] as const;
  let st = s;
  for (const [speaker, text, stored] of typed) {
    const r = ok(st, STENO, { type: "add_turn", speaker, text });
    st = r.state;
    assert.equal(st.turns.at(-1)!.text, stored);
    const warnings = r.effects.filter((e) => e.type === "warning");
    assert.ok(warnings.length >= 1);
    assert.ok(!JSON.stringify(r.effects).match(/Marta|Quillfeather|Wrenley|QUILLFEATHER/i));
  }
  const served = JSON.stringify(assembleTranscript(st));
  assert.ok(!/Marta|Quillfeather|Wrenley|Tobias/i.test(served));
  // words that only look like a name stay
  const plain = ok(s, STENO, { type: "add_turn", speaker: "off1", text: "The wrenley-class ships and the marta plan." });
  assert.equal(plain.state.turns.at(-1)!.text, "The wrenley-class ships and the marta plan.");
  assert.ok(!plain.effects.some((e) => e.type === "warning"));
  assert.equal(attributionText({ id: "x", realName: "A B", label: "SENIOR U.S. ADMINISTRATION OFFICIAL" }), "Senior U.S. Administration Official");
  assert.deepEqual(replaceRealNames("Hello, Dr. Jo Ng.", [{ id: "x", realName: "Jo Ng", label: "OFFICIAL", attribution: "the official" }]), { text: "Hello, the official.", replaced: ["x"] });
});

test("on the record: officials are named, nothing is replaced", () => {
  const setup: BriefingSetup = { ...SETUP, groundRules: { basis: "on_the_record", attribute_to: null, embargo: null }, officials: [{ id: "off1", realName: "Marta Quillfeather", label: "MS. QUILLFEATHER" }] };
  const r = ok(call(setup), STENO, { type: "add_turn", speaker: "off1", text: "I am Marta Quillfeather." });
  assert.equal(r.state.turns[0]!.text, "I am Marta Quillfeather.");
  assert.ok(!r.effects.some((e) => e.type === "warning"));
  const st = assembleTranscript(r.state);
  assert.deepEqual(st.participants, [{ id: "off1", label: "MS. QUILLFEATHER", role: "official", name: "Marta Quillfeather", affiliation: null }]);
  assert.deepEqual(st.ground_rules, { basis: "on_the_record", attribute_to: null, embargo: null });
  const timed = assembleTranscript(fresh({ ...setup, groundRules: { ...setup.groundRules, embargo: { until: Date.parse("2026-05-04T18:30:00Z") } } }));
  assert.equal(timed.ground_rules.embargo, "2026-05-04T18:30:00.000Z");
});

test("a journalist who dropped without ever being heard is not on the record", () => {
  let s = call();
  s = ok(s, J("j3"), { type: "drop" }).state;
  s = ok(s, J("j3"), { type: "rejoin" }).state;
  s = ok(s, STENO, { type: "add_turn", speaker: "mod", text: "Welcome." }).state;
  const st = assembleTranscript(s);
  assert.deepEqual(st.events, []);
  assert.deepEqual(st.participants.map((p) => p.id), ["mod"]);
});

test("set-up times: integers from 2000-01-01 to 2100-01-01 only (API body and checkSetup); the transcript never throws on a stored bad time", async () => {
  const { parseSetupInput } = await import("../../src/publish/briefings/setup-input.js");
  const body = (over: Record<string, unknown>) => ({ title: "Times", scheduledStart: T0, groundRules: { basis: "on_the_record", embargo: null }, officials: [], ...over });
  for (const bad of [1e20, -1, 1.5, 946684799999, 4102444800001, Number.NaN, "2200-01-01T00:00:00Z", "1999-12-31T23:59:59Z"]) {
    assert.throws(() => parseSetupInput(body({ scheduledStart: bad })), /scheduledStart must be whole epoch milliseconds.*2000-01-01 to 2100-01-01/, String(bad));
    assert.throws(() => parseSetupInput(body({ groundRules: { basis: null, embargo: { until: bad } } })), /groundRules\.embargo\.until must be/, String(bad));
    const c = createBriefing({ ...SETUP, scheduledStart: bad as number });
    assert.ok(isBriefingError(c) && c.code === "PRESSROOM_E_BRIEFING_BAD_SETUP" && /scheduledStart must be a whole number/.test(c.message), String(bad));
    const e = createBriefing({ ...SETUP, groundRules: { ...SETUP.groundRules, embargo: { until: bad as number } } });
    assert.ok(isBriefingError(e) && /groundRules\.embargo\.until/.test(e.message), String(bad));
  }
  assert.equal(parseSetupInput(body({ scheduledStart: "2099-12-31T23:00:00.5Z" })).scheduledStart, Date.parse("2099-12-31T23:00:00.500Z"));
  assert.equal(parseSetupInput(body({ scheduledStart: 946684800000 })).scheduledStart, 946684800000);
  // A set-up stored before the check (embargo until 1e20): assembling its transcript does not throw.
  const old = fresh({ ...SETUP, groundRules: { ...SETUP.groundRules, embargo: "end_of_call" } });
  old.setup.groundRules = { ...old.setup.groundRules, embargo: { until: 1e20 } };
  assert.equal(assembleTranscript(old).ground_rules.embargo, "100000000000000000000");
});

test("control and bidi characters are refused in every text of a command and of a set-up (PostgreSQL cannot store NUL)", async () => {
  const { parseSetupInput } = await import("../../src/publish/briefings/setup-input.js");
  const BAD = ["a\u0000b", "a\u0007b", "a\u001bb", "a\u007fb", "a\u202eb", "a\u2066b", "a\u0085b"];
  for (const x of BAD) {
    const cases: [Record<string, unknown>, string][] = [
      [{ commandId: x, actor: MOD, type: "open" }, "commandId"],
      [{ commandId: "c", actor: { id: x, role: "journalist" }, type: "raise_hand" }, "actor.id"],
      [{ commandId: "c", actor: J("j"), type: "join", name: x, outlet: null }, "name"],
      [{ commandId: "c", actor: J("j"), type: "join", name: "Ada", outlet: x }, "outlet"],
      [{ commandId: "c", actor: OP, type: "open_line", participant: x }, "participant"],
      [{ commandId: "c", actor: STENO, type: "add_turn", speaker: x, text: "hi" }, "speaker"],
      [{ commandId: "c", actor: STENO, type: "add_turn", speaker: "off1", text: x }, "text"],
      [{ commandId: "c", actor: STENO, type: "edit_last_turn", text: x }, "text"],
    ];
    for (const [input, field] of cases) {
      const r = parseCommand(input);
      assert.ok(isBriefingError(r), `${field} ${JSON.stringify(x)}`);
      assert.equal(r.code, "PRESSROOM_E_BRIEFING_BAD_COMMAND");
      assert.match(r.message, new RegExp(`^${field.replace(".", "\\.")} must not contain a (bidi )?control character \\(U\\+[0-9A-F]{4}\\)`));
    }
    for (const [over, field] of [[{ title: x }, "title"], [{ section: x }, "section"], [{ dateline: x }, "dateline"],
      [{ officials: [{ id: "o1", realName: x, label: "L" }] }, "officials\\[0\\]\\.realName"], [{ moderatorId: x }, "moderatorId"]] as [Record<string, unknown>, string][]) {
      const s = createBriefing({ ...SETUP, ...over } as BriefingSetup);
      assert.ok(isBriefingError(s) && s.code === "PRESSROOM_E_BRIEFING_BAD_SETUP", `${field} ${JSON.stringify(x)}`);
      assert.match(s.message, new RegExp(`^${field} must not contain`));
      assert.throws(() => parseSetupInput({ title: "T", scheduledStart: T0, groundRules: { basis: null, embargo: null }, officials: [], ...over }), new RegExp(`${field} must not contain`));
    }
  }
  // Names and titles are one line; turn text may hold tab and line feed, CR LF becoming LF.
  assert.ok(isBriefingError(parseCommand({ commandId: "c", actor: J("j"), type: "join", name: "Ada\nLovelace", outlet: null })));
  const t = parseCommand({ commandId: "c", actor: STENO, type: "add_turn", speaker: "off1", text: "one\r\ntwo\tthree\rfour" });
  assert.ok(!isBriefingError(t) && t.type === "add_turn");
  assert.equal((t as { text: string }).text, "one\ntwo\tthree\nfour");
  assert.ok(!isBriefingError(parseCommand({ commandId: "c", actor: J("j"), type: "join", name: "José Álvarez ‎", outlet: "Le Monde — آ" })));
});
