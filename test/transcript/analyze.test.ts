import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, findLeakedNames } from "../../src/transcript/index.js";
import { doc } from "./helpers.js";

const nameOf = (s: ReturnType<typeof analyze>, turn: number) => s.participants.find((p) => p.id === s.turns[turn]!.speaker);

test("teleconference: operator introductions name questioners, follow-ups, dropped and rejoined", () => {
  const s = analyze(doc([
    "Via Teleconference",
    "MODERATOR: Thanks for joining. This call is on background, attributable to a senior State Department official. You'll be hearing from Tess Ridley, who will be referred to as a senior official.",
    "SENIOR STATE DEPARTMENT OFFICIAL: Thanks. A few words on the trip.",
    "OPERATOR: The first question is from Ann Corwin with the Harbor Ledger. Please go ahead.",
    "QUESTION: Hi, thanks. What is the goal of the visit?",
    "SENIOR STATE DEPARTMENT OFFICIAL: The goal is to talk about ports and grain.",
    "QUESTION: And will there be a joint statement?",
    "SENIOR STATE DEPARTMENT OFFICIAL: We expect one.",
    "MODERATOR: Next question, please.",
    "OPERATOR: Bo Lindqvist with Nordic Wire is next.",
    "QUESTION: Can you hear me?",
    "MODERATOR: Yes, we can.",
    "QUESTION: On sanctions, is there any (inaudible) change?",
    "OPERATOR: He has dropped from the call.",
    "OPERATOR: We'll go to the line of Cy Park with Metro Daily.",
    "QUESTION: Thanks. Is the minister attending?",
    "SENIOR STATE DEPARTMENT OFFICIAL: Yes, she is. (Laughter.)",
    "OPERATOR: We will take the line from Bo Lindqvist again.",
    "QUESTION: Sorry, I was cut off. Any change on sanctions?",
    "SENIOR STATE DEPARTMENT OFFICIAL: No change, Bo.",
    "MODERATOR: Thanks, everyone. That concludes the call.",
  ], "Briefing on Travel"));
  assert.equal(s.kind, "transcript");
  assert.deepEqual(s.ground_rules, { basis: "on_background", attribute_to: "Senior State Department Official" });
  assert.equal(nameOf(s, 3)?.name, "Ann Corwin");
  assert.equal(nameOf(s, 3)?.affiliation, "Harbor Ledger");
  assert.equal(nameOf(s, 5)?.id, nameOf(s, 3)?.id);
  assert.equal(nameOf(s, 9)?.name, "Bo Lindqvist");
  assert.equal(nameOf(s, 14)?.name, "Cy Park");
  assert.equal(nameOf(s, 17)?.id, nameOf(s, 9)?.id, "rejoined caller keeps one participant");
  const q = s.participants.filter((p) => p.role === "questioner");
  assert.equal(q.length, 3);
  const ex = s.exchanges;
  assert.deepEqual(ex[0], { questioner: nameOf(s, 3)!.id, question_turns: [3], answer_turns: [4], follow_up: false });
  assert.equal(ex[1]!.follow_up, true);
  assert.deepEqual(ex[2]!.question_turns, [9, 11], "sound check joins the question; moderator's reply is skipped");
  assert.deepEqual(ex[2]!.answer_turns, [], "cut-off question with no answer");
  const types = s.events.map((e) => `${e.turn}:${e.type}`);
  assert.ok(types.includes("11:inaudible"));
  assert.ok(types.includes("12:dropped"));
  assert.ok(types.includes("15:laughter"));
  assert.ok(types.includes("16:rejoined"));
  assert.equal(s.events.find((e) => e.type === "rejoined")?.participant, nameOf(s, 9)?.id);
  assert.deepEqual(findLeakedNames(s), ["Tess Ridley"]);
  assert.ok(!s.turns.some((t) => t.text.includes("Via Teleconference")), "preamble is not a turn");
});

test("White House gaggle: bare Q, calls by the official, self introduction, answers by name", () => {
  const s = analyze(doc([
    "1:05 P.M. EDT",
    "MS. VANCE: Good afternoon. One thing at the top. With that, Dora.",
    "Q Thanks. Is the bill dead?",
    "MS. VANCE: Not at all. Go ahead, Emil.",
    "Q Hi, this is Emil Roth from Coastline Radio. What about the ports?",
    "MS. VANCE: Thanks, Emil. Ports are fine.",
    "Q And the rail strike?",
    "MS. VANCE: Also fine. Go ahead.",
    "Q Karen, on the budget — when?",
    "MS. VANCE: Soon. (Laughter.)",
    "Q Thank you.",
    "END 1:30 P.M. EDT",
  ]));
  assert.equal(s.turns.length, 10);
  assert.equal(nameOf(s, 1)?.name, "Dora");
  assert.equal(nameOf(s, 3)?.name, "Emil Roth");
  assert.equal(nameOf(s, 3)?.affiliation, "Coastline Radio");
  assert.equal(nameOf(s, 5)?.id, nameOf(s, 3)?.id);
  assert.equal(nameOf(s, 7)?.name, null, "an unnamed new questioner is not given a guessed name");
  assert.notEqual(nameOf(s, 7)?.id, nameOf(s, 5)?.id, "a new floor gets a new participant");
  assert.equal(nameOf(s, 0)?.role, "official");
  assert.equal(s.exchanges.length, 4, "a thank-you starts no exchange");
  assert.equal(s.exchanges[2]!.follow_up, true);
});

test("interview: host from the headline; clarification and interjection", () => {
  const s = analyze(doc([
    "QUESTION: Welcome to the show, Madam Secretary.",
    "DEPUTY SECRETARY LARK: Good to be with you, Rob.",
    "QUESTION: Is the deal done?",
    "DEPUTY SECRETARY LARK: It is close, but —",
    "QUESTION: Close —",
    "DEPUTY SECRETARY LARK: — close enough to sign soon.",
    "SENATOR PIKE: “Sign nothing.”",
    "QUESTION: What do you say to that?",
    "DEPUTY SECRETARY LARK: To the senator or —",
    "QUESTION: To the senator.",
    "DEPUTY SECRETARY LARK: We disagree.",
  ], "Deputy Secretary Ann Lark With Rob Tyne of Sunday Report"));
  const host = s.participants.find((p) => p.role === "questioner");
  assert.equal(host?.name, "Rob Tyne");
  assert.equal(host?.affiliation, "Sunday Report");
  assert.equal(s.participants.find((p) => p.label === "SENATOR PIKE")?.role, "other");
  assert.deepEqual(s.exchanges.map((e) => [e.question_turns, e.answer_turns]), [
    [[0, 2], [3, 5]],
    [[7], [8, 10]],
  ]);
});

test("moderator calling on people by phrase; roles; interpretation events; two officials answer", () => {
  const s = analyze(doc([
    "SECRETARY QUILL: Thank you all for coming.",
    "FOREIGN MINISTER ZORIN: (Via interpreter) It is an honor.",
    "MR. DALE: Our first question will come from Lu Wen of the Daily Star.",
    "Q Mr. Secretary, what did you agree?",
    "SECRETARY QUILL: We agreed on grain.",
    "FOREIGN MINISTER ZORIN: (As interpreted.) And on ports.",
    "MR. DALE: Our next question will come from Ida Moss from Radio Nine.",
    "Q (Off-mike.) Minister, the pause — (pause) — was deliberate?",
    "FOREIGN MINISTER ZORIN: No. (Applause.) (Cross-talk.)",
    "MR. DALE: Thank you, everyone. That concludes our press conference.",
  ]));
  assert.equal(s.participants.find((p) => p.label === "MR. DALE")?.role, "moderator");
  assert.equal(s.participants.find((p) => p.label === "FOREIGN MINISTER ZORIN")?.role, "official");
  assert.equal(nameOf(s, 3)?.name, "Lu Wen");
  assert.equal(nameOf(s, 3)?.affiliation, "Daily Star");
  assert.equal(nameOf(s, 7)?.name, "Ida Moss");
  assert.deepEqual(s.exchanges[0]!.answer_turns, [4, 5]);
  const ev = s.events.map((e) => `${e.turn}:${e.type}`);
  for (const e of ["1:interpretation", "5:interpretation", "7:off_mic", "7:pause", "8:applause", "8:crosstalk"]) assert.ok(ev.includes(e), e);
  assert.equal(s.turns[1]!.label, "FOREIGN MINISTER ZORIN");
});

test("ground rules: release attribution, on the record, none", () => {
  const r = analyze(doc(["Office of the Spokesperson", "The following is attributable to Spokesperson Mia Cole:", "The Secretary spoke with the Minister today."], "Call with the Minister", { kindHint: "readout" }));
  assert.equal(r.kind, "readout");
  assert.deepEqual(r.ground_rules, { basis: null, attribute_to: "Spokesperson Mia Cole" });
  assert.equal(r.turns.length, 0);
  const o = analyze(doc(["MODERATOR: This call is on the record and embargoed until its end.", "MR. HALE: Thanks.", "QUESTION: A question?", "MR. HALE: An answer."]));
  assert.deepEqual(o.ground_rules, { basis: "on_the_record", attribute_to: null, embargo: "end of the call" });
  const n = analyze(doc(["MR. HALE: Hello.", "QUESTION: Will you brief on background later?", "MR. HALE: No."]));
  assert.equal(n.ground_rules.basis, null, "a reporter's words are not ground rules");
  const d = analyze(doc(["MODERATOR: This is on deep background.", "OFFICIAL: Thanks.", "QUESTION: Q?", "OFFICIAL: A."]));
  assert.equal(d.ground_rules.basis, "deep_background");
});

test("metadata is copied; non-transcripts keep kindHint", () => {
  const s = analyze(doc(["A plain release paragraph.", "Another one."], "Grant Awarded", { section: "Office X", published: "2024-01-02", dateline: "WASHINGTON", kindHint: "press_release" }));
  assert.equal(s.headline, "Grant Awarded");
  assert.equal(s.section, "Office X");
  assert.equal(s.published, "2024-01-02");
  assert.equal(s.dateline, "WASHINGTON");
  assert.equal(s.kind, "press_release");
  assert.equal(analyze(doc(["Nothing here."], "X")).kind, "other");
});
