/**
 * A whole call scripted by us (test/briefing/scripted-call.ts) run through the state machine:
 * the assembled transcript is checked field by field against the structure we expect, and
 * scores 1.0 on ../shared/tools/score-transcripts.mjs against that structure as gold.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { apply, assembleTranscript, createBriefing, isBriefingError, replay, type BriefingState } from "../../src/briefing/index.js";
import type { Structure } from "../../src/core/transcript-types.js";
import { ROOT, SHARED, tempDir } from "../helpers.js";
import { LOG, SETUP, T0 } from "./scripted-call.js";

const EXPECTED: Structure = {
  headline: "Background Briefing on the Harbor Accord Talks",
  section: "Office of the Spokesperson",
  kind: "transcript",
  published: "2026-05-04T14:03:15.000Z",
  dateline: "WASHINGTON",
  ground_rules: { basis: "on_background", attribute_to: "Senior State Department Official", embargo: "end of the call" },
  participants: [
    { id: "mod", label: "MODERATOR", role: "moderator", name: null, affiliation: null },
    { id: "op", label: "OPERATOR", role: "operator", name: null, affiliation: null },
    { id: "off1", label: "SENIOR STATE DEPARTMENT OFFICIAL ONE", role: "official", name: null, affiliation: null },
    { id: "off2", label: "SENIOR STATE DEPARTMENT OFFICIAL TWO", role: "official", name: null, affiliation: null },
    { id: "j1", label: "QUESTION", role: "questioner", name: "Ada Pemberton", affiliation: "Harbor Daily Ledger" },
    { id: "j2", label: "QUESTION", role: "questioner", name: "Bram Okafor", affiliation: "Northwind Radio" },
    { id: "j3", label: "QUESTION", role: "questioner", name: "Celia Voss", affiliation: "The Meridian Post" },
  ],
  turns: [
    { index: 0, speaker: "mod", label: "MODERATOR", text: "Thank you, and thank you all for joining. This call is on background: our briefers are Senior State Department Official One and Senior State Department Official Two, and it is embargoed until the end of the call." },
    { index: 1, speaker: "off1", label: "SENIOR STATE DEPARTMENT OFFICIAL ONE", text: "Thanks, everyone. Let me start with where the talks stand." },
    { index: 2, speaker: "op", label: "OPERATOR", text: "The next question is from Ada Pemberton with Harbor Daily Ledger." },
    { index: 3, speaker: "j1", label: "QUESTION", text: "Thank you. Can you say whether the accord covers the northern ports?" },
    { index: 4, speaker: "off1", label: "SENIOR STATE DEPARTMENT OFFICIAL ONE", text: "It does. As Senior State Department Official One told our partners last week, the ports are the core of it." },
    { index: 5, speaker: "j1", label: "QUESTION", text: "And the timeline?" },
    { index: 6, speaker: "off2", label: "SENIOR STATE DEPARTMENT OFFICIAL TWO", text: "We expect signatures within (inaudible) weeks." },
    { index: 7, speaker: "op", label: "OPERATOR", text: "The next question is from Bram Okafor with Northwind Radio." },
    { index: 8, speaker: "j2", label: "QUESTION", text: "Hi, thanks. On the funding: who pays for the dredging?" },
    { index: 9, speaker: "off2", label: "SENIOR STATE DEPARTMENT OFFICIAL TWO", text: "The costs are shared, and nobody is happy about it." },
    { index: 10, speaker: "mod", label: "MODERATOR", text: "We have time for one last question." },
    { index: 11, speaker: "op", label: "OPERATOR", text: "The next question is from Celia Voss with The Meridian Post." },
    { index: 12, speaker: "j3", label: "QUESTION", text: "Will the signing take place in the capital?" },
    { index: 13, speaker: "off1", label: "SENIOR STATE DEPARTMENT OFFICIAL ONE", text: "That is still being worked out." },
    { index: 14, speaker: "mod", label: "MODERATOR", text: "Thank you all. The embargo is now lifted." },
  ],
  exchanges: [
    { questioner: "j1", question_turns: [3], answer_turns: [4], follow_up: false },
    { questioner: "j1", question_turns: [5], answer_turns: [6], follow_up: true },
    { questioner: "j2", question_turns: [8], answer_turns: [9], follow_up: false },
    { questioner: "j3", question_turns: [12], answer_turns: [13], follow_up: false },
  ],
  events: [
    { turn: 1, type: "dropped", participant: "j2" },
    { turn: 6, type: "inaudible", participant: "off2" },
    { turn: 6, type: "rejoined", participant: "j2" },
    { turn: 9, type: "laughter", participant: "mod" },
  ],
  warnings: ["real_name_withheld"],
};

function runCall(): { state: BriefingState; results: ReturnType<typeof replay>["results"] } {
  const initial = createBriefing(SETUP);
  assert.ok(!isBriefingError(initial));
  return replay(initial, LOG);
}

test("scripted call: every command but the hand raised after last question is accepted", () => {
  const { results } = runCall();
  const refused = results.map((r, i) => ({ r, i })).filter(({ r }) => !r.ok);
  assert.equal(refused.length, 1);
  const only = refused[0]!;
  assert.equal(LOG[only.i]!.command.type, "raise_hand");
  assert.ok(!only.r.ok && only.r.error.code === "PRESSROOM_E_BRIEFING_QUEUE_CLOSED");
});

test("scripted call: the call ends closed, the dropped journalist was served in their kept place", () => {
  const { state } = runCall();
  assert.equal(state.phase, "closed");
  assert.equal(state.closedAt, T0 + 195_000);
  assert.deepEqual(state.lines.map((l) => l.participant), ["j1", "j2", "j3"]);
  assert.deepEqual(state.queue, []);
  assert.equal(state.current, null);
  const restored = state.log.find((e) => e.type === "connection_restored");
  assert.ok(restored && restored.type === "connection_restored" && restored.placeKept === true);
});

test("scripted call: assembled structure matches the expected one field by field", () => {
  const s = assembleTranscript(runCall().state);
  assert.equal(s.headline, EXPECTED.headline);
  assert.equal(s.section, EXPECTED.section);
  assert.equal(s.kind, EXPECTED.kind);
  assert.equal(s.published, EXPECTED.published);
  assert.equal(s.dateline, EXPECTED.dateline);
  assert.deepEqual(s.ground_rules, EXPECTED.ground_rules);
  assert.equal(s.participants.length, EXPECTED.participants.length);
  EXPECTED.participants.forEach((p, i) => assert.deepEqual(s.participants[i], p, `participant ${i}`));
  assert.equal(s.turns.length, EXPECTED.turns.length);
  EXPECTED.turns.forEach((t, i) => assert.deepEqual(s.turns[i], t, `turn ${i}`));
  assert.deepEqual(s.exchanges, EXPECTED.exchanges);
  assert.deepEqual(s.events, EXPECTED.events);
  assert.deepEqual(s.warnings, EXPECTED.warnings);
  assert.deepEqual(s, EXPECTED);
});

test("scripted call: the assembled structure validates against transcript.schema.json", () => {
  const schema = JSON.parse(readFileSync(join(SHARED, "spec", "transcript.schema.json"), "utf8"));
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  const s = assembleTranscript(runCall().state);
  assert.ok(validate(s), JSON.stringify(validate.errors));
  // while the call runs, too
  const initial = createBriefing(SETUP);
  assert.ok(!isBriefingError(initial));
  const mid = assembleTranscript(replay(initial, LOG.slice(0, 12)).state);
  assert.ok(validate(mid), JSON.stringify(validate.errors));
  assert.equal(mid.published, null);
});

test("scripted call: the officials' real names appear nowhere in the structure or the event log", () => {
  const { state } = runCall();
  const served = JSON.stringify(assembleTranscript(state)) + JSON.stringify(state.log) + JSON.stringify(state.turns);
  for (const word of ["Marta", "Quillfeather", "Tobias", "Wrenley", "QUILLFEATHER"]) assert.ok(!served.includes(word), `${word} leaked`);
  const warning = state.log.find((e) => e.type === "warning");
  assert.ok(warning && warning.type === "warning");
  assert.equal(warning.official, "off1");
  assert.equal(warning.turn, 4);
  assert.equal(warning.code, "real_name_replaced");
});

test("scripted call: scores 1.0 on score-transcripts.mjs against the expected structure", () => {
  const { dir, cleanup } = tempDir("pressroom-briefing-score-");
  try {
    const gold = join(dir, "gold");
    mkdirSync(gold);
    writeFileSync(join(dir, "call.json"), JSON.stringify({ setup: SETUP, log: LOG }));
    writeFileSync(join(gold, "scripted-call.json"), JSON.stringify({ source: "../call.json", ...EXPECTED }, null, 2));
    const r = spawnSync(process.execPath, [
      join(SHARED, "tools", "score-transcripts.mjs"), "--gold", gold, "--json",
      "--cmd", `${JSON.stringify(process.execPath)} --import tsx test/briefing/print-structure.ts {file}`,
    ], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.documents.length, 1);
    assert.equal(out.documents[0].error, null);
    for (const [k, v] of Object.entries(out.totals)) assert.equal(v, 1, `${k} is ${v}`);
    assert.equal(out.score, 1);
  } finally {
    cleanup();
  }
});

test("scripted call: a retried command mid-call changes nothing and returns the first effects", () => {
  const initial = createBriefing(SETUP);
  assert.ok(!isBriefingError(initial));
  const half = replay(initial, LOG.slice(0, 13)).state;
  const entry = LOG[10]!; // the first open_line
  const r = apply(half, entry.command, entry.now + 500_000);
  assert.ok(r.ok && r.retried);
  assert.equal(r.state, half);
  const first = half.log.filter((e) => e.commandId === entry.command.commandId);
  assert.deepEqual(r.effects, first);
});
