import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { NEWS_NS, planSitemap, SITEMAP_NS, sitemapUrlset, type SitemapEntry } from "../../src/publish/exports/sitemap.js";
import { attr, BASE, D, H, input, parseWellFormed, text, T0, wire, type Wire } from "./helpers.js";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

describe("sitemap and news sitemap over a real store", () => {
  let w: Wire;
  const ids: Record<string, string> = {};
  const postedAt: Record<string, number> = {};
  before(async () => {
    w = await wire({
      fill: async (store, clock) => {
        // Posting times relative to T0: 400 days, 3 days, 47 hours, 5 hours, 1 hour ago.
        const plan: [string, number, string][] = [
          ["old", T0 - 400 * D, "Lighthouse keepers' rota for 2025"],
          ["three-days", T0 - 3 * D, "Dredging of the north channel"],
          ["edge", T0 - 47 * H, "Pilot boats <new> & refitted"],
          ["recent", T0 - 5 * H, "Ferry timetable: winter \"night\" crossings"],
          ["newest", T0 - H, "Harbour office opens Saturdays"],
        ];
        for (const [key, at, headline] of plan) {
          clock.set(at);
          ids[key] = (await store.upsert(input({ identity: `guid:${key}`, headline }))).id;
          postedAt[key] = at;
        }
        // A correction of the oldest item 2 hours ago: its lastmod moves, its posting time does not.
        clock.set(T0 - 2 * H);
        await store.upsert(input({ identity: "guid:old", headline: "Lighthouse keepers' rota for 2025", body: "Corrected rota." }));
        clock.set(T0);
      },
    });
  });
  after(() => w.close());

  it("/sitemap.xml lists every public item once with lastmod = its latest update time", async () => {
    const res = await w.app.inject({ method: "GET", url: "/sitemap.xml" });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers["content-type"] as string, /^application\/xml/);
    const doc = parseWellFormed(res.body);
    assert.equal(doc.documentElement.localName, "urlset");
    assert.equal(doc.documentElement.getAttribute("xmlns"), SITEMAP_NS);
    const urls = Array.from(doc.getElementsByTagName("url")).map((u) => ({ loc: text(u, "loc"), lastmod: text(u, "lastmod") }));
    assert.equal(urls.length, 5);
    const byLoc = new Map(urls.map((u) => [u.loc, u.lastmod]));
    for (const key of Object.keys(ids)) {
      const item = (await w.store.get(ids[key]!))!;
      assert.equal(byLoc.get(`${BASE}/items/${ids[key]}`), iso(item.updatedAt), key);
    }
    assert.equal(byLoc.get(`${BASE}/items/${ids.old}`), iso(T0 - 2 * H), "a corrected item's lastmod is the correction time");
  });

  it("/sitemap-news.xml holds only items posted in the last two days by the wire's clock, newest first", async () => {
    const res = await w.app.inject({ method: "GET", url: "/sitemap-news.xml" });
    assert.equal(res.statusCode, 200);
    const doc = parseWellFormed(res.body);
    assert.equal(doc.documentElement.getAttribute("xmlns:news"), NEWS_NS);
    const urls = Array.from(doc.getElementsByTagName("url"));
    assert.deepEqual(urls.map((u) => text(u, "loc")), [ids.newest, ids.recent, ids.edge].map((id) => `${BASE}/items/${id}`));
    const edge = urls[2]!;
    assert.equal(text(edge, "news:name"), "Harbor Wire");
    assert.equal(text(edge, "news:language"), "en");
    assert.equal(text(edge, "news:publication_date"), iso(postedAt.edge!));
    assert.equal(text(edge, "news:title"), "Pilot boats <new> & refitted");
    assert.match(res.body, /Pilot boats &lt;new&gt; &amp; refitted/);
  });

  it("the news sitemap follows the clock: two hours later the 47-hour-old item has left it", async () => {
    w.clock.set(T0 + 2 * H);
    try {
      const doc = parseWellFormed((await w.app.inject({ method: "GET", url: "/sitemap-news.xml" })).body);
      assert.deepEqual(Array.from(doc.getElementsByTagName("loc")).map((l) => l.textContent), [ids.newest, ids.recent].map((id) => `${BASE}/items/${id}`));
    } finally {
      w.clock.set(T0);
    }
  });

  it("robots.txt advertises both sitemaps with absolute URLs", async () => {
    const res = await w.app.inject({ method: "GET", url: "/robots.txt" });
    assert.equal(res.statusCode, 200);
    const lines = res.body.split("\n");
    assert.ok(lines.includes(`Sitemap: ${BASE}/sitemap.xml`));
    assert.ok(lines.includes(`Sitemap: ${BASE}/sitemap-news.xml`));
    assert.ok(lines.includes("Disallow: /search"));
  });

  it("without an index, numbered parts do not exist", async () => {
    for (const url of ["/sitemap-1.xml", "/sitemap-0.xml", "/sitemap-x.xml"]) {
      assert.equal((await w.app.inject({ method: "GET", url })).statusCode, 404, url);
    }
  });
});

describe("sitemap index beyond the per-file limit", () => {
  let w: Wire;
  before(async () => {
    w = await wire({
      settings: { sitemapMaxUrls: 2 },
      fill: async (store, clock) => {
        for (let i = 0; i < 5; i++) {
          clock.set(T0 - (10 - i) * H);
          await store.upsert(input({ identity: `guid:part-${i}`, headline: `Notice number ${i}` }));
        }
        clock.set(T0);
      },
    });
  });
  after(() => w.close());

  it("/sitemap.xml becomes an index of numbered parts that together list every item exactly once", async () => {
    const doc = parseWellFormed((await w.app.inject({ method: "GET", url: "/sitemap.xml" })).body);
    assert.equal(doc.documentElement.localName, "sitemapindex");
    const parts = Array.from(doc.getElementsByTagName("sitemap")).map((s) => text(s, "loc")!);
    assert.deepEqual(parts, [1, 2, 3].map((n) => `${BASE}/sitemap-${n}.xml`));
    const seen: string[] = [];
    for (const loc of parts) {
      const res = await w.app.inject({ method: "GET", url: new URL(loc).pathname });
      assert.equal(res.statusCode, 200, loc);
      const part = parseWellFormed(res.body);
      assert.equal(part.documentElement.localName, "urlset");
      const locs = Array.from(part.getElementsByTagName("loc")).map((l) => l.textContent!);
      assert.ok(locs.length >= 1 && locs.length <= 2);
      seen.push(...locs);
    }
    const all: string[] = [];
    for await (const it of w.store.listAll()) all.push(`${BASE}/items/${it.id}`);
    assert.deepEqual([...seen].sort(), [...all].sort());
    assert.equal((await w.app.inject({ method: "GET", url: "/sitemap-4.xml" })).statusCode, 404);
  });
});

describe("sitemap builders", () => {
  it("50,000 URLs fit one file; 50,001 make an index of two parts with each part's latest lastmod", () => {
    const entries: SitemapEntry[] = Array.from({ length: 50_001 }, (_, i) => ({ loc: `${BASE}/items/i${i}`, lastmod: T0 - i * 1000 }));
    const one = planSitemap(entries.slice(0, 50_000), (n) => `${BASE}/sitemap-${n}.xml`);
    assert.equal(one.index, null);
    assert.equal(one.parts.length, 1);
    const two = planSitemap(entries, (n) => `${BASE}/sitemap-${n}.xml`);
    assert.equal(two.parts.length, 2);
    assert.equal(two.parts[0]!.length, 50_000);
    assert.deepEqual(two.parts[1], [entries[50_000]]);
    const idx = parseWellFormed(two.index!);
    assert.deepEqual(Array.from(idx.getElementsByTagName("lastmod")).map((l) => l.textContent), [iso(T0), iso(T0 - 50_000_000)]);
  });

  it("escapes URLs with query strings", () => {
    const xml = sitemapUrlset([{ loc: "https://ex.example/a?b=1&c='2'", lastmod: T0 }]);
    const doc = parseWellFormed(xml);
    assert.equal(text(doc, "loc"), "https://ex.example/a?b=1&c='2'");
    assert.equal(attr(doc.documentElement, "xmlns"), SITEMAP_NS);
  });
});
