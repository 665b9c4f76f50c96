/** Topic pages, topic feeds, the topics API and item subjects, on a real server over a real SQLite store. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { fixedClock } from "../../src/core/clock.js";
import { buildServer } from "../../src/publish/server.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { classifyPending, loadVocabularyFile } from "../../src/topics/service.js";
import { tempDir } from "../helpers.js";
import { VOCAB, release } from "./helpers.js";

const T0 = Date.parse("2026-03-02T12:00:00Z");
let app: FastifyInstance;
let store: Store;
let cleanup: () => void;
const ids: Record<string, string> = {};

before(async () => {
  const t = tempDir("pressroom-topics-web-");
  cleanup = t.cleanup;
  const clock = fixedClock(T0);
  store = await openTestStore({ clock });
  for (let i = 0; i < 23; i++) {
    clock.set(T0 + i * 60_000);
    ids[`fire${i}`] = (await store.upsert(release(`guid:fire-${i}`, `Wildfire Update No. ${i + 1}`, `Firefighters fought the wildfires overnight; crews expect the fire to be contained by Friday (${i}).`, "Forest Office"))).id;
  }
  clock.set(T0 + 3_600_000);
  ids.court = (await store.upsert(release("guid:court", "District Attorney Swears In New Prosecutors", "The District Attorney swore in twelve prosecutors at the courthouse; the prosecutors join the felony trial division.", "County District Attorney"))).id;
  ids.plain = (await store.upsert(release("guid:plain", "Office Closed Monday", "The office will be closed on Monday."))).id;
  await loadVocabularyFile(store, VOCAB);
  await classifyPending(store);
  app = await buildServer({ store, clock, baseUrl: "https://wire.example.org/", siteName: "Harbor Wire" });
});

after(async () => {
  await app.close();
  await store.close();
  cleanup();
});

async function get(url: string) {
  const r = await app.inject({ method: "GET", url });
  return { status: r.statusCode, body: r.body, type: String(r.headers["content-type"] ?? "") };
}

const ATTRIBUTION = /Media Topics<\/a> by <a href="https:\/\/iptc\.org">IPTC<\/a>, licensed\s*<a href="https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/" rel="license">CC BY 4\.0<\/a>/;

test("/topics lists the topics in use with counts, nested under their top-level topic, with the attribution", async () => {
  const r = await get("/topics");
  assert.equal(r.status, 200);
  assert.match(r.type, /text\/html/);
  assert.match(r.body, /<h1>Topics<\/h1>/);
  assert.match(r.body, /<a href="\/topics\/03000000">disaster, accident and emergency incident<\/a> <span class="meta">\(23 items\)<\/span>/);
  assert.match(r.body, /<a href="\/topics\/20000150">fire<\/a> <span class="meta">\(23 items\)<\/span>/);
  assert.match(r.body, /<a href="\/topics\/20000106">judiciary<\/a> <span class="meta">\(1 item\)<\/span>/);
  assert.match(r.body, ATTRIBUTION);
  assert.match(r.body, /<li><a href="\/topics">Topics<\/a><\/li>/);
});

test("/topics/:code pages like a section: 20 per page, a cursor to the next, feeds advertised, attribution", async () => {
  const p1 = await get("/topics/20000150");
  assert.equal(p1.status, 200);
  assert.match(p1.body, /<h1>fire<\/h1>/);
  assert.match(p1.body, /23 items with this topic\./);
  assert.equal((p1.body.match(/href="\/items\//g) ?? []).length, 20);
  assert.match(p1.body, /Wildfire Update No\. 23/);
  assert.match(p1.body, /<a href="\/topics">Topics<\/a> › <a href="\/topics\/20000148">disaster<\/a>/);
  assert.match(p1.body, /<link rel="alternate" type="application\/rss\+xml" title="fire — Harbor Wire \(RSS\)" href="https:\/\/wire\.example\.org\/topics\/20000150\/rss\.xml"\/>/);
  assert.match(p1.body, ATTRIBUTION);
  const next = /href="(\/topics\/20000150\?cursor=[^"]+)"/.exec(p1.body)?.[1];
  assert.ok(next, "a link to the next page");
  const p2 = await get(next!.replace(/&amp;/g, "&"));
  assert.equal(p2.status, 200);
  assert.equal((p2.body.match(/href="\/items\//g) ?? []).length, 3);
  assert.match(p2.body, /Wildfire Update No\. 1</);
  // the medtop: form of the code works too; the level-1 page lists items of narrower topics
  assert.equal((await get("/topics/medtop:20000150")).status, 200);
  assert.match((await get("/topics/03000000")).body, /23 items with this topic/);
});

test("bad topic codes and cursors answer with error pages, and the site keeps working", async () => {
  for (const url of ["/topics/99999999", "/topics/..%2f..%2fetc", "/topics/x", "/topics/99999999/rss.xml"]) {
    const r = await get(url);
    assert.equal(r.status, 404, url);
    assert.match(r.type, /text\/html/);
    assert.match(r.body, /no such topic|not found/i);
  }
  const bad = await get("/topics/20000150?cursor=%21%21");
  assert.equal(bad.status, 400);
  assert.match(bad.body, /invalid cursor/);
  assert.equal((await get("/topics/20000150")).status, 200);
});

test("topic feeds: RSS, Atom and JSON Feed of the topic's latest items, with the attribution in the description", async () => {
  const rss = await get("/topics/20000150/rss.xml");
  assert.equal(rss.status, 200);
  assert.match(rss.type, /application\/rss\+xml/);
  const r = parseRssFeed(rss.body);
  assert.equal(r.title, "fire — Harbor Wire");
  assert.equal(r.items?.length, 23);
  assert.match(r.description ?? "", /Media Topics by IPTC \(https:\/\/iptc\.org\), CC BY 4\.0/);
  const atom = parseAtomFeed((await get("/topics/20000150/atom.xml")).body);
  assert.equal(atom.entries?.length, 23);
  assert.equal(atom.links?.find((l) => l.rel === "self")?.href, "https://wire.example.org/topics/20000150/atom.xml");
  const short = await app.inject({ method: "GET", url: "/feeds/topics/20000150.atom" });
  assert.equal(short.statusCode, 301);
  assert.equal(short.headers.location, "/topics/20000150/atom.xml");
  const unknown = await get("/feeds/topics/99999999.rss");
  assert.equal(unknown.status, 404);
  assert.equal((JSON.parse(unknown.body) as { error: { code: string } }).error.code, "PRESSROOM_E_NOT_FOUND");
  assert.equal((await get("/feeds/topics/20000150.exe")).status, 404);
  const json = parseJsonFeed((await get("/topics/20000106/feed.json")).body);
  assert.equal(json.items?.length, 1);
  assert.equal(json.items?.[0]?.title, "District Attorney Swears In New Prosecutors");
});

test("GET /api/v1/topics: topics in use with counts and URLs, and the attribution; bad input is a JSON error", async () => {
  const r = await get("/api/v1/topics");
  assert.equal(r.status, 200);
  const j = JSON.parse(r.body) as { attribution: { text: string; licenceUrl: string }; vocabulary: { released: string }; topics: { code: string; qcode: string; name: string; count: number; url: string; uri: string }[] };
  assert.equal(j.attribution.text, "Media Topics by IPTC (https://iptc.org), CC BY 4.0");
  assert.equal(j.vocabulary.released, "2019-04-06T20:00:00+00:00");
  const fire = j.topics.find((t) => t.qcode === "medtop:20000150");
  assert.deepEqual(fire && { code: fire.code, name: fire.name, count: fire.count, url: fire.url, uri: fire.uri }, { code: "20000150", name: "fire", count: 23, url: "https://wire.example.org/topics/20000150", uri: "http://cv.iptc.org/newscodes/mediatopic/20000150" });
  const all = JSON.parse((await get("/api/v1/topics?all=true")).body) as { topics: unknown[] };
  assert.equal(all.topics.length, 1228 - 134);
  const bad = await get("/api/v1/topics?all=maybe");
  assert.equal(bad.status, 400);
  assert.equal((JSON.parse(bad.body) as { error: { code: string } }).error.code, "PRESSROOM_E_BAD_REQUEST");
});

test("items in the API carry their Media Topics as ninjs subjects after the section subject; the section is kept", async () => {
  const one = JSON.parse((await get(`/api/v1/items/${ids.court}`)).body) as { subjects: { name: string; rel: string; uri?: string; literal: string }[]; "pressroom:subjects-attribution": string };
  assert.equal(one.subjects[0]?.rel, "section");
  assert.equal(one.subjects[0]?.name, "County District Attorney");
  const judiciary = one.subjects.find((s) => s.literal === "medtop:20000106");
  assert.deepEqual(judiciary, { name: "judiciary", uri: "http://cv.iptc.org/newscodes/mediatopic/20000106", literal: "medtop:20000106", rel: "about" });
  assert.ok(one.subjects.some((s) => s.literal === "medtop:02000000" && s.rel === "broader"));
  assert.equal(one["pressroom:subjects-attribution"], "Media Topics by IPTC (https://iptc.org), CC BY 4.0");
  const list = JSON.parse((await get("/api/v1/items?limit=5")).body) as { items: { "pressroom:id": string; subjects?: { literal: string }[] }[] };
  const fireItem = list.items.find((i) => i["pressroom:id"].startsWith("wildfire"));
  assert.ok(fireItem?.subjects?.some((s) => s.literal === "medtop:20000150"));
  const plain = JSON.parse((await get(`/api/v1/items/${ids.plain}`)).body) as { subjects?: { rel: string }[]; "pressroom:subjects-attribution"?: string };
  assert.ok(!plain.subjects?.some((s) => s.rel === "about"));
  assert.equal(plain["pressroom:subjects-attribution"], undefined);
});

test("the item page shows its topics as links with the attribution; an item without topics shows none", async () => {
  const page = await get(`/items/${ids.court}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /<dt>Topics<\/dt><dd class="topics">.*<a href="\/topics\/20000106" rel="tag">judiciary<\/a>/s);
  assert.match(page.body, ATTRIBUTION);
  assert.match(page.body, /<dt>Section<\/dt>/);
  const plain = await get(`/items/${ids.plain}`);
  assert.equal(plain.status, 200);
  assert.doesNotMatch(plain.body, /<dt>Topics<\/dt>/);
});
