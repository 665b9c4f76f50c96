import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { importPaths } from "../../src/importer/import.js";
import type { Item } from "../../src/core/item.js";
import { NAR_NS, newsmlItem, XHTML_NS } from "../../src/publish/exports/newsml.js";
import { CORPUS } from "../helpers.js";
import { attr, BASE, D, H, input, parseWellFormed, text, T0, wire, xmlChars, type Wire } from "./helpers.js";

const MEDIA = "application/vnd.iptc.g2.newsitem+xml";

/** The paragraphs of a body as the export writes them (inner newlines folded). */
function paras(body: string): string[] {
  return body.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, " ").trim()).filter(Boolean);
}

/** Check the key fields of a NewsML-G2 document against the stored item. */
function checkAgainst(xml: string, item: Item): Document {
  const doc = parseWellFormed(xml);
  const root = doc.documentElement;
  assert.equal(root.localName, "newsItem");
  assert.equal(root.getAttribute("xmlns"), NAR_NS);
  assert.equal(attr(root, "guid"), `${BASE}/items/${item.id}`);
  assert.equal(root.getAttribute("version"), String(item.version));
  assert.equal(root.getAttribute("standard"), "NewsML-G2");
  assert.equal(doc.getElementsByTagName("itemClass")[0]!.getAttribute("qcode"), "ninat:text");
  assert.equal(text(doc, "versionCreated"), new Date(item.updatedAt).toISOString().replace(/\.\d{3}Z$/, "Z"));
  assert.equal(text(doc, "firstCreated"), new Date(item.postedAt).toISOString().replace(/\.\d{3}Z$/, "Z"));
  assert.equal(doc.getElementsByTagName("pubStatus")[0]!.getAttribute("qcode"), item.pubstatus === "canceled" ? "stat:canceled" : "stat:usable");
  assert.equal(text(doc.getElementsByTagName("provider")[0]!, "name"), "Harbor Wire");
  const meta = doc.getElementsByTagName("contentMeta")[0]!;
  assert.equal(text(meta, "headline"), xmlChars(item.headline));
  assert.equal(meta.getElementsByTagName("language")[0]!.getAttribute("tag"), "en");
  if (item.section) assert.equal(text(meta.getElementsByTagName("subject")[0]!, "name"), item.section);
  else assert.equal(meta.getElementsByTagName("subject").length, 0);
  if (item.dateline) {
    assert.equal(text(meta, "dateline"), item.dateline);
    assert.equal(text(meta.getElementsByTagName("located")[0]!, "name"), item.dateline);
  }
  const html = doc.getElementsByTagName("inlineXML")[0]!;
  assert.equal(html.getAttribute("contenttype"), "application/xhtml+xml");
  assert.equal(html.getElementsByTagName("html")[0]!.getAttribute("xmlns"), XHTML_NS);
  const ps = Array.from(html.getElementsByTagName("body")[0]!.getElementsByTagName("p")).map((p) => p.textContent);
  assert.deepEqual(ps, paras(xmlChars(item.body)));
  return doc;
}

describe("NewsML-G2 export of corpus items", () => {
  let w: Wire;
  const files = [
    "local-press-releases/2019-04-10-dallas-tx-pr-gangunitgrant-pdf.txt",
    "html-pages/2020-03-14-remarks-president-trump-vice-president-pence-members-coronavirus-task-force-press-briefing.html",
    "feeds/2022-03-21-state-gov-press-releases-feed.rss",
  ];
  before(async () => {
    w = await wire({
      fill: async (store) => {
        const r = await importPaths(store, files.map((f) => join(CORPUS, f)));
        assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected));
      },
    });
  });
  after(() => w.close());

  it("every imported item exports as a well-formed newsItem whose fields match the stored item (web and API paths)", async () => {
    let n = 0;
    let sawTranscript = false;
    for await (const summary of w.store.listAll()) {
      const item = (await w.store.get(summary.id))!;
      const web = await w.app.inject({ method: "GET", url: `/items/${item.id}/newsml.xml` });
      assert.equal(web.statusCode, 200, web.body);
      assert.equal(web.headers["content-type"], `${MEDIA}; charset=utf-8`);
      checkAgainst(web.body, item);
      const api = await w.app.inject({ method: "GET", url: `/api/v1/items/${item.id}/newsml` });
      assert.equal(api.statusCode, 200);
      assert.equal(api.body, web.body);
      if (item.kind === "transcript") sawTranscript = true;
      n++;
    }
    assert.ok(n >= 3, `exported ${n} items`);
    assert.ok(sawTranscript, "the briefing page became a transcript item");
  });

  it("unknown and malformed ids answer 404 in our error format", async () => {
    const api = await w.app.inject({ method: "GET", url: "/api/v1/items/no-such-item/newsml" });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, "PRESSROOM_E_NOT_FOUND");
    const bad = await w.app.inject({ method: "GET", url: "/api/v1/items/a%20b%3Cc/newsml" });
    assert.equal(bad.statusCode, 404);
    assert.equal(bad.json().error.code, "PRESSROOM_E_NOT_FOUND");
    const web = await w.app.inject({ method: "GET", url: "/items/no-such-item/newsml.xml" });
    assert.equal(web.statusCode, 404);
    assert.match(web.headers["content-type"] as string, /^text\/html/);
  });

  it("the API route is in the OpenAPI document", async () => {
    const doc = (await w.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    assert.ok(doc.paths["/api/v1/items/{id}/newsml"]?.get, "newsml path documented");
  });
});

describe("NewsML-G2 export of awkward text", () => {
  let w: Wire;
  let id = "";
  const headline = `Tides & <Currents> "Report" \u0001\u0008 for 2026 🌊🐟`;
  const body = `First <b>bold</b> & AT&T's "quoted" text 🌊.\n\nSecond\u0007 line with ]]> and <![CDATA[ x ]]> and &amp; literally.\n\nThird: \uFFFE gone, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 kept; R&D; &nbsp; &#65; stay text.`;
  before(async () => {
    w = await wire({
      fill: async (store, clock) => {
        clock.set(T0 - 3 * H);
        id = (await store.upsert(input({ identity: "guid:awkward", headline, body, dateline: "PORT <ELLEN> & CO", section: "Tides & Currents", source: { path: null, url: "https://ex.example/a?b=1&c=<2>", guid: "awkward", name: "Tide <Office>", format: "text" } }))).id;
        clock.set(T0 - H);
        await store.upsert(input({ identity: "guid:awkward", headline, body: body + "\n\nA correction.", dateline: "PORT <ELLEN> & CO", section: "Tides & Currents", source: { path: null, url: "https://ex.example/a?b=1&c=<2>", guid: "awkward", name: "Tide <Office>", format: "text" } }));
        clock.set(T0);
      },
    });
  });
  after(() => w.close());

  it("escapes markup characters, drops characters XML cannot carry, keeps emoji, and carries version 2", async () => {
    const item = (await w.store.get(id))!;
    assert.equal(item.version, 2);
    const res = await w.app.inject({ method: "GET", url: `/items/${id}/newsml.xml` });
    assert.equal(res.statusCode, 200);
    const doc = checkAgainst(res.body, item);
    assert.equal(text(doc, "headline"), `Tides & <Currents> "Report"  for 2026 🌊🐟`);
    assert.equal(doc.documentElement.getAttribute("version"), "2");
    assert.equal(doc.getElementsByTagName("signal")[0]!.getAttribute("qcode"), "sig:update");
    assert.equal(attr(doc.getElementsByTagName("link")[0], "href"), "https://ex.example/a?b=1&c=<2>");
    assert.equal(text(doc.getElementsByTagName("infoSource")[0]!, "name"), "Tide <Office>");
    const ps = Array.from(doc.getElementsByTagName("p")).map((p) => p.textContent);
    assert.equal(ps[0], `First <b>bold</b> & AT&T's "quoted" text 🌊.`);
    assert.equal(ps[1], "Second line with ]]> and <![CDATA[ x ]]> and &amp; literally.");
    assert.equal(ps[2], "Third:  gone, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 kept; R&D; &nbsp; &#65; stay text.");
    assert.equal(doc.getElementsByTagName("b").length, 0, "markup in text stays text");
    assert.doesNotMatch(res.body, /<b>/);
  });

  it("a withdrawn version says stat:canceled with its reason and carries no body; a held item is marked embargoed", () => {
    const base = { id: "x1", identity: "i", contentHash: "h", headline: "Withdrawn", section: null, kind: "statement" as const, published: null, dateline: null, source: { path: null, url: null, guid: null, name: null, format: "text" as const }, body: "", transcript: null, groundRules: { basis: null, attribute_to: null }, flags: [], postedAt: T0 - D, updatedAt: T0, publishedAt: null };
    const urls = { siteName: "Harbor Wire", baseUrl: BASE, itemUrl: `${BASE}/items/x1`, sectionUrl: null };
    const canceled = parseWellFormed(newsmlItem({ ...base, version: 3, pubstatus: "canceled", note: "Issued in error & withdrawn" }, urls));
    assert.equal(canceled.getElementsByTagName("pubStatus")[0]!.getAttribute("qcode"), "stat:canceled");
    assert.equal(text(canceled, "edNote"), "Issued in error & withdrawn");
    assert.equal(canceled.getElementsByTagName("contentSet").length, 0);
    const held = parseWellFormed(newsmlItem({ ...base, version: 1, body: "Under embargo.", embargoed: T0 + 2 * H, heldStatus: "embargoed" }, urls));
    assert.equal(text(held, "embargoed"), "2026-03-10T14:00:00Z");
    const usable = parseWellFormed(newsmlItem({ ...base, version: 1, body: "Plain." }, urls));
    assert.equal(usable.getElementsByTagName("embargoed").length, 0);
  });

  it("a sanitised HTML body becomes XHTML with its structure", () => {
    const base = { id: "x2", identity: "i", contentHash: "h", headline: "Rich", section: null, kind: "statement" as const, published: "2026-03-01", dateline: null, source: { path: null, url: null, guid: null, name: null, format: "text" as const }, body: "ignored", transcript: null, groundRules: { basis: null, attribute_to: null }, flags: [], postedAt: T0 - D, updatedAt: T0, publishedAt: Date.parse("2026-03-01"), version: 1 };
    const xml = newsmlItem({ ...base, bodyHtml: `<h2>Heads &amp; tails</h2><p>One<br>two <a href="https://ex.example/?a=1&amp;b=2" rel="nofollow noopener">link</a></p><ul><li>x</li></ul>` }, { siteName: "W", baseUrl: BASE, itemUrl: `${BASE}/items/x2`, sectionUrl: null });
    const doc = parseWellFormed(xml);
    assert.equal(text(doc, "h2"), "Heads & tails");
    assert.equal(doc.getElementsByTagName("br").length, 1);
    assert.equal(attr(doc.getElementsByTagName("a")[0], "href"), "https://ex.example/?a=1&b=2");
    assert.equal(text(doc, "li"), "x");
    assert.equal(text(doc, "contentCreated"), "2026-03-01");
  });
});
