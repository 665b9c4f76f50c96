import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { countersSentence, displayPublished, groundRulesSentence } from "../../src/publish/format.js";
import { startWire, type Running } from "./fixtures.js";

let w: Running;
before(async () => {
  w = await startWire();
});
after(async () => {
  await w.close();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const r = await fetch(w.url + path, { headers });
  return { status: r.status, body: await r.text(), headers: r.headers };
}

function count(hay: string, needle: RegExp): number {
  return (hay.match(needle) ?? []).length;
}

/** Every page: one <main>, exactly one <h1>, skip link, landmarks, all feeds advertised. */
function assertPageShape(body: string): void {
  assert.equal(count(body, /<main\b/g), 1, "one <main>");
  assert.equal(count(body, /<h1\b/g), 1, "exactly one <h1>");
  assert.match(body, /<a class="skip" href="#main">/);
  assert.match(body, /<header class="site">/);
  assert.match(body, /<nav class="site" aria-label="Site">/);
  assert.match(body, /<footer class="site">/);
  assert.match(body, /<link rel="alternate" type="application\/rss\+xml" title="Harbor Wire \(RSS\)" href="https:\/\/wire\.example\.org\/feeds\/rss\.xml"\/>/);
  assert.match(body, /<link rel="alternate" type="application\/atom\+xml"[^>]*href="https:\/\/wire\.example\.org\/feeds\/atom\.xml"\/>/);
  assert.match(body, /<link rel="alternate" type="application\/feed\+json"[^>]*href="https:\/\/wire\.example\.org\/feeds\/feed\.json"\/>/);
  assert.match(body, /<link rel="stylesheet" href="\/assets\/site-[A-Za-z0-9_-]{12}\.css"\/>/, "the site's style sheet is linked");
  assert.doesNotMatch(body, /<style>[^<]*box-sizing/, "not inlined");
}

test("counters sentence: singular, plural and en-US grouping", () => {
  assert.equal(countersSentence(1, 1), "There was 1 press release posted in the last 24 hours and 1 in the last 365 days");
  assert.equal(countersSentence(143, 451514), "There were 143 press releases posted in the last 24 hours and 451,514 in the last 365 days");
  assert.equal(countersSentence(0, 2), "There were 0 press releases posted in the last 24 hours and 2 in the last 365 days");
  assert.equal(countersSentence(1234, 1234567), "There were 1,234 press releases posted in the last 24 hours and 1,234,567 in the last 365 days");
});

test("published time: source offset kept and named, date alone, UTC otherwise", () => {
  assert.deepEqual(displayPublished("2021-04-30T17:40:00-04:00", null), { datetime: "2021-04-30T21:40:00Z", text: "April 30, 2021, 5:40 PM EDT" });
  assert.deepEqual(displayPublished("2025-02-27T17:40:00-05:00", null), { datetime: "2025-02-27T22:40:00Z", text: "February 27, 2025, 5:40 PM EST" });
  assert.deepEqual(displayPublished("2021-05-24T09:00:00+03:00", null), { datetime: "2021-05-24T06:00:00Z", text: "May 24, 2021, 9:00 AM UTC+3" });
  assert.deepEqual(displayPublished("2023-05-01", null), { datetime: "2023-05-01", text: "May 1, 2023" });
  assert.deepEqual(displayPublished(null, Date.parse("2025-03-01T12:00:00Z")), { datetime: "2025-03-01T12:00:00Z", text: "March 1, 2025, 12:00 PM UTC" });
});

test("ground rules sentence", () => {
  assert.equal(groundRulesSentence({ basis: "on_background", attribute_to: "Senior State Department Official" }), "On background: attribute to a Senior State Department Official.");
  assert.equal(groundRulesSentence({ basis: "on_background", attribute_to: "Administration Official" }), "On background: attribute to an Administration Official.");
  assert.equal(groundRulesSentence({ basis: null, attribute_to: null }), null);
});

test("home: counters from the store with singular wording, latest items, sections with counts", async () => {
  const r = await get("/");
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type")!, /^text\/html; charset=utf-8/);
  assertPageShape(r.body);
  // At T0: the release was posted 2 h ago, the transcript 10 days ago, the hostile item 400 days ago.
  assert.match(r.body, /There was 1 press release posted in the last 24 hours and 2 in the last 365 days\./);
  assert.match(r.body, new RegExp(`<a class="item-title" href="/items/${w.ids.release}">Coastal Ferry Service Adds Night Crossings</a>`));
  assert.match(r.body, /<a href="\/sections\/transport-office">Transport Office<\/a> <span class="meta">\(2\)<\/span>/);
  assert.match(r.body, /<a href="\/sections\/maritime-affairs">Maritime Affairs<\/a> <span class="meta">\(1\)<\/span>/);
  assert.match(r.body, /<label for="q">/);
});

test("home on an empty store explains how to import and how to load the demo", async () => {
  const empty = await startWire({ empty: true });
  try {
    const r = await fetch(empty.url + "/");
    const body = await r.text();
    assert.equal(r.status, 200);
    assertPageShape(body);
    assert.match(body, /There were 0 press releases posted in the last 24 hours and 0 in the last 365 days/);
    assert.match(body, /<code>pressroom import PATH<\/code>/);
    assert.match(body, /<code>pressroom serve --demo<\/code>/);
  } finally {
    await empty.close();
  }
});

test("transcript page: ground rules banner, speakers with roles, question index with anchors, events", async () => {
  const r = await get(`/items/${w.ids.transcript}`);
  assert.equal(r.status, 200);
  assertPageShape(r.body);
  assert.match(r.body, /<h1>Background Briefing on the Lighthouse Treaty Talks<\/h1>/);
  assert.match(r.body, /<section class="ground-rules" aria-label="Ground rules"><p>On background: attribute to a Senior Harbor Department Official\.<\/p><\/section>/);
  assert.ok(r.body.indexOf("ground-rules") < r.body.indexOf('id="turn-0"'), "banner before the transcript");
  // Roles are distinct classes, labels shown.
  assert.match(r.body, /<article class="turn role-operator" id="turn-0"[^>]*><p class="speaker"><span class="label">OPERATOR<\/span><span class="who"> — Dana<\/span><span class="role">Operator<\/span>/);
  assert.match(r.body, /<article class="turn role-moderator" id="turn-1"/);
  assert.match(r.body, /<article class="turn role-official" id="turn-2"[^>]*><p class="speaker"><span class="label">SENIOR HARBOR DEPARTMENT OFFICIAL<\/span><span class="role">Official<\/span>/);
  assert.match(r.body, /<article class="turn role-questioner" id="turn-4"[^>]*><p class="speaker"><span class="label">QUESTION<\/span><span class="who"> — <a class="questioner" href="\/questioners\/mara-quinn">Mara Quinn<\/a>, <a class="outlet" href="\/outlets\/tidewater-gazette">Tidewater Gazette<\/a><\/span><span class="role">Questioner<\/span>/);
  // Paragraphs of a turn stay paragraphs.
  assert.match(r.body, /<p>The treaty talks resume next week\.<\/p><p>We expect the keeper rotation to be the main topic\.<\/p>/);
  // Question index: who asked, outlet, links to exchange and turn anchors that exist.
  assert.match(r.body, /<h2 id="qindex-title">Questions asked \(2\)<\/h2>/);
  assert.match(r.body, /<a href="#exchange-1">Mara Quinn \(Tidewater Gazette\)<\/a>/);
  assert.match(r.body, /<a href="#exchange-2">Unnamed reporter<\/a>/);
  assert.match(r.body, /<a href="#turn-4">4<\/a>, <a href="#turn-5">5<\/a>/);
  assert.match(r.body, /<span id="exchange-1"><\/span><article class="turn role-questioner" id="turn-4"/);
  assert.match(r.body, /<span id="exchange-2"><\/span><article class="turn role-questioner" id="turn-6"/);
  // Event inline in its turn.
  assert.match(r.body, /id="turn-5"[^]*?<p class="event event-laughter">\[Laughter\]<\/p><\/article>/);
  // Facts.
  assert.match(r.body, /<dd><a href="\/sections\/maritime-affairs">Maritime Affairs<\/a><\/dd>/);
  assert.match(r.body, /<dt>Kind<\/dt><dd>Transcript<\/dd>/);
  assert.match(r.body, /<dt>Dateline<\/dt><dd>Via Teleconference<\/dd>/);
  assert.match(r.body, /<time datetime="2024-08-12T14:00:00Z">August 12, 2024, 10:00 AM EDT<\/time>/);
  // Section feeds advertised on the item page too.
  assert.match(r.body, /href="https:\/\/wire\.example\.org\/sections\/maritime-affairs\/rss\.xml"/);
});

test("release page: body paragraphs, source link, published time in the source's offset", async () => {
  const r = await get(`/items/${w.ids.release}`);
  assert.equal(r.status, 200);
  assertPageShape(r.body);
  assert.match(r.body, /<time datetime="2025-02-27T22:40:00Z">February 27, 2025, 5:40 PM EST<\/time>/);
  assert.match(r.body, /<a href="https:\/\/transport\.example\.gov\/news\/ferry-night" rel="nofollow noopener">Transport Office<\/a>/);
  assert.match(r.body, /<div class="body"><p>The Coastal Ferry Service will run three extra crossings each night from April\.<\/p><p>Tickets for the lanternfish route/);
  assert.doesNotMatch(r.body, /ground-rules"/);
  assert.match(r.headers.get("cache-control")!, /max-age=5,/);
  // The account slot is filled on the rendered page and on the kept copy alike; the kept copy
  // revalidates by its ETag.
  for (const page of [r, await get(`/items/${w.ids.release}`)]) {
    assert.match(page.body, /<li class="account-slot"><a href="\/login">Sign in<\/a><\/li>/);
    assert.doesNotMatch(page.body, /pressroom:account/);
  }
  const again = await get(`/items/${w.ids.release}`);
  assert.equal(again.body, r.body);
  assert.equal(again.headers.get("etag"), r.headers.get("etag"));
  assert.equal((await get(`/items/${w.ids.release}`, { "if-none-match": r.headers.get("etag")! })).status, 304);
});

test("hostile headline and body are escaped everywhere", async () => {
  const page = await get(`/items/${w.ids.hostile}`);
  assert.equal(page.status, 200);
  assertPageShape(page.body);
  assert.doesNotMatch(page.body, /<script/i);
  assert.doesNotMatch(page.body, /<img/i);
  assert.doesNotMatch(page.body, /<b>Bold/);
  assert.match(page.body, /<h1>&lt;script>alert\(&quot;pwned&quot;\)&lt;\/script> &amp; &quot;Quotes&quot; Ltd<\/h1>/);
  assert.match(page.body, /A statement with &lt;img src=x onerror=alert\(1\)>/);
  const home = await get("/sections/transport-office");
  assert.doesNotMatch(home.body, /<script/i);
  const rss = await get("/sections/transport-office/rss.xml");
  assert.match(rss.body, /<title>&lt;script&gt;alert\(&quot;pwned&quot;\)&lt;\/script&gt; &amp; &quot;Quotes&quot; Ltd<\/title>/);
  const parsed = parseRssFeed(rss.body);
  assert.ok(parsed.items!.some((i) => i.title === `<script>alert("pwned")</script> & "Quotes" Ltd`));
});

test("unknown ids, bad id formats, unknown versions and sections → 404 pages", async () => {
  for (const p of ["/items/no-such-item-00000000", "/items/bad%20id%3Cx%3E", `/items/${w.ids.release}/v/7`, `/items/${w.ids.release}/v/zero`, "/sections/no-such-section", "/nowhere"]) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.match(r.headers.get("content-type")!, /^text\/html/);
    assertPageShape(r.body);
    assert.match(r.body, /PRESSROOM_E_NOT_FOUND/);
    assert.equal(r.headers.get("cache-control"), "no-store");
  }
  const api = await get("/api/v1/items/no-such-item");
  assert.equal(api.status, 404);
  assert.deepEqual(JSON.parse(api.body), { error: { code: "PRESSROOM_E_NOT_FOUND", message: "no such item: no-such-item" } });
});

test("older versions are served under /items/:id/v/:version", async () => {
  const edited = { ...(await w.store.get(w.ids.release))! };
  const r = await w.store.upsert({ ...edited, headline: "Coastal Ferry Service Adds Night Crossings (Updated)", contentHash: "f".repeat(64) });
  assert.equal(r.version, 2);
  const latest = await get(`/items/${w.ids.release}`);
  assert.match(latest.body, /<h1>Coastal Ferry Service Adds Night Crossings \(Updated\)<\/h1>/);
  assert.match(latest.body, new RegExp(`<a href="/items/${w.ids.release}/v/1">v1</a>`));
  const v1 = await get(`/items/${w.ids.release}/v/1`);
  assert.equal(v1.status, 200);
  assertPageShape(v1.body);
  assert.match(v1.body, /<h1>Coastal Ferry Service Adds Night Crossings<\/h1>/);
  assert.match(v1.body, /You are reading version 1 of 2\./);
  const api = JSON.parse((await get(`/api/v1/items/${w.ids.release}/versions/1`)).body);
  assert.equal(api.version, "1");
});

test("search page: labelled form, highlighted snippets, filters, pagination-safe", async () => {
  const empty = await get("/search");
  assert.equal(empty.status, 200);
  assertPageShape(empty.body);
  assert.match(empty.body, /<label for="q">/);
  assert.match(empty.body, /<label for="section">/);
  assert.match(empty.body, /<label for="kind">/);
  assert.match(empty.body, /<label for="from">/);
  assert.doesNotMatch(empty.body, /results-title/);

  const r = await get("/search?q=lanternfish");
  assert.equal(r.status, 200);
  assertPageShape(r.body);
  assert.match(r.body, /<h2 id="results-title">2 results<\/h2>/);
  assert.match(r.body, /<mark>lanternfish<\/mark>/);
  assert.match(r.body, /value="lanternfish"/);

  const filtered = await get("/search?q=lanternfish&kind=press_release");
  assert.match(filtered.body, /<h2 id="results-title">1 result<\/h2>/);
  assert.match(filtered.body, /Coastal Ferry Service Adds Night Crossings/);

  const none = await get("/search?q=lanternfish&from=2030-01-01");
  assert.match(none.body, /No results/);
});

test("search page: bad queries and bad filters → 400 with a clear message, never 500", async () => {
  for (const p of ["/search?q=-lanternfish", "/search?q=%21%21%21", "/search?q=ferry&from=2021-02-30", "/search?q=ferry&kind=poem", "/search?q=ferry&page=0", "/search?q=ferry&sort=sideways", "/search?q=ferry&from=2025-01-02&to=2025-01-01"]) {
    const r = await get(p);
    assert.equal(r.status, 400, p);
    assertPageShape(r.body);
    assert.match(r.body, /<p class="error" role="alert">/, p);
    assert.match(r.body, /<label for="q">/, "the form stays");
  }
  const neg = await get("/search?q=-lanternfish");
  assert.match(neg.body, /only excludes terms/);
});

test("section page lists its items and advertises its feeds", async () => {
  const r = await get("/sections/maritime-affairs");
  assert.equal(r.status, 200);
  assertPageShape(r.body);
  assert.match(r.body, /<h1>Maritime Affairs<\/h1>/);
  assert.match(r.body, /1 item in this section\./);
  assert.match(r.body, /Background Briefing on the Lighthouse Treaty Talks/);
  assert.doesNotMatch(r.body, /Coastal Ferry/);
  assert.match(r.body, /type="application\/atom\+xml" title="Maritime Affairs — Harbor Wire \(Atom\)" href="https:\/\/wire\.example\.org\/sections\/maritime-affairs\/atom\.xml"/);
});

test("API: items list as ninjs with cursor pagination and filters", async () => {
  const r = await get("/api/v1/items?limit=2");
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type")!, /^application\/json/);
  const page = JSON.parse(r.body);
  assert.equal(page.items.length, 2);
  assert.equal(typeof page.next_cursor, "string");
  const first = page.items[0];
  assert.equal(first.uri, `https://wire.example.org/items/${w.ids.release}`);
  assert.equal(first.type, "text");
  assert.equal(first.representationtype, "partial");
  assert.equal(first.pubstatus, "usable");
  assert.equal(first.contentcreated, "2025-02-27T17:40:00-05:00");
  assert.equal(first.firstcreated, new Date(Date.parse("2025-03-01T10:00:00Z")).toISOString());
  assert.deepEqual(first.subjects, [{ name: "Transport Office", rel: "section", literal: "transport-office", uri: "https://wire.example.org/sections/transport-office" }]);
  assert.deepEqual(first.genres, [{ name: "Press release", literal: "press_release" }]);
  assert.equal(first.located, "PORT ELLEN");
  assert.deepEqual(first.links[0], { rel: "canonical", href: `https://wire.example.org/items/${w.ids.release}`, type: "text/html" });
  const next = JSON.parse((await get(`/api/v1/items?limit=2&cursor=${encodeURIComponent(page.next_cursor)}`)).body);
  assert.equal(next.items.length, 1);
  assert.equal(next.items[0]["pressroom:id"], w.ids.hostile);
  assert.equal(next.next_cursor, null);

  const transcripts = JSON.parse((await get("/api/v1/items?kind=transcript")).body);
  assert.deepEqual(transcripts.items.map((i: { "pressroom:id": string }) => i["pressroom:id"]), [w.ids.transcript]);
  const dated = JSON.parse((await get("/api/v1/items?from=2024-08-12&to=2024-08-12")).body);
  assert.deepEqual(dated.items.map((i: { "pressroom:id": string }) => i["pressroom:id"]), [w.ids.transcript]);
});

test("API: one item as full ninjs with the transcript extension", async () => {
  const r = await get(`/api/v1/items/${w.ids.transcript}`);
  assert.equal(r.status, 200);
  const it = JSON.parse(r.body);
  assert.equal(it.representationtype, "full");
  assert.equal(it.version, "1");
  assert.deepEqual(it.headlines, [{ role: "main", value: "Background Briefing on the Lighthouse Treaty Talks" }]);
  assert.equal(it.bodies[0].role, "text");
  assert.equal(it.bodies[0].contenttype, "text/plain");
  assert.match(it.bodies[0].value, /^OPERATOR: Welcome, everyone\./);
  assert.deepEqual(it.standard, { name: "ninjs", version: "2.1", schema: "https://wire.example.org/api/v1/schema/ninjs-pressroom.json" });
  assert.deepEqual(it["pressroom:groundrules"], { basis: "on_background", attribute_to: "Senior Harbor Department Official" });
  const t = it["pressroom:transcript"];
  assert.equal(t.participants.length, 5);
  assert.deepEqual(t.participants[3], { id: "q1", label: "QUESTION", role: "questioner", name: "Mara Quinn", affiliation: "Tidewater Gazette" });
  assert.equal(t.turns.length, 8);
  assert.deepEqual(t.exchanges[0], { questioner: "q1", question_turns: [4], answer_turns: [5], follow_up: false });
  const schema = await get("/api/v1/schema/ninjs-pressroom.json");
  assert.equal(schema.status, 200);
  assert.equal(JSON.parse(schema.body).allOf[0].$ref, "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#/$defs/ninjsType");
});

test("API: search and stats", async () => {
  const s = JSON.parse((await get("/api/v1/search?q=lanternfish&kind=press_release")).body);
  assert.equal(s.total, 1);
  assert.equal(s.results[0].id, w.ids.release);
  assert.equal(s.results[0].url, `https://wire.example.org/items/${w.ids.release}`);
  assert.match(s.results[0].snippet, /<mark>lanternfish<\/mark>/);
  const stats = JSON.parse((await get("/api/v1/stats")).body);
  assert.equal(stats.items, 3);
  assert.equal(stats.last24h, 1);
  assert.equal(stats.last365d, 2);
  assert.deepEqual(stats.sections, { "Maritime Affairs": 1, "Transport Office": 2 });
});

test("API: bad parameters → 400 JSON with the error code", async () => {
  const cases: [string, string][] = [
    ["/api/v1/items?limit=abc", "PRESSROOM_E_BAD_REQUEST"],
    ["/api/v1/items?limit=1000", "PRESSROOM_E_BAD_REQUEST"],
    ["/api/v1/items?kind=poem", "PRESSROOM_E_BAD_REQUEST"],
    ["/api/v1/items?from=yesterday", "PRESSROOM_E_BAD_REQUEST"],
    ["/api/v1/items?from=2021-02-30", "PRESSROOM_E_BAD_REQUEST"],
    ["/api/v1/items?cursor=garbage", "PRESSROOM_E_BAD_REQUEST"],
    ["/api/v1/search", "PRESSROOM_E_BAD_REQUEST"],
    ["/api/v1/search?q=ferry&sort=sideways", "PRESSROOM_E_BAD_REQUEST"],
    ["/api/v1/search?q=-ferry", "PRESSROOM_E_BAD_QUERY"],
    ["/api/v1/items/x/versions/0", "PRESSROOM_E_BAD_REQUEST"],
  ];
  for (const [p, code] of cases) {
    const r = await get(p);
    assert.equal(r.status, 400, p);
    assert.match(r.headers.get("content-type")!, /^application\/json/, p);
    const body = JSON.parse(r.body);
    assert.equal(body.error.code, code, p);
    assert.equal(typeof body.error.message, "string");
    assert.doesNotMatch(r.body, /at .*\.ts:\d+/, "no stack trace");
  }
});

test("OpenAPI 3 document is served and describes the API routes only", async () => {
  const r = await get("/api/v1/openapi.json");
  assert.equal(r.status, 200);
  const doc = JSON.parse(r.body);
  assert.match(doc.openapi, /^3\./);
  for (const p of ["/api/v1/items", "/api/v1/items/{id}", "/api/v1/search", "/api/v1/stats"]) assert.ok(doc.paths[p], p);
  assert.equal(doc.paths["/"], undefined);
  assert.equal(doc.paths["/feeds/rss.xml"], undefined);
  const params = doc.paths["/api/v1/items"].get.parameters.map((x: { name: string }) => x.name).sort();
  assert.deepEqual(params, ["cursor", "from", "kind", "limit", "section", "to"]);
});

test("feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 parse, with stable ids, right dates, self links", async () => {
  const rss = await get("/feeds/rss.xml");
  assert.equal(rss.status, 200);
  assert.equal(rss.headers.get("content-type"), "application/rss+xml; charset=utf-8");
  const r = parseRssFeed(rss.body);
  assert.equal(r.title, "Harbor Wire");
  assert.equal(r.items!.length, 3);
  const ri = r.items![0]!;
  assert.match(ri.title!, /^Coastal Ferry Service Adds Night Crossings/);
  assert.deepEqual(ri.guid, { value: `https://wire.example.org/items/${w.ids.release}`, isPermaLink: true });
  assert.match(rss.body, /<pubDate>Thu, 27 Feb 2025 22:40:00 GMT<\/pubDate>/);
  assert.match(rss.body, /<atom:link href="https:\/\/wire\.example\.org\/feeds\/rss\.xml" rel="self" type="application\/rss\+xml"\/>/);

  const atom = await get("/feeds/atom.xml");
  assert.equal(atom.headers.get("content-type"), "application/atom+xml; charset=utf-8");
  const a = parseAtomFeed(atom.body);
  assert.equal(a.id, "https://wire.example.org/feeds/atom.xml");
  assert.equal(a.entries!.length, 3);
  const ae = a.entries!.find((e) => e.id === `https://wire.example.org/items/${w.ids.transcript}`)!;
  assert.ok(ae, "transcript entry by its stable id");
  assert.match(atom.body, /<published>2024-08-12T14:00:00Z<\/published>/);
  assert.ok(a.links!.some((l) => l.rel === "self" && l.href === "https://wire.example.org/feeds/atom.xml"));

  const json = await get("/feeds/feed.json");
  assert.equal(json.headers.get("content-type"), "application/feed+json; charset=utf-8");
  const raw = JSON.parse(json.body);
  assert.equal(raw.version, "https://jsonfeed.org/version/1.1");
  assert.equal(raw.feed_url, "https://wire.example.org/feeds/feed.json");
  const j = parseJsonFeed(json.body);
  assert.equal(j.items!.length, 3);
  assert.equal(j.items![0]!.id, `https://wire.example.org/items/${w.ids.release}`);
  assert.equal(raw.items[0].date_published, "2025-02-27T22:40:00.000Z");

  const sec = parseAtomFeed((await get("/sections/maritime-affairs/atom.xml")).body);
  assert.equal(sec.entries!.length, 1);
  assert.equal(sec.id, "https://wire.example.org/sections/maritime-affairs/atom.xml");
  assert.equal((await get("/sections/nope/rss.xml")).status, 404);
});

test("style sheet: linked from every page, served as CSS under a content-hashed name, cached for a year, revalidated by its ETag", async () => {
  const home = await get("/");
  const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home.body)![1]!;
  const item = await get(`/items/${w.ids.release}`);
  assert.ok(item.body.includes(`<link rel="stylesheet" href="${href}"/>`), "the same sheet on an item page");
  const css = await get(href);
  assert.equal(css.status, 200);
  assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
  assert.equal(css.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.match(css.body, /^\*\{box-sizing:border-box\}/);
  assert.match(css.body, /header\.site,footer\.site\{/);
  const again = await get(href, { "if-none-match": css.headers.get("etag")! });
  assert.equal(again.status, 304);
  assert.equal(css.headers.get("vary"), null, "the same for every viewer");
  // Another build's name (a rolling upgrade): the current sheet, cached briefly.
  const other = await get("/assets/site-AAAAAAAAAAAA.css");
  assert.equal(other.status, 200);
  assert.equal(other.headers.get("cache-control"), "public, max-age=60");
  assert.equal(other.body, css.body);
  for (const p of ["/assets/site-short.css", "/assets/site-AAAAAAAAAAAA.js", "/assets/..%2Fpackage.json"]) assert.equal((await get(p)).status, 404, p);
});

test("headers: security headers everywhere, ETag revalidation, cache policy", async () => {
  for (const p of ["/", "/feeds/rss.xml", "/api/v1/stats", "/nowhere"]) {
    const r = await get(p);
    const csp = r.headers.get("content-security-policy")!;
    assert.match(csp, /default-src 'self'/, p);
    assert.match(csp, /style-src 'self' 'unsafe-inline'/, p);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe/, p);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff", p);
    assert.equal(r.headers.get("referrer-policy"), "strict-origin-when-cross-origin", p);
  }
  const first = await get("/feeds/atom.xml");
  const etag = first.headers.get("etag")!;
  assert.match(etag, /^W\/"/);
  assert.match(first.headers.get("cache-control")!, /max-age=5,/);
  const again = await get("/feeds/atom.xml", { "if-none-match": etag });
  assert.equal(again.status, 304);
  assert.equal(again.body, "");
});
