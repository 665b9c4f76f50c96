/**
 * Background names are never served: a background call of our own writing whose moderator
 * names the briefer is imported through the real importer (parser + redaction) into a real
 * SQLite store, served on 127.0.0.1, and every surface is checked for the name.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { fixedClock } from "../../src/core/clock.js";
import type { ItemInput } from "../../src/core/item.js";
import type { Structure } from "../../src/core/transcript-types.js";
import { importPaths } from "../../src/importer/import.js";
import { LEAKED_NAME_FLAG, redactForPublication } from "../../src/publish/redact.js";
import { buildServer } from "../../src/publish/server.js";
import { openTestStore, rawQuery } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { T0 } from "./fixtures.js";

const CALL = `Background Briefing on Canal Lock Negotiations

Office of the Spokesperson

Via Teleconference

MODERATOR: Good afternoon, everyone, and thank you for joining this call on the canal lock negotiations. Today you'll be hearing from Jane Doe-Example, who will be referred to as a senior official. This call is on background, and it is embargoed until the end of the call.

SENIOR OFFICIAL: Thanks very much. The negotiators met twice this week and agreed on a schedule for the lock repairs.

MODERATOR: Let's go to Piet Sample of Riverside Courier.

QUESTION: Thanks. When do the repairs begin, and who pays for the gates?

SENIOR OFFICIAL: Work begins in the spring. The costs are shared.

MODERATOR: Next, Lena Placeholder of Delta Radio.

QUESTION: Is the northern lock included, and did Ms. Doe-Example sign off on it?

SENIOR OFFICIAL: It is, yes. (Laughter.)

MODERATOR: Thanks, Jane, and thanks all for joining.
`;

const NAME_PARTS = [/Doe-Example/i, /Jane Doe/i, /Doe.Example/i, /\bJane\b/];

let dir: string;
let store: Store;
let app: FastifyInstance;
let url: string;
let id: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "pressroom-redact-"));
  writeFileSync(join(dir, "canal-lock-call.txt"), CALL);
  store = await openTestStore({ clock: fixedClock(T0) });
  const s = await importPaths(store, [join(dir, "canal-lock-call.txt")]);
  assert.equal(s.imported, 1, JSON.stringify(s.rejected));
  const page = await store.list({});
  id = page.items[0]!.id;
  app = await buildServer({ store, clock: fixedClock(T0), baseUrl: "https://wire.example.org" });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});

after(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; body: string }> {
  const r = await fetch(url + path);
  return { status: r.status, body: await r.text() };
}

function assertNoName(what: string, body: string) {
  for (const re of NAME_PARTS) assert.doesNotMatch(body, re, `${what} leaks the background name (${re})`);
}

test("the briefer's name appears in no HTTP response: pages, API, feeds, search", async () => {
  const paths = [
    "/",
    "/latest",
    `/items/${id}`,
    `/items/${id}/v/1`,
    "/search?q=canal",
    "/search?q=lock&scope=answers",
    "/search?q=northern&scope=questions",
    "/questioners",
    "/outlets",
    "/questioners/piet-sample",
    "/outlets/riverside-courier",
    "/api/v1/items",
    `/api/v1/items/${id}`,
    `/api/v1/items/${id}/versions/1`,
    "/api/v1/search?q=canal",
    "/api/v1/search?q=lock&scope=answers",
    "/api/v1/search?q=northern&scope=questions",
    "/api/v1/questions",
    "/api/v1/questioners",
    "/api/v1/outlets",
    "/feeds/rss.xml",
    "/feeds/atom.xml",
    "/feeds/feed.json",
  ];
  for (const p of paths) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assertNoName(p, r.body);
  }
  // The item page says what happened, and still reads naturally.
  const page = await get(`/items/${id}`);
  assert.match(page.body, /<p class="notice editorial" role="note">Edited: a background official’s name was withheld\.<\/p>/);
  assert.match(page.body, /hearing from a Senior Official, who will be referred to as a senior official/);
  assert.match(page.body, /did a Senior Official sign off on it\?/);
  const api = JSON.parse((await get(`/api/v1/items/${id}`)).body);
  assert.deepEqual(api["pressroom:flags"], [LEAKED_NAME_FLAG]);
  assert.ok(api["pressroom:transcript"].warnings.includes("leaked_name_withheld"));
});

test("searching for the name finds nothing, in any scope", async () => {
  for (const q of ["Doe-Example", "\"Jane Doe-Example\"", "Jane"]) {
    for (const scope of ["all", "questions", "answers"]) {
      const r = JSON.parse((await get(`/api/v1/search?q=${encodeURIComponent(q)}&scope=${scope}`)).body);
      assert.equal(r.total, 0, `${q} in ${scope}`);
    }
    const page = await get(`/search?q=${encodeURIComponent(q)}`);
    assert.match(page.body, /No results/);
    assertNoName("search page results", page.body.replace(/<input id="q"[^>]*>/, "").replace(/<title>[^<]*<\/title>/, ""));
    assert.equal((await store.questions({ q })).total, 0);
  }
});

test("the database keeps the original for the record, outside every served column", async () => {
  {
    const orig = await rawQuery<{ body: string; transcript: string }>(store, "SELECT body, transcript FROM item_originals");
    assert.equal(orig.length, 1);
    assert.match(orig[0]!.body, /Jane Doe-Example/);
    assert.match(orig[0]!.transcript, /Jane Doe-Example/);
    const served = await rawQuery<Record<string, string>>(store, "SELECT v.body, v.transcript, v.flags, i.excerpt, i.headline, i.flags AS iflags FROM item_versions v JOIN items i ON i.seq = v.item_seq");
    for (const row of served) for (const [k, v] of Object.entries(row)) assertNoName(`column ${k}`, v ?? "");
    assert.equal(served[0]!.iflags, JSON.stringify([LEAKED_NAME_FLAG]));
    const qs = await rawQuery<Record<string, string>>(store, "SELECT question, answer, questioner, outlet FROM questions");
    for (const row of qs) for (const [k, v] of Object.entries(row)) assertNoName(`questions.${k}`, v ?? "");
  }
});

function structure(p: Partial<Structure> & Pick<Structure, "turns" | "participants">): Structure {
  return {
    headline: "Background Call on Orchard Subsidies",
    section: null,
    kind: "transcript",
    published: null,
    dateline: null,
    ground_rules: { basis: "deep_background", attribute_to: "Senior Orchard Ministry Official" },
    exchanges: [],
    events: [],
    warnings: ["leaked_name:Tomas Fieldwright"],
    ...p,
  };
}

function inputOf(s: Structure, body: string): ItemInput {
  return {
    identity: "test:orchard",
    contentHash: "h",
    headline: s.headline,
    section: null,
    kind: "transcript",
    published: null,
    dateline: null,
    source: { path: null, url: null, guid: null, name: null, format: "text" },
    body,
    transcript: s,
    groundRules: s.ground_rules,
  };
}

test("redactForPublication: names in text, titles, labels and participants; original kept", () => {
  const s = structure({
    participants: [
      { id: "mod", label: "MODERATOR", role: "moderator", name: null, affiliation: null },
      { id: "off", label: "MR. FIELDWRIGHT", role: "official", name: "Tomas Fieldwright", affiliation: null },
    ],
    turns: [
      { index: 0, speaker: "mod", label: "MODERATOR", text: "Our briefer is Tomas Fieldwright, attributable to a senior official. Over to you, Tomas." },
      { index: 1, speaker: "off", label: "MR. FIELDWRIGHT", text: "Thank you. Fieldwright here; the subsidy stays." },
    ],
  });
  const body = "MODERATOR: Our briefer is Tomas Fieldwright, attributable to a senior official. Over to you, Tomas.\n\nMR. FIELDWRIGHT: Thank you. Fieldwright here; the subsidy stays.";
  const input = inputOf(s, body);
  const r = redactForPublication(input);
  assert.deepEqual(r.flags, [LEAKED_NAME_FLAG]);
  assert.deepEqual(r.input.flags, [LEAKED_NAME_FLAG]);
  assert.equal(r.input.body, "MODERATOR: Our briefer is a Senior Orchard Ministry Official, attributable to a senior official. Over to you, a Senior Orchard Ministry Official.\n\nSENIOR ORCHARD MINISTRY OFFICIAL: Thank you. A Senior Orchard Ministry Official here; the subsidy stays.");
  const t = r.input.transcript!;
  assert.equal(t.participants[1]!.name, null);
  assert.equal(t.participants[1]!.label, "SENIOR ORCHARD MINISTRY OFFICIAL");
  assert.equal(t.turns[1]!.label, "SENIOR ORCHARD MINISTRY OFFICIAL");
  assert.deepEqual(t.warnings, ["leaked_name_withheld"]);
  const { original: _kept, ...served } = r.input;
  assert.doesNotMatch(JSON.stringify(served), /Fieldwright|Tomas/);
  // The original is untouched and kept for the record; the input object was not mutated.
  assert.equal(r.input.original!.body, body);
  assert.equal(input.body, body);
  assert.match(JSON.stringify(r.input.original!.transcript), /Tomas Fieldwright/);
  assert.equal(r.input.contentHash, input.contentHash);
});

test("redactForPublication: no attribution → 'a senior official'; on the record or no leak → unchanged", () => {
  const turns = [{ index: 0, speaker: "mod", label: "MODERATOR", text: "Tomas Fieldwright will brief, referred to as a senior official." }];
  const participants = [{ id: "mod", label: "MODERATOR", role: "moderator" as const, name: null, affiliation: null }];
  const noAttr = structure({ participants, turns, ground_rules: { basis: "on_background", attribute_to: null } });
  const r = redactForPublication(inputOf(noAttr, turns[0]!.text));
  assert.equal(r.input.body, "A senior official will brief, referred to as a senior official.");

  const onRecord = structure({ participants, turns, ground_rules: { basis: "on_the_record", attribute_to: null } });
  const same = inputOf(onRecord, turns[0]!.text);
  assert.equal(redactForPublication(same).input, same);
  assert.deepEqual(redactForPublication(same).flags, []);

  const noLeak = structure({ participants, turns, warnings: [] });
  const same2 = inputOf(noLeak, turns[0]!.text);
  assert.equal(redactForPublication(same2).input, same2);
});
