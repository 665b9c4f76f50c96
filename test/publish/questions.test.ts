/**
 * Transcript structure in the product: the item page (banner with embargo, preamble,
 * linked questioners), scoped search on the page and in the API, questioner and outlet
 * pages, and their API equivalents. Real server, real SQLite store, our own texts.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { ItemInput } from "../../src/core/item.js";
import type { Structure } from "../../src/core/transcript-types.js";
import { embargoSentence, groundRulesSentence } from "../../src/publish/format.js";
import { D, startWire, T0, type Running } from "./fixtures.js";

const s2: Structure = {
  headline: "Background Call on the Sluice Gate Accord",
  section: "Maritime Affairs",
  kind: "transcript",
  published: "2025-02-20T15:00:00-05:00",
  dateline: "Via Teleconference",
  ground_rules: { basis: "on_background", attribute_to: "Senior State Department Official", embargo: "end of the call" },
  participants: [
    { id: "mod", label: "MODERATOR", role: "moderator", name: null, affiliation: null },
    { id: "off", label: "SENIOR STATE DEPARTMENT OFFICIAL", role: "official", name: null, affiliation: null },
    { id: "q1", label: "QUESTION", role: "questioner", name: "Mara Quinn", affiliation: "Tidewater Gazette" },
    { id: "q2", label: "QUESTION", role: "questioner", name: "Olu Testperson", affiliation: "Reuters" },
  ],
  turns: [
    { index: 0, speaker: "mod", label: "MODERATOR", text: "Thanks for joining. This call is on background and embargoed until its end." },
    { index: 1, speaker: "off", label: "SENIOR STATE DEPARTMENT OFFICIAL", text: "The accord on the sluice gates at Fordow Basin is nearly done." },
    { index: 2, speaker: "q2", label: "QUESTION", text: "Does the Fordow Basin accord include the upper sluices?" },
    { index: 3, speaker: "off", label: "SENIOR STATE DEPARTMENT OFFICIAL", text: "Only the lower sluices, for now." },
    { index: 4, speaker: "q1", label: "QUESTION", text: "When will the eel ladders open?" },
    { index: 5, speaker: "off", label: "SENIOR STATE DEPARTMENT OFFICIAL", text: "In early summer, after the Fordow inspection." },
    { index: 6, speaker: "q2", label: "QUESTION", text: "And the cost of the gates?" },
    { index: 7, speaker: "off", label: "SENIOR STATE DEPARTMENT OFFICIAL", text: "Shared by both riparian parties." },
  ],
  exchanges: [
    { questioner: "q2", question_turns: [2], answer_turns: [3], follow_up: false },
    { questioner: "q1", question_turns: [4], answer_turns: [5], follow_up: false },
    { questioner: "q2", question_turns: [6], answer_turns: [7], follow_up: false },
  ],
  events: [{ turn: 3, type: "crosstalk", participant: null }],
};

const preamble = ["Office of the Spokesperson", "February 20, 2025", "Via Teleconference"];
const body = [...preamble, ...s2.turns.map((t) => `${t.label}: ${t.text}`)].join("\n\n");
const p2 = {
  identity: "guid:sluice-gate-accord",
  headline: s2.headline,
  section: s2.section,
  kind: "transcript" as const,
  published: s2.published,
  dateline: s2.dateline,
  source: { path: null, url: null, guid: null, name: "Harbor Department", format: "text" as const },
  body,
  transcript: s2,
  groundRules: s2.ground_rules,
};
const sluice: ItemInput = { ...p2, contentHash: createHash("sha256").update(JSON.stringify(p2)).digest("hex") };

let w: Running;
let sluiceId: string;
before(async () => {
  w = await startWire();
  sluiceId = (await w.store.upsert(sluice)).id;
});
after(async () => {
  await w.close();
});

async function get(path: string): Promise<{ status: number; body: string }> {
  const r = await fetch(w.url + path);
  return { status: r.status, body: await r.text() };
}
async function json(path: string): Promise<{ status: number; body: any }> {
  const r = await get(path);
  return { status: r.status, body: JSON.parse(r.body) };
}

test("ground rules sentence with embargo; null parts are left out", () => {
  assert.equal(
    groundRulesSentence({ basis: "on_background", attribute_to: "Senior State Department Official", embargo: "end of the call" }),
    "On background: attribute to a Senior State Department Official. Embargoed until the end of the call.",
  );
  assert.equal(groundRulesSentence({ basis: null, attribute_to: null, embargo: "3:00 p.m. EDT" }), "Embargoed until 3:00 p.m. EDT.");
  assert.equal(groundRulesSentence({ basis: "deep_background", attribute_to: null, embargo: null }), "On deep background.");
  assert.equal(embargoSentence("until the end of the briefing."), "Embargoed until the end of the briefing.");
  assert.equal(embargoSentence("  "), null);
  assert.equal(embargoSentence(undefined), null);
});

test("item page: full banner, preamble as text (no fake speaker), linked questioners, exchange index", async () => {
  const r = await get(`/items/${sluiceId}`);
  assert.equal(r.status, 200);
  assert.match(r.body, /<section class="ground-rules" aria-label="Ground rules"><p>On background: attribute to a Senior State Department Official\. Embargoed until the end of the call\.<\/p><\/section>/);
  assert.match(r.body, /<section class="preamble" aria-label="Introduction"><p>Office of the Spokesperson<\/p><p>February 20, 2025<\/p><p>Via Teleconference<\/p><\/section>/);
  // The preamble is before the transcript and is no turn; turn 0 is the moderator.
  assert.ok(r.body.indexOf('class="preamble"') < r.body.indexOf('id="turn-0"'));
  assert.equal((r.body.match(/<article class="turn /g) ?? []).length, 8);
  assert.match(r.body, /<article class="turn role-moderator" id="turn-0"/);
  assert.doesNotMatch(r.body, /<span class="label">Office of the Spokesperson/);
  // Questioners link to their pages, outlets to theirs.
  assert.match(r.body, /<a class="questioner" href="\/questioners\/olu-testperson">Olu Testperson<\/a>, <a class="outlet" href="\/outlets\/reuters">Reuters<\/a>/);
  // Index of exchanges, each linking to its anchor, which exists.
  assert.match(r.body, /<h2 id="qindex-title">Questions asked \(3\)<\/h2>/);
  for (const n of [1, 2, 3]) {
    assert.match(r.body, new RegExp(`<a href="#exchange-${n}">`));
    assert.match(r.body, new RegExp(`<span id="exchange-${n}"></span>`));
  }
  assert.match(r.body, /id="turn-3"[^]*?<p class="event event-crosstalk">\[Cross-talk\]<\/p><\/article>/);
  assert.doesNotMatch(r.body, /Edited: a background/);
});

test("search page: labelled 'Search in' control and questioner/outlet fields; scoped results link to exchanges", async () => {
  const empty = await get("/search");
  assert.match(empty.body, /<fieldset class="scope"><legend>Search in:<\/legend>/);
  for (const v of ["all", "questions", "answers"]) assert.match(empty.body, new RegExp(`<label for="scope-${v}"><input type="radio" id="scope-${v}" name="scope" value="${v}"`));
  assert.match(empty.body, /<label for="questioner">Questioner<input id="questioner" name="questioner"/);
  assert.match(empty.body, /<label for="outlet">Outlet<input id="outlet" name="outlet"/);

  const r = await get("/search?q=Fordow&scope=questions&outlet=reuters");
  assert.equal(r.status, 200);
  assert.match(r.body, /<h2 id="results-title">1 result<\/h2>/);
  assert.match(r.body, /id="scope-questions" name="scope" value="questions" checked/);
  assert.match(r.body, new RegExp(`<a href="/items/${sluiceId}#exchange-1">Does the <mark>Fordow</mark> Basin accord`));
  assert.match(r.body, /<a href="\/questioners\/olu-testperson">Olu Testperson<\/a>, <a href="\/outlets\/reuters">Reuters<\/a>/);

  const answers = await get("/search?q=Fordow&scope=answers");
  assert.match(answers.body, /<h2 id="results-title">1 result<\/h2>/);
  assert.match(answers.body, /Answer: <span>In early summer, after the <mark>Fordow<\/mark> inspection/);

  // Questioner with "everything" searches questions, and says so.
  const auto = await get("/search?q=eel&questioner=Mara+Quinn");
  assert.match(auto.body, /limited to questions/);
  assert.match(auto.body, /<h2 id="results-title">1 result<\/h2>/);
  assert.match((await get("/search?q=eel&scope=questions&questioner=Mara+Quinn&page=2")).body, /Result pages|1 result/);

  const bad = await get("/search?q=eel&scope=everywhere");
  assert.equal(bad.status, 400);
  assert.match(bad.body, /Search in must be everything, questions or answers/);
});

test("API search: scope, outlet and questioner; question object with exchange link", async () => {
  const r = await json("/api/v1/search?scope=questions&outlet=Reuters&q=Fordow");
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 1);
  const hit = r.body.results[0];
  assert.equal(hit.id, sluiceId);
  assert.equal(hit.question.questioner, "Olu Testperson");
  assert.equal(hit.question.outlet, "Reuters");
  assert.equal(hit.question.exchange, 0);
  assert.equal(hit.question.url, `https://wire.example.org/items/${sluiceId}#exchange-1`);
  assert.equal(hit.question.outlet_url, "https://wire.example.org/outlets/reuters");
  assert.match(hit.snippet, /<mark>Fordow<\/mark>/);
  assert.equal((await json("/api/v1/search?scope=questions&outlet=Tidewater%20Gazette&q=Fordow")).body.total, 0);
  assert.equal((await json("/api/v1/search?scope=answers&questioner=mara%20quinn&q=Fordow")).body.total, 1);
  const bad = await json("/api/v1/search?q=Fordow&outlet=Reuters");
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, "PRESSROOM_E_BAD_REQUEST");
  assert.equal((await json("/api/v1/search?q=Fordow&scope=nowhere")).status, 400);
});

test("questioner and outlet pages: newest first, exchange links, searchable; index pages", async () => {
  const idx = await get("/questioners");
  assert.equal(idx.status, 200);
  assert.match(idx.body, /<a href="\/questioners\/mara-quinn">Mara Quinn<\/a><span class="meta"> — Tidewater Gazette<\/span> <span class="meta">\(2\)<\/span>/);
  assert.match(idx.body, /<a href="\/questioners\/olu-testperson">Olu Testperson<\/a>/);
  assert.doesNotMatch(idx.body, /questioners\/question"/, "generic QUESTION label is no questioner");
  const outlets = await get("/outlets");
  assert.match(outlets.body, /<a href="\/outlets\/reuters">Reuters<\/a> <span class="meta">\(2\)<\/span>/);
  assert.match(outlets.body, /<a href="\/outlets\/tidewater-gazette">Tidewater Gazette<\/a> <span class="meta">\(2\)<\/span>/);

  const mara = await get("/questioners/mara-quinn");
  assert.equal(mara.status, 200);
  assert.match(mara.body, /<h1>Mara Quinn<\/h1>/);
  assert.match(mara.body, /2 questions asked in the archive, for Tidewater Gazette\./);
  // Newest posted first: the sluice call (posted at T0) before the lighthouse call (T0 − 10 days).
  const a = mara.body.indexOf(`/items/${sluiceId}#exchange-2`);
  const b = mara.body.indexOf(`/items/${w.ids.transcript}#exchange-1`);
  assert.ok(a > 0 && b > 0 && a < b, "newest first, with exchange anchors");
  assert.match(mara.body, /<label for="q">Search the questions by Mara Quinn<input id="q" name="q" type="search"/);

  const reuters = await get("/outlets/reuters?q=Fordow");
  assert.equal(reuters.status, 200);
  assert.match(reuters.body, /<h2 id="questions-title">1 question matching<\/h2>/);
  assert.match(reuters.body, /Does the <mark>Fordow<\/mark> Basin/);
  assert.doesNotMatch(reuters.body, /cost of the gates/);
  assert.match((await get("/outlets/reuters")).body, /2 questions, newest first/);

  assert.equal((await get("/questioners/nobody-at-all")).status, 404);
  assert.equal((await get("/outlets/Bad%20Slug")).status, 404);
  const badQ = await get("/outlets/reuters?q=%22%22");
  assert.equal(badQ.status, 400);
  assert.equal((await get("/outlets/reuters?page=0")).status, 400);
});

test("API: questioners, outlets, questions", async () => {
  const qs = await json("/api/v1/questioners");
  assert.equal(qs.status, 200);
  const mara = qs.body.questioners.find((x: any) => x.name === "Mara Quinn");
  assert.deepEqual(mara, {
    name: "Mara Quinn",
    outlet: "Tidewater Gazette",
    count: 2,
    url: "https://wire.example.org/questioners/mara-quinn",
    questions_url: "https://wire.example.org/api/v1/questions?questioner=Mara+Quinn&outlet=Tidewater+Gazette",
  });
  assert.equal((await json("/api/v1/questioners?outlet=reuters")).body.questioners.length, 1);
  const os = await json("/api/v1/outlets");
  assert.deepEqual(os.body.outlets.map((o: any) => [o.name, o.count]), [["Reuters", 2], ["Tidewater Gazette", 2]]);
  assert.equal(os.body.outlets[0].url, "https://wire.example.org/outlets/reuters");

  const all = await json("/api/v1/questions?outlet=Reuters");
  assert.equal(all.body.total, 2);
  assert.deepEqual(all.body.questions.map((q: any) => q.exchange).sort(), [0, 2]);
  const one = await json("/api/v1/questions?outlet=Reuters&q=Fordow");
  assert.equal(one.body.total, 1);
  assert.equal(one.body.questions[0].url, `https://wire.example.org/items/${sluiceId}#exchange-1`);
  assert.equal(one.body.questions[0].answer, "Only the lower sluices, for now.");
  const newest = await json("/api/v1/questions?questioner=mara%20quinn");
  assert.deepEqual(newest.body.questions.map((q: any) => q.item_id), [sluiceId, w.ids.transcript]);
  assert.equal((await json("/api/v1/questions?limit=0")).status, 400);
  assert.equal((await json("/api/v1/questions?q=%20")).status, 400);
});

test("OpenAPI lists the question routes and the search filters", async () => {
  const doc = (await json("/api/v1/openapi.json")).body;
  for (const p of ["/api/v1/questions", "/api/v1/questioners", "/api/v1/outlets"]) assert.ok(doc.paths[p], p);
  const params = doc.paths["/api/v1/search"].get.parameters.map((p: any) => p.name);
  for (const n of ["scope", "questioner", "outlet"]) assert.ok(params.includes(n), n);
  assert.ok(T0 > D);
});
