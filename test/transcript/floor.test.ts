/**
 * Floor-tracking rules on inputs of our own wording (never corpus text): who has the floor,
 * how they are named, and where exchanges start and end (labeling.md, "Participants and
 * roles" and "Exchanges").
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze, readCall, readSelfIntro } from "../../src/transcript/index.js";
import { canonicalLabels, readOutletCall } from "../../src/transcript/participants.js";
import type { Structure } from "../../src/core/transcript-types.js";
import { doc } from "./helpers.js";

const who = (s: Structure, turn: number) => s.participants.find((p) => p.id === s.turns[turn]!.speaker)!;
const ex = (s: Structure) => s.exchanges.map((e) => `${e.question_turns.join(",")}>${e.answer_turns.join(",")}${e.follow_up ? "F" : ""}`);

test("two reporters called in a row are two participants ('Name?' is a call)", () => {
  const s = analyze(doc([
    "THE GOVERNOR: The levee work is done. Marisol.",
    "Q Governor, when do the pumps restart?",
    "THE GOVERNOR: Tomorrow at noon. Tobiah?",
    "Q Will the county pay for any of it?",
    "THE GOVERNOR: The state pays for all of it.",
  ]));
  assert.equal(who(s, 1).name, "Marisol");
  assert.equal(who(s, 3).name, "Tobiah");
  assert.notEqual(who(s, 1).id, who(s, 3).id);
  assert.deepEqual(ex(s), ["1>2", "3>4"]);
});

test("a call closing a long turn, also after 'With that' or 'But'", () => {
  const long = "We opened two bridges this week and three more open next month, on schedule and on budget. ";
  assert.equal(readCall(long + "With that, Orrin, nice to have you back.", "official")?.name, "Orrin");
  assert.equal(readCall(long + "But, Priya Ramaswamy.", "official")?.name, "Priya Ramaswamy");
  const c = readCall("Thank you. We have time for a few. (Via interpreter) Teodor Vasko from the Evening Bulletin, Radio Nord.", "moderator");
  assert.equal(c?.name, "Teodor Vasko");
  assert.equal(c?.affiliation, "Radio Nord");
  const o = readCall("Thanks. Over to Ilse Brandt, the regional daily, KURIER.", "moderator");
  assert.equal(o?.name, "Ilse Brandt");
  assert.equal(o?.affiliation, "KURIER");
});

test("calls by outlet only, or by outlet and name in either order", () => {
  assert.deepEqual(readOutletCall("WXYZ."), { name: null, affiliation: "WXYZ" });
  assert.deepEqual(readOutletCall("Reuters, go ahead."), { name: null, affiliation: "Reuters" });
  assert.deepEqual(readOutletCall("Bloomberg, Tamsin."), { name: "Tamsin", affiliation: "Bloomberg" });
  assert.deepEqual(readOutletCall("Anselm, Reuters — with Reuters."), { name: "Anselm", affiliation: "Reuters" });
  assert.equal(readOutletCall("Okay."), null);
  assert.equal(readOutletCall("Tamsin, please."), null);
});

test("self-introductions inside the question", () => {
  assert.deepEqual(readSelfIntro("Thanks a lot. My name is Oleksa Brovko for Harbor Radio. My question is about grain."), { name: "Oleksa Brovko", affiliation: "Harbor Radio", via: "self" });
  const a = readSelfIntro("Thank you for taking my question. Ruta Kalnina, Baltic Television, Washington correspondent. Is the aid enough?");
  assert.equal(a?.name, "Ruta Kalnina");
  assert.equal(a?.affiliation, "Baltic Television");
  const b = readSelfIntro("Thank you, Minister. Farah Idris from the Gazette. You said earlier that talks would resume.");
  assert.equal(b?.name, "Farah Idris");
  assert.equal(b?.affiliation, "Gazette");
  // a vocative is not a self-introduction
  assert.equal(readSelfIntro("Minister Idris, from the podium you said talks would resume."), null);
});

test("a reporter's own full name replaces the short name from the call", () => {
  const s = analyze(doc([
    "MR. OKAFOR: Bel, go ahead.",
    "QUESTION: Hi. It's Belinda Marsh from Coastal News. What is the timeline for the port?",
    "SECRETARY VANCE: The port reopens in June.",
  ]));
  assert.equal(who(s, 1).name, "Belinda Marsh");
  assert.equal(who(s, 1).affiliation, "Coastal News");
});

test("a new reporter who introduces themself or thanks for the floor is a new participant", () => {
  const s = analyze(doc([
    "MODERATOR: We will take questions now.",
    "Q Thanks. What is the budget for the dam?",
    "SENIOR OFFICIAL: About two billion over five years, most of it in the first two.",
    "Q Yes, thanks for taking my question. Is any of that from private partners?",
    "SENIOR OFFICIAL: A small share, perhaps a tenth, comes from private partners.",
  ]));
  assert.notEqual(who(s, 1).id, who(s, 3).id);
  assert.ok(s.exchanges.every((e) => !e.follow_up));
});

test("a spokesperson who only calls on reporters is the moderator; one long reply is the official's", () => {
  const s = analyze(doc([
    "SECRETARY VANCE: Good morning. The talks went well and will resume next week in the capital.",
    "MR. OKAFOR: Bel, go ahead.",
    "QUESTION: What did the other side offer on tariffs?",
    "SECRETARY VANCE: They offered a phased cut over three years, which we are studying carefully with our partners.",
    "MR. OKAFOR: Dario, please.",
    "QUESTION: Is the harbor deal part of it?",
    "SECRETARY VANCE: It is, and we expect the harbor deal to be signed at the same time as the rest.",
    "MR. OKAFOR: Lena, go ahead.",
    "QUESTION: And the fisheries?",
    "SECRETARY VANCE: Fisheries come later, in a separate round that starts in the autumn.",
    "MR. OKAFOR: WXYZ, go ahead.",
    "QUESTION: Will you meet the premier before you leave?",
    "MR. OKAFOR: I expect to see him tonight at the dinner, and we will talk about the tariff offer and about the harbor project as well, at some length.",
    "MR. OKAFOR: Thanks, everyone.",
  ]));
  assert.equal(who(s, 1).role, "moderator");
  assert.equal(who(s, 12).role, "official");
  assert.equal(who(s, 11).affiliation, "WXYZ");
  assert.deepEqual(ex(s), ["2>3", "5>6", "8>9", "11>12"]);
});

test("cut-off floor bids are separate unnamed reporters and ask nothing", () => {
  const s = analyze(doc([
    "MR. OKAFOR: Harbor Radio.",
    "QUESTION: Secretary —",
    "QUESTION: Madam Secretary, on the harbor —",
    "SECRETARY VANCE: Yes.",
    "QUESTION: — is the dredging funded?",
    "SECRETARY VANCE: It is funded through next year.",
  ]));
  assert.notEqual(who(s, 1).id, who(s, 2).id);
  assert.equal(who(s, 1).affiliation, null);
  assert.deepEqual(ex(s), ["2,4>5"]);
});

test("a question broken by the official's interjections stays one question", () => {
  const s = analyze(doc([
    "MS. HALE: Go ahead, Nico.",
    "Q Is the agency considering a pause on the contracts, given the audit that —",
    "MS. HALE: Which audit?",
    "Q — the one the inspector released on Monday?",
    "MS. HALE: We are reviewing that audit and will say more when the review is done.",
    "Q Did you see the figures?",
    "MS. HALE: Sorry?",
    "Q Did you see the audit figures?",
    "MS. HALE: I have seen them, yes.",
  ]));
  assert.deepEqual(ex(s), ["1,3>4", "5,7>8F"]);
});

test("small talk before the first question and a closing thank-you start no exchange", () => {
  const s = analyze(doc([
    "QUESTION: Merci. Thank you so much for sitting down with us.",
    "SECRETARY VANCE: Thank you, Ines. It's great to be here.",
    "QUESTION: Why did the talks stall last month?",
    "SECRETARY VANCE: They stalled over the schedule for tariff cuts, which is now settled.",
    "QUESTION: Okay. Thank you very much. Gracias.",
    "SECRETARY VANCE: Thank you.",
  ], "Secretary Vance With Ines Duarte of Radio Sur"));
  assert.deepEqual(ex(s), ["0,2>3"]);
});

test("an official's closing thanks ends the floor: a shouted question after it is a new reporter", () => {
  const s = analyze(doc([
    "THE GOVERNOR: Next question. Marisol.",
    "Q When do the pumps restart?",
    "THE GOVERNOR: Tomorrow. Tobiah.",
    "Q Is the county paying for it?",
    "THE GOVERNOR: The state pays. And we'll see you all next week. Thank you very much. Thank you.",
    "Q Governor, did you speak to the mayor about the levee?",
    "THE GOVERNOR: Pardon?",
    "Q Did you speak to the mayor?",
    "THE GOVERNOR: We spoke this morning.",
  ]));
  assert.notEqual(who(s, 5).id, who(s, 3).id);
  assert.equal(who(s, 5).name, null);
  assert.deepEqual(ex(s).slice(-1), ["5,7>8"]);
});

test("hand-offs: an official passing to a colleague is part of the answer; handing the floor to reporters is not", () => {
  const s = analyze(doc([
    "MODERATOR: First question.",
    "Q How many plants will be built?",
    "SENIOR OFFICIAL ONE: [Senior official], do you want to start with that?",
    "SENIOR OFFICIAL TWO: Sure. Four plants, the first opening next spring in the north.",
    "SENIOR OFFICIAL ONE: And a fifth is planned once the first four are running well.",
    "Q Thanks for doing this. What will they cost?",
    "SENIOR OFFICIAL TWO: Roughly a billion each, paid over the decade through the fund.",
    "SENIOR OFFICIAL ONE: Your turn to ask a question.",
    "SENIOR OFFICIAL TWO: Oh, right.",
  ]));
  assert.deepEqual(ex(s), ["1>2,3,4", "5>6"]);
});

test("an echo of the reporter's words or a politician named in passing is not a call", () => {
  const s = analyze(doc([
    "THE GOVERNOR: Go ahead, Marisol.",
    "Q Mayor Brandt said the levee plan ignores the river towns.",
    "THE GOVERNOR: Brandt.",
    "Q Do you agree with him?",
    "THE GOVERNOR: No. I spoke with Mayor Brandt.",
    "Q Marisol again — will you meet him?",
    "THE GOVERNOR: Yes.",
  ]));
  assert.equal(who(s, 3).name, "Marisol");
  assert.ok(!s.participants.some((p) => p.name === "Brandt" && p.role === "questioner"));
  assert.equal(readCall("We met on Monday. I spoke with Governor Halvorsen.", "official"), null);
});

test("a misprinted label is the same speaker as the label it misspells", () => {
  const raw = (labels: string[]) => labels.map((label, i) => ({ label, direction: null, paragraphs: ["x"], paragraph: i, offset: 0 }));
  const c = canonicalLabels(raw(["FOREIGN MINISTER HALVORSEN", "FOREIGN MINISTER HALVORSEN", "FOREIGN MINISTRE HALVORSEN", "MINISTER DU PRE", "MINISTER DU PRE", "MINISTER DI PRE"]));
  assert.equal(c.get("FOREIGN MINISTRE HALVORSEN"), "FOREIGN MINISTER HALVORSEN");
  assert.equal(c.get("MINISTER DI PRE"), "MINISTER DU PRE");
  const d = canonicalLabels(raw(["MR. WANG", "MR. WANG", "MR. WONG", "MS. LEE", "MR. LEE", "MR. LEE", "OFFICIAL ONE", "OFFICIAL ONE", "OFFICIAL TWO"]));
  assert.equal(d.size, 0);
  const s = analyze(doc(["FOREIGN MINISTER HALVORSEN: Welcome.", "QUESTION: Why now?", "FOREIGN MINISTRE HALVORSEN: Because the season ends."]));
  assert.equal(s.turns[0]!.speaker, s.turns[2]!.speaker);
});

test("a paragraph that is only a stage direction is an `other` event; a statement issued under a person's name", () => {
  const s = analyze(doc(["MODERATOR: Please queue up.", "(Staff distribute the handouts.)", "Q What is in the packet?", "MR. HALE: The schedule."]));
  assert.ok(s.events.some((e) => e.type === "other" && e.turn === 0));
  const st = analyze(doc(["I welcome today's release of the two sailors.", "We will keep working for the others."], "Release of Two Sailors", { section: "Jane Q. Doe, Secretary of State" }));
  assert.equal(st.kind, "statement");
});
