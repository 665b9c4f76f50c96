import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fixedClock } from "../../src/core/clock.js";
import { isPressroomError } from "../../src/core/errors.js";
import type { Store } from "../../src/store/store.js";
import { renderSnippet } from "../../src/search/sqlite-fts.js";
import { briefing, item, tempStore } from "../store/fixtures.js";

const T0 = Date.parse("2025-03-01T12:00:00Z");
const D = 86_400_000;
let store: Store;
let done: () => Promise<void>;
const ids: Record<string, string> = {};

before(async () => {
  const clock = fixedClock(T0);
  ({ store, done } = await tempStore(clock));
  const put = async (key: string, p: Parameters<typeof item>[0], at: number) => {
    clock.set(at);
    ids[key] = (await store.upsert(item(p))).id;
  };
  await put("headline", { identity: "h", headline: "Lighthouse Keepers Honored", body: "The council thanked volunteers for their years of service.", section: "Coast Office", published: "2024-01-10" }, T0 - 10 * D);
  await put("body", { identity: "b", headline: "Council Weekly Summary", body: "Among many topics, the council discussed parking, the library roof, and a lighthouse in passing.", section: "Council", published: "2024-02-10" }, T0 - 9 * D);
  await put("phrase", { identity: "p", headline: "Ferry Timetable Changes", body: "The harbor ferry will run on a winter timetable. Timetable changes take effect Monday.", section: "Coast Office", kind: "media_note", published: "2024-03-10" }, T0 - 8 * D);
  await put("split", { identity: "s", headline: "Notes on the Winter Market", body: "The ferry crosses twice daily. Harbor winter storms delay the timetable.", section: "Council", kind: "statement" }, T0 - 7 * D);
  await put("script", { identity: "x", headline: "Website Notice", body: "Someone pasted <script>alert('x')</script> near the word turbine & other \"quoted\" things.", section: "Council" }, T0 - 6 * D);
  await put("accent", { identity: "a", headline: "Résumé Workshop at the Café", body: "Bring a résumé to the café workshop.", section: "Council" }, T0 - 5 * D);
  clock.set(T0 - 4 * D);
  ids.briefing = (await store.upsert(briefing("urn:briefing:s"))).id;
});

after(async () => { await done(); });

const hitIds = (r: { hits: { item: { id: string } }[] }) => r.hits.map((h) => h.item.id);

test("headline match outranks body match", async () => {
  const r = await store.search({ q: "lighthouse" });
  const got = hitIds(r);
  assert.equal(got[0], ids.headline);
  assert.ok(got.includes(ids.body!));
  assert.ok(got.indexOf(ids.headline!) < got.indexOf(ids.body!));
  assert.ok(r.hits[0]!.score > r.hits[r.hits.length - 1]!.score);
  assert.equal(r.total, got.length);
  assert.equal(r.notice, undefined);
});

test("phrases match adjacent words only", async () => {
  const r = await store.search({ q: '"winter timetable"' });
  assert.deepEqual(hitIds(r), [ids.phrase]);
  const loose = await store.search({ q: "winter timetable" });
  assert.deepEqual(new Set(hitIds(loose)), new Set([ids.phrase, ids.split]));
});

test("exclusion of words and phrases", async () => {
  assert.deepEqual(hitIds(await store.search({ q: "ferry -storms" })), [ids.phrase]);
  assert.deepEqual(hitIds(await store.search({ q: 'timetable -"winter timetable"' })), [ids.split]);
});

test("OR between terms", async () => {
  const r = await store.search({ q: "turbine OR parking", sort: "date" });
  assert.deepEqual(hitIds(r), [ids.script, ids.body]);
});

test("case, accents and word endings are folded", async () => {
  assert.deepEqual(hitIds(await store.search({ q: "RESUME cafe" })), [ids.accent]);
  assert.ok(hitIds(await store.search({ q: "timetables" })).includes(ids.phrase!));
});

test("filters: section (name or slug), kind, date range with fallback to posted", async () => {
  assert.deepEqual(new Set(hitIds(await store.search({ q: "ferry", section: "Council" }))), new Set([ids.split]));
  assert.deepEqual(hitIds(await store.search({ q: "ferry", section: "coast-office" })), [ids.phrase]);
  assert.deepEqual(hitIds(await store.search({ q: "ferry", section: "Unknown" })), []);
  assert.deepEqual(hitIds(await store.search({ q: "ferry", kind: "statement" })), [ids.split]);
  // "split" has no published date: it falls back to its posting time (T0 - 7 days).
  assert.deepEqual(hitIds(await store.search({ q: "ferry", from: T0 - 8 * D })), [ids.split]);
  assert.deepEqual(hitIds(await store.search({ q: "ferry", to: Date.parse("2024-12-31T00:00:00Z") })), [ids.phrase]);
  assert.deepEqual(hitIds(await store.search({ q: "lighthouse", from: Date.parse("2024-01-10T00:00:00Z"), to: Date.parse("2024-01-10T00:00:00Z") })), [ids.headline]);
});

test("sort by date: newest dated first", async () => {
  const r = await store.search({ q: "council OR ferry OR lighthouse", sort: "date" });
  const dates = r.hits.map((h) => h.item.publishedAt ?? h.item.postedAt);
  assert.deepEqual(dates, [...dates].sort((a, b) => b - a));
  assert.ok(r.hits.every((h) => h.score === 0));
});

test("limit/offset and total", async () => {
  const all = await store.search({ q: "the", sort: "date" });
  assert.ok(all.total >= 5);
  const p1 = await store.search({ q: "the", sort: "date", limit: 2 });
  const p2 = await store.search({ q: "the", sort: "date", limit: 2, offset: 2 });
  assert.equal(p1.total, all.total);
  assert.equal(p2.total, all.total);
  assert.deepEqual([...hitIds(p1), ...hitIds(p2)], hitIds(all).slice(0, 4));
  const past = await store.search({ q: "the", offset: 500 });
  assert.equal(past.hits.length, 0);
  assert.equal(past.total, all.total);
  for (const bad of [{ limit: 0 }, { limit: 101 }, { offset: -1 }, { limit: 2.5 }]) {
    await assert.rejects(store.search({ q: "the", ...bad }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));
  }
});

test("snippets: HTML escaped, hits in <mark>", async () => {
  const r = await store.search({ q: "turbine" });
  assert.equal(r.hits.length, 1);
  const s = r.hits[0]!.snippet;
  assert.ok(s.includes("<mark>turbine</mark>"), s);
  assert.ok(s.includes("&lt;script&gt;"), s);
  assert.ok(!s.includes("<script"), s);
  assert.ok(s.includes("&amp;") && s.includes("&quot;quoted&quot;") && s.includes("&#39;x&#39;"), s);
  assert.equal(s.replace(/<\/?mark>/g, "").includes("<"), false);
  // A headline-only hit still gets an (escaped) body excerpt.
  const h = await store.search({ q: "keepers" });
  assert.ok(h.hits[0]!.snippet.length > 0);
  assert.equal(renderSnippet("a \ue000<b>\ue001 \ue000c"), "a <mark>&lt;b&gt;</mark> <mark>c</mark>");
});

test("transcripts: turn text and speakers are searchable; question/answer scopes", async () => {
  assert.ok(hitIds(await store.search({ q: "dredging" })).includes(ids.briefing!));
  assert.ok(hitIds(await store.search({ q: "Harbor Gazette" })).includes(ids.briefing!));

  const qs = await store.search({ q: "lighthouse", scope: "questions" });
  assert.equal(qs.hits.length, 1);
  assert.equal(qs.hits[0]!.question!.exchange, 0);
  assert.equal(qs.hits[0]!.question!.questioner, "Rui Sample");
  assert.match(qs.hits[0]!.snippet, /<mark>lighthouse<\/mark>/);

  const as = await store.search({ q: "lighthouse", scope: "answers" });
  assert.deepEqual(as.hits.map((h) => h.question!.exchange).sort(), [0, 1]);
  const filtered = await store.search({ q: "lighthouse", scope: "answers", outlet: "valley radio" });
  assert.deepEqual(filtered.hits.map((h) => h.question!.exchange), [1]);
  const byName = await store.search({ q: "lighthouse", scope: "answers", questioner: "Rui Sample" });
  assert.deepEqual(byName.hits.map((h) => h.question!.exchange), [0]);
  assert.equal((await store.search({ q: "subsidy", scope: "questions" })).total, 1);
  assert.equal((await store.search({ q: "subsidy -bus", scope: "questions" })).total, 0);
});

test("bad queries never throw anything but PRESSROOM_E_BAD_QUERY", async () => {
  for (const q of ['"', "AND", "-", "NEAR(", "*", "col:foo", ")))", "NEAR(a b, 2)", "headline:lighthouse", "lighthouse*", "^lighthouse", '"unclosed lighthouse', "🎉", "-ferry", "x".repeat(10_240), "lighthouse ".repeat(1000), "\u0000", "' OR 1=1 --", "OR OR OR", "a AND OR NOT b"]) {
    for (const scope of ["all", "questions", "answers"] as const) {
      try {
        const r = await store.search({ q, scope });
        assert.ok(Array.isArray(r.hits));
      } catch (e) {
        assert.ok(isPressroomError(e, "PRESSROOM_E_BAD_QUERY"), `${JSON.stringify(q.slice(0, 40))}: ${String(e)}`);
      }
    }
  }
  const r = await store.search({ q: '"unclosed lighthouse' });
  assert.ok(r.notice && /quote/.test(r.notice));
  assert.equal((await store.search({ q: "headline:lighthouse" })).total, 0, "column syntax is literal text");
  await assert.rejects(store.search({ q: "-ferry" }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_QUERY") && /exclude/.test(e.message));
});

test("new version re-indexes: old text no longer found", async () => {
  const clock = fixedClock(T0);
  const t = await tempStore(clock);
  try {
    await t.store.upsert(item({ identity: "v", headline: "Old Headline", body: "alpha words" }));
    await t.store.upsert(item({ identity: "v", headline: "New Headline", body: "beta words" }));
    assert.equal((await t.store.search({ q: "alpha" })).total, 0);
    assert.equal((await t.store.search({ q: "beta" })).total, 1);
    assert.equal((await t.store.search({ q: "words" })).total, 1);
  } finally {
    await t.done();
  }
});
