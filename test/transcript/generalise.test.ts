/**
 * Generalisation checks on inputs of our own wording (never corpus text), one rule family
 * at a time (labeling.md: Turns, Participants and roles, Ground rules, Events).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, findGroundRules, findLabels, readLineNotice } from "../../src/transcript/index.js";
import { doc } from "./helpers.js";

const label = (p: string) => findLabels(p)[0]?.label ?? null;

test("label shapes", () => {
  assert.equal(label("MR PRICE: Good day."), "MR PRICE");
  assert.equal(label("MS. O'NEILL: Thanks."), "MS. O'NEILL");
  assert.equal(label("MR. JEAN-PIERRE: Hello."), "MR. JEAN-PIERRE");
  assert.equal(label("SENIOR STATE DEPARTMENT OFFICIAL ONE: Sure."), "SENIOR STATE DEPARTMENT OFFICIAL ONE");
  assert.equal(label("DEPUTY SECRETARY SHERMAN: Right."), "DEPUTY SECRETARY SHERMAN");
  const d = findLabels("FOREIGN MINISTER VALDEZ: (Via interpreter) We agree.")[0]!;
  assert.equal(d.label, "FOREIGN MINISTER VALDEZ");
  assert.equal(d.direction, "Via interpreter");
  assert.equal(label("THE SECRETARY (in progress): and so we left."), "THE SECRETARY");
  assert.equal(label("Moderator: Welcome back."), "Moderator");
});

test("not labels: vocatives, preamble headings", () => {
  assert.equal(label("Mr. Secretary, what about the port deal?"), null);
  assert.equal(label("NOTE: times are local."), null);
  assert.equal(label("EMBARGOED: until noon."), null);
  const s = analyze(doc(["SAMPLE CONTENT: written for a test.", "MODERATOR: Hello.", "MR. ODUYA: Thanks.", "QUESTION: Why?", "MR. ODUYA: Because."]));
  assert.equal(s.turns[0]!.label, "MODERATOR");
});

test("White House Q with non-breaking spaces, buried label", () => {
  const s = analyze(doc([
    "MS. RALSTON: Good afternoon. One item. Go ahead, Ivo.",
    "Q\u00a0\u00a0Thanks. What about the bridge?",
    "MS. RALSTON: It opens in May. Q Will it be tolled?",
    "MS. RALSTON: No tolls.",
  ]));
  assert.deepEqual(s.turns.map((t) => t.label), ["MS. RALSTON", "Q", "MS. RALSTON", "Q", "MS. RALSTON"]);
  assert.equal(s.participants.find((p) => p.id === s.turns[1]!.speaker)?.name, "Ivo");
});

test("role-only official labels carry no name; a person label does", () => {
  const s = analyze(doc([
    "MODERATOR: Welcome.",
    "SENIOR MINISTRY OFFICIAL: Thanks.",
    "QUESTION: What next?",
    "SENIOR MINISTRY OFFICIAL: More talks.",
    "FOREIGN MINISTER LE ROUX: I agree.",
  ], "Talks With Foreign Minister Anne Le Roux"));
  const by = (l: string) => s.participants.find((p) => p.label === l);
  assert.equal(by("SENIOR MINISTRY OFFICIAL")?.name, null);
  assert.equal(by("MODERATOR")?.name, null);
  assert.equal(by("FOREIGN MINISTER LE ROUX")?.name, "Anne Le Roux");
});

test("questioner names from calls, self introductions and answers", () => {
  const s = analyze(doc([
    "OPERATOR: Our next question comes from the line of Wren Alcott with Delta Courier. Your line is open.",
    "QUESTION: Do you expect a deal?",
    "MR. HALVERSEN: Not this week, Wren.",
    "OPERATOR: Jun Sato with Bay Radio is next.",
    "QUESTION: Hi, this is Jun Sato from Bay Radio. Is the port open?",
    "MR. HALVERSEN: It is.",
    "OPERATOR: We'll go to the line of Ola Brekke.",
    "QUESTION: And the rail link?",
    "MR. HALVERSEN: Thanks, Ola. Next year.",
  ]));
  const q = s.participants.filter((p) => p.role === "questioner");
  assert.deepEqual(q.map((p) => [p.name, p.affiliation]), [["Wren Alcott", "Delta Courier"], ["Jun Sato", "Bay Radio"], ["Ola Brekke", null]]);
});

test("ground rules in several phrasings, with embargo", () => {
  const g = (t: string) => findGroundRules([t]);
  assert.equal(g("This call is on a background basis.").basis, "on_background");
  assert.equal(g("We are doing this on deep background.").basis, "deep_background");
  assert.equal(g("Welcome to this on-background call.").basis, "on_background");
  assert.equal(g("This briefing is off the record.").basis, "off_the_record");
  assert.equal(g("This call is on background, and the speaker may be quoted as a senior harbor official.").attribute_to, "Senior Harbor Official");
  assert.equal(g("You can attribute what you hear to a senior treasury official.").attribute_to, "Senior Treasury Official");
  assert.equal(g("Our briefer will be identified as a western diplomat.").attribute_to, "Western Diplomat");
  assert.equal(g("This call is embargoed until its end.").embargo, "end of the call");
  assert.equal(g("The call is embargoed until 6:00 a.m. ET tomorrow.").embargo, "6:00 a.m. ET");
  assert.equal(g("This is embargoed until around 1 p.m. when the event starts.").embargo, "around 1 p.m.");
});

test("dropped and rejoined notices in several phrasings", () => {
  assert.deepEqual(readLineNotice("It seems we have lost Maren's line. Let's move on."), { type: "dropped", name: "Maren" });
  assert.deepEqual(readLineNotice("Looks like Maren Holt's line has dropped."), { type: "dropped", name: "Maren Holt" });
  assert.deepEqual(readLineNotice("Maren dropped off. Next question."), { type: "dropped", name: "Maren" });
  assert.equal(readLineNotice("We lost her line.")?.type, "dropped");
  assert.deepEqual(readLineNotice("Maren Holt has rejoined the line."), { type: "rejoined", name: "Maren Holt" });
  assert.deepEqual(readLineNotice("Maren is back."), { type: "rejoined", name: "Maren" });
  assert.deepEqual(readLineNotice("We have Maren back on the line."), { type: "rejoined", name: "Maren" });
  assert.equal(readLineNotice("If your line drops, dial in again."), null);
  const s = analyze(doc([
    "OPERATOR: First, the line of Maren Holt with Fjord Post.",
    "QUESTION: On fees — (inaudible)",
    "OPERATOR: It seems we have lost Maren's line. Next, Pell Ruiz with City Wire.",
    "QUESTION: Are fees rising?",
    "MS. ADEYEMI: No.",
    "OPERATOR: We have Maren back on the line. Maren, go ahead.",
    "QUESTION: Sorry. On fees, are they rising for ferries?",
    "MS. ADEYEMI: Not for ferries either.",
  ]));
  const maren = s.participants.find((p) => p.name === "Maren Holt")!;
  assert.ok(maren);
  assert.equal(s.turns[6]!.speaker, maren.id, "the caller keeps one participant after the drop");
  assert.deepEqual(s.events.filter((e) => e.type === "dropped" || e.type === "rejoined").map((e) => [e.turn, e.type, e.participant]), [[2, "dropped", maren.id], [5, "rejoined", maren.id]]);
});

test("stage directions map to event types", () => {
  const s = analyze(doc(["MR. ODE: Well (laughter) yes. (Applause.) (crosstalk) (off mic) (As interpreted.) (Inaudible.)", "QUESTION: (Pause.) Why?"]));
  assert.deepEqual(s.events.map((e) => e.type).sort(), ["applause", "crosstalk", "inaudible", "interpretation", "laughter", "off_mic", "pause"]);
});
