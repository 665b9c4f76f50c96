/**
 * The PostgreSQL engine (tsvector/GIN, `src/search/pg-fts.ts`) against the SQLite one (FTS5):
 * the same items in both, one table of queries with the hits every query must give, run on
 * both engines. Real databases: a SQLite file and a PostgreSQL schema `p2_parity_<pid>`
 * (created and dropped here) on PRESSROOM_TEST_PG_URL (default 127.0.0.1:5432/test).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { fixedClock } from "../../src/core/clock.js";
import { isPressroomError } from "../../src/core/errors.js";
import type { ItemInput } from "../../src/core/item.js";
import type { Structure } from "../../src/core/transcript-types.js";
import type { SearchQuery, SearchResult, Store } from "../../src/store/store.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { dropPostgresSchema, openPostgresStore } from "../../src/store/pg.js";
import { itemMatches, pgFtsDdl, pgKindIndexDdl, pgSearchEngine, walkToCount } from "../../src/search/pg-fts.js";
import { parseQuery } from "../../src/search/query.js";
import type { StoreCore } from "../../src/store/sqlite-core.js";
import pg from "pg";

const PG_URL = process.env.PRESSROOM_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA = `p2_parity_${process.pid}`;
const T0 = Date.parse("2025-03-01T12:00:00Z");
const D = 86_400_000;

function input(p: Partial<ItemInput> & { identity: string; headline: string; body: string }): ItemInput {
  return {
    identity: p.identity,
    contentHash: createHash("sha256").update(`${p.headline}\n${p.body}`).digest("hex"),
    headline: p.headline,
    section: p.section ?? null,
    kind: p.kind ?? "press_release",
    published: p.published ?? null,
    dateline: null,
    source: { path: null, url: null, guid: p.identity, name: "Test Wire", format: "text" },
    body: p.body,
    transcript: p.transcript ?? null,
    groundRules: { basis: null, attribute_to: null },
  };
}

function briefingInput(): ItemInput {
  const t: Structure = {
    headline: "Daily Briefing on Port Works",
    section: "Briefings",
    kind: "transcript",
    published: "2024-05-02",
    dateline: "Capital City",
    ground_rules: { basis: "on_the_record", attribute_to: null },
    participants: [
      { id: "p1", label: "SPOKESPERSON", role: "official", name: "Dana Example", affiliation: null },
      { id: "p2", label: "QUESTION", role: "questioner", name: "Rui Sample", affiliation: "Harbor Gazette" },
      { id: "p3", label: "QUESTION", role: "questioner", name: "Ola Placeholder", affiliation: "Valley Radio" },
    ],
    turns: [
      { index: 0, speaker: "p1", label: "SPOKESPERSON", text: "Good morning. Today we start with the dredging schedule." },
      { index: 1, speaker: "p2", label: "QUESTION", text: "When will the lighthouse restoration finish?" },
      { index: 2, speaker: "p1", label: "SPOKESPERSON", text: "The lighthouse work ends in autumn, weather permitting." },
      { index: 3, speaker: "p3", label: "QUESTION", text: "What does the bus subsidy cost?" },
      { index: 4, speaker: "p1", label: "SPOKESPERSON", text: "The subsidy comes from the port budget, not from the lighthouse grant." },
    ],
    exchanges: [
      { questioner: "p2", question_turns: [1], answer_turns: [2], follow_up: false },
      { questioner: "p3", question_turns: [3], answer_turns: [4], follow_up: false },
    ],
    events: [],
  };
  const body = t.turns.map((x) => `${x.label}: ${x.text}`).join("\n\n");
  return input({ identity: "H", headline: t.headline, section: "Briefings", kind: "transcript", published: "2024-05-02", body, transcript: t });
}

/** Our own items; keys are one letter. Posted one day apart, in this order. */
const ITEMS: ItemInput[] = [
  input({ identity: "A", headline: "Steel Tariffs Announced", body: "The ministry announced new tariffs on imported steel. Officials said the measure takes effect in June.", section: "Trade", published: "2024-01-05" }),
  input({ identity: "B", headline: "Quota Talks Continue", body: "Negotiators talked about quotas for wheat and steel; no tariff was discussed. Contact: press@example.org or https://example.org/trade-talks.", section: "Trade", kind: "statement", published: "2024-02-01" }),
  input({ identity: "C", headline: "Harbor Ferry Winter Timetable", body: "The harbor ferry runs on a winter timetable from 1.5 hours past dawn. The well-known route to St. Ives is unchanged.", section: "Transport", kind: "media_note", published: "2024-03-01" }),
  input({ identity: "D", headline: "Résumé Clinic at the Café", body: "Generous volunteers review every résumé; naïve questions welcome. Über alles: Straße.", section: "Community" }),
  input({ identity: "E", headline: "U.S. Delegation Visits", body: "The U.S. delegation met officials in São Paulo. The President's schedule: don't expect remarks.", section: "Trade", published: "2023-11-20" }),
  input({ identity: "F", headline: "Weekly Summary Winter", body: "Timetable updates are posted weekly.", section: "Transport", published: "2024-03-02" }),
  input({ identity: "G", headline: "Москва Talks", body: "Переговоры в Москве; 東京都 visit; ΣΊΣΥΦΟΣ myth; coöperation notes.", section: "Trade", published: "2024-04-01" }),
  briefingInput(),
  input({ identity: "J", headline: "Budget 2025 Figures", body: "The 2025 budget rose 3.5 percent to 12,000 million; item 42b and COVID-19 costs. <script>alert('x')</script> & \"quoted\".", section: "Finance", published: "2025-01-02" }),
];

/** Query → the keys of the items it must find (as a set), on both engines. */
const CASES: [SearchQuery, string[]][] = [
  [{ q: "tariff" }, ["A", "B"]],
  [{ q: "tariffs" }, ["A", "B"]],
  [{ q: "TARIFFS" }, ["A", "B"]],
  [{ q: "steel" }, ["A", "B"]],
  [{ q: "steel -quotas" }, ["A"]],
  [{ q: "steel NOT quota" }, ["A"]],
  [{ q: '"winter timetable"' }, ["C"]], // F has "Winter" ending its headline and "Timetable" starting its body
  [{ q: "winter timetable" }, ["C", "F"]],
  [{ q: 'timetable -"winter timetable"' }, ["F"]],
  [{ q: "talk" }, ["B", "G"]],
  [{ q: "resume cafe" }, ["D"]],
  [{ q: "naive" }, ["D"]],
  [{ q: "uber" }, ["D"]],
  [{ q: "Straße" }, ["D"]],
  [{ q: "generous" }, ["D"]],
  [{ q: "cooperation" }, ["G"]],
  [{ q: "U.S." }, ["E"]],
  [{ q: '"u.s." delegation' }, ["E"]],
  [{ q: "sao paulo" }, ["E"]],
  [{ q: "press@example.org" }, ["B"]],
  [{ q: '"trade talks"' }, ["B"]],
  [{ q: "well-known" }, ["C"]],
  [{ q: "1.5 hours" }, ["C"]],
  [{ q: '"3.5 percent"' }, ["J"]],
  [{ q: "COVID-19" }, ["J"]],
  [{ q: "42b" }, ["J"]],
  [{ q: "12,000" }, ["J"]],
  [{ q: "the" }, ["A", "C", "D", "E", "H", "J"]], // no stop words
  [{ q: '"the president"' }, ["E"]],
  [{ q: "don't" }, ["E"]],
  [{ q: "москва" }, ["G"]],
  [{ q: "МОСКВЕ" }, ["G"]],
  [{ q: "東京都" }, ["G"]],
  [{ q: "ΣΊΣΥΦΟΣ" }, ["G"]],
  [{ q: "tariff OR ferry" }, ["A", "B", "C"]],
  [{ q: "steel tariff OR ferry" }, ["A", "B"]],
  [{ q: "ferry | quota" }, ["B", "C"]],
  [{ q: "harbor AND ferry" }, ["C"]],
  [{ q: "ferry or bus" }, []], // lower-case "or" is a word
  [{ q: '"Harbor Gazette"' }, ["H"]], // speakers' outlets
  [{ q: '"sample harbor"' }, ["H"]],
  [{ q: '"radio spokesperson"' }, []], // last speaker word + first body word: different columns
  [{ q: "dredging" }, ["H"]],
  [{ q: "headline:steel" }, []],
  [{ q: "NEAR(steel" }, []],
  [{ q: "steel*" }, ["A", "B"]],
  [{ q: "^steel" }, ["A", "B"]],
  [{ q: "(tariff)" }, ["A", "B"]],
  [{ q: '"unclosed winter timetable' }, []],
  [{ q: '"winter timetable' }, ["C"]],
  [{ q: "script alert" }, ["J"]],
  [{ q: "steel", section: "Trade" }, ["A", "B"]],
  [{ q: "steel", kind: "statement" }, ["B"]],
  [{ q: "timetable", section: "Transport", from: Date.parse("2024-03-02T00:00:00Z") }, ["F"]],
  [{ q: "the", to: Date.parse("2024-01-31T00:00:00Z") }, ["A", "E"]],
  [{ q: "the", from: 1.5, to: 1e300 }, ["A", "C", "D", "E", "H", "J"]],
  [{ q: "lighthouse", scope: "questions" }, ["H"]],
  [{ q: "autumn", scope: "questions" }, []],
  [{ q: "autumn", scope: "answers" }, ["H"]],
];

let sqlite: Store;
let pgStore: Store;
let dir: string;
const idOf = new Map<string, string>();
const keyOf = new Map<string, string>();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "p2-parity-"));
  const clockA = fixedClock(T0);
  const clockB = fixedClock(T0);
  sqlite = await openSqliteStore({ file: join(dir, "wire.db"), clock: clockA });
  await dropPostgresSchema(PG_URL, SCHEMA);
  pgStore = await openPostgresStore({ url: PG_URL, schema: SCHEMA, clock: clockB, poolSize: 2 });
  // Migration 0002 runs pgFtsDdl; its statements are idempotent, so running them again here
  // only matters while the migration and this engine are out of step (a no-op otherwise).
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`SET search_path TO ${SCHEMA}`);
    for (const stmt of [...pgFtsDdl, ...pgKindIndexDdl]) await c.query(stmt);
  } finally {
    await c.end();
  }
  let i = 0;
  for (const it of ITEMS) {
    clockA.set(T0 + i * D);
    clockB.set(T0 + i * D);
    i++;
    const a = await sqlite.upsert(it);
    const b = await pgStore.upsert(it);
    idOf.set(`sqlite:${it.identity}`, a.id);
    idOf.set(`postgres:${it.identity}`, b.id);
    keyOf.set(a.id, it.identity);
    keyOf.set(b.id, it.identity);
  }
});

after(async () => {
  await sqlite?.close();
  await pgStore?.close();
  await dropPostgresSchema(PG_URL, SCHEMA);
  rmSync(dir, { recursive: true, force: true });
});

const engines = () => [["sqlite", sqlite], ["postgres", pgStore]] as const;
const keys = (r: SearchResult) => r.hits.map((h) => keyOf.get(h.item.id) ?? `?${h.item.id}`);

test("the same queries find the same items on SQLite and PostgreSQL", async () => {
  const failures: string[] = [];
  for (const [q, want] of CASES) {
    for (const [name, store] of engines()) {
      const r = await store.search(q);
      const got = [...new Set(keys(r))].sort();
      if (JSON.stringify(got) !== JSON.stringify([...want].sort()) || r.total !== got.length) {
        failures.push(`${name} ${JSON.stringify(q)}: got ${JSON.stringify(got)} total ${r.total}, want ${JSON.stringify(want)}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test("snippets, notices and date order are identical; scores are positive by relevance, 0 by date", async () => {
  for (const [q] of CASES) {
    const [a, b] = await Promise.all([sqlite.search({ ...q, sort: "date" }), pgStore.search({ ...q, sort: "date" })]);
    assert.deepEqual(keys(b), keys(a), `date order of ${JSON.stringify(q)}`);
    assert.deepEqual(b.hits.map((h) => h.snippet), a.hits.map((h) => h.snippet), `snippets of ${JSON.stringify(q)}`);
    assert.equal(b.notice, a.notice);
    assert.ok(b.hits.every((h) => h.score === 0));
    const rel = await pgStore.search(q);
    assert.ok(rel.hits.every((h) => h.score > 0), `relevance scores of ${JSON.stringify(q)}`);
  }
  const j = await pgStore.search({ q: "script" });
  assert.equal(j.hits.length, 1);
  const s = j.hits[0]!.snippet;
  assert.ok(s.includes("&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)"), s);
  assert.equal(s.replace(/<\/?mark>/g, "").includes("<"), false);
});

test("PostgreSQL ranking: headline match first, ten times a body match", async () => {
  for (const [q, first] of [["tariff", "A"], ["timetable", "C"], ["harbor", "C"]] as const) {
    const r = await pgStore.search({ q });
    assert.equal(keys(r)[0], first, q);
    assert.ok(r.hits[0]!.score > r.hits[r.hits.length - 1]!.score, q);
  }
  // "steel": A has it in its headline and body, B in its body only.
  const r = await pgStore.search({ q: "steel" });
  assert.deepEqual(keys(r), ["A", "B"]);
  assert.ok(r.hits[0]!.score > 5 * r.hits[1]!.score, `${r.hits[0]!.score} vs ${r.hits[1]!.score}`);
});

test("pages, totals and bad limits are the same on both engines", async () => {
  for (const [, store] of engines()) {
    const all = await store.search({ q: "the", sort: "date" });
    assert.equal(all.total, 6);
    const p1 = await store.search({ q: "the", sort: "date", limit: 2 });
    const p2 = await store.search({ q: "the", sort: "date", limit: 2, offset: 2 });
    assert.equal(p1.total, 6);
    assert.deepEqual([...keys(p1), ...keys(p2)], keys(all).slice(0, 4));
    // Dated order: D undated (posted 2025-03-04), J 2025-01-02, H 2024-05-02, C 2024-03-01, A 2024-01-05, E 2023-11-20.
    assert.deepEqual(keys(all), ["D", "J", "H", "C", "A", "E"]);
    const past = await store.search({ q: "the", offset: 500 });
    assert.equal(past.hits.length, 0);
    assert.equal(past.total, 6);
    for (const bad of [{ limit: 0 }, { limit: 101 }, { offset: -1 }, { limit: 2.5 }, { sort: "size" }, { scope: "titles" }, { from: Number.NaN }]) {
      await assert.rejects(store.search({ q: "the", ...(bad as object) }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"), JSON.stringify(bad));
    }
  }
});

test("question and answer scopes with questioner/outlet, and questioner pages, agree", async () => {
  for (const [name, store] of engines()) {
    const ex = (r: SearchResult) => r.hits.map((h) => h.question!.exchange).sort();
    const qs = await store.search({ q: "lighthouse", scope: "questions" });
    assert.deepEqual(ex(qs), [0], name);
    assert.equal(qs.hits[0]!.question!.questioner, "Rui Sample");
    assert.match(qs.hits[0]!.snippet, /<mark>lighthouse<\/mark>/);
    assert.deepEqual(ex(await store.search({ q: "lighthouse", scope: "answers" })), [0, 1], name);
    assert.deepEqual(ex(await store.search({ q: "lighthouse", scope: "answers", outlet: "valley radio" })), [1], name);
    assert.deepEqual(ex(await store.search({ q: "lighthouse", scope: "answers", questioner: "RUI  sample" })), [0], name);
    assert.deepEqual(ex(await store.search({ q: "subsidy -bus", scope: "questions" })), [], name);
    // The exclusion applies to the answer text only: answer 1 has "subsidy" and no "bus".
    assert.deepEqual(ex(await store.search({ q: "subsidy -bus", scope: "answers" })), [1], name);
    assert.deepEqual(ex(await store.search({ q: "lighthouse", scope: "answers", sort: "date" })), [0, 1], name);

    const list = async (q: Parameters<Store["questions"]>[0]) => (await store.questions(q)).questions.map((x) => x.exchange).sort();
    assert.deepEqual(await list({ questioner: "Rui Sample" }), [0], name);
    assert.deepEqual(await list({ q: "lighthouse" }), [0, 1], name);
    assert.deepEqual(await list({ outlet: "Valley Radio", q: "bus" }), [1], name);
    assert.deepEqual(await list({ q: "restoration autumn" }), [0], name); // question AND answer text
    assert.deepEqual(await list({ q: '"finish the"' }), [], name); // no phrase across question and answer
    const page = await store.questions({ q: "lighthouse", limit: 1 });
    assert.equal(page.total, 2);
    assert.equal(page.questions.length, 1);
    await assert.rejects(store.questions({ q: "-bus" }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_QUERY"));
    await assert.rejects(store.questions({ limit: 0 }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));
  }
});

test("hostile input: results or PRESSROOM_E_BAD_QUERY, never anything else, on PostgreSQL", async () => {
  const inputs = ['"', "AND", "-", "NEAR(", "*", "col:foo", ")))", "NEAR(a b, 2)", "headline:lighthouse", "lighthouse*", "^lighthouse",
    '"unclosed lighthouse', "🎉", "-ferry", "x".repeat(10_240), "lighthouse ".repeat(1000), "\u0000", "' OR 1=1 --", "OR OR OR",
    "a AND OR NOT b", "'", "\\", "a'b", "a\\b", "!a", "a & b", "a <-> b", "a:*", "'a':A", "$1", "::tsquery", "\u{10FFFF}", "\ud800",
    "ǅ", "\u0378word", "-\u19b0 steel", "steel OR \u19b0", "\u19b0", "\u19b0 steel"];
  for (const q of inputs) {
    for (const scope of ["all", "questions", "answers"] as const) {
      for (const [name, store] of engines()) {
        try {
          const r = await store.search({ q, scope });
          assert.ok(Array.isArray(r.hits));
        } catch (e) {
          assert.ok(isPressroomError(e, "PRESSROOM_E_BAD_QUERY"), `${name} ${JSON.stringify(q.slice(0, 40))}: ${String(e)}`);
        }
      }
    }
    for (const [name, store] of engines()) {
      try {
        await store.questions({ q });
      } catch (e) {
        assert.ok(isPressroomError(e, "PRESSROOM_E_BAD_QUERY"), `${name} questions ${JSON.stringify(q.slice(0, 40))}: ${String(e)}`);
      }
    }
  }
  for (const [, store] of engines()) {
    const r = await store.search({ q: '"unclosed lighthouse' });
    assert.ok(r.notice && /quote/.test(r.notice));
    assert.equal((await store.search({ q: "a'b" })).total, 0);
    assert.deepEqual(keys(await store.search({ q: "steel OR \u19b0" })).sort(), ["A", "B"]);
    assert.deepEqual(keys(await store.search({ q: "-\u19b0 steel" })).sort(), ["A", "B"]);
    assert.equal((await store.search({ q: "\u19b0 steel" })).total, 0, "a letter FTS5 does not index: a term that matches nothing");
    await assert.rejects(store.search({ q: "-ferry" }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_QUERY") && /exclude/.test(e.message));
  }
});

test("a new version re-indexes on PostgreSQL: old text is no longer found", async () => {
  await pgStore.upsert(input({ identity: "V", headline: "Old Headline", body: "alpha words" }));
  assert.equal((await pgStore.search({ q: "alpha" })).total, 1);
  await pgStore.upsert(input({ identity: "V", headline: "New Headline", body: "beta words" }));
  assert.equal((await pgStore.search({ q: "alpha" })).total, 0);
  assert.equal((await pgStore.search({ q: "beta" })).total, 1);
  assert.equal((await pgStore.search({ q: '"new headline"' })).total, 1);
});

test("PostgreSQL: matches found by walking the newest items and through the GIN bitmap are the same items", async () => {
  const db = (pgStore as unknown as StoreCore).db;
  const plain = CASES.filter(([q]) => Object.keys(q).length === 1);
  assert.ok(plain.length > 40);
  for (const [q, want] of plain) {
    const { ast } = parseQuery(q.q);
    const where = pgSearchEngine.itemMatches(ast);
    const phrase = /"/.test(q.q);
    const walked = await itemMatches(db, where, phrase, "walk");
    const bitmap = await itemMatches(db, where, phrase, "bitmap");
    const chosen = await itemMatches(db, where, phrase);
    assert.deepEqual([...walked].sort(), [...bitmap].sort(), q.q);
    assert.deepEqual([...chosen].sort(), [...bitmap].sort(), q.q);
    assert.equal(bitmap.length, want.length, q.q);
  }
});

test("PostgreSQL: walking is chosen for words in a large share of the archive (figures measured at 1,000,000 items)", () => {
  const n = 1_000_000;
  assert.equal(walkToCount(997_500, n, false), true, "`the`: 5 ms walking, 84 ms bitmap");
  assert.equal(walkToCount(165_250, n, false), true, "`Blinken`: 32 ms walking, 40 ms bitmap");
  assert.equal(walkToCount(20_766, n, false), false, "`statement` in statements: the bitmap");
  assert.equal(walkToCount(100_096, n, true), true, "`\"the President\" vaccine`: 41 ms walking, 87 ms bitmap (phrases are checked row by row)");
  assert.equal(walkToCount(100_096, n, false), false);
  assert.equal(walkToCount(0, 0, false), false, "never analysed: the bitmap");
});
