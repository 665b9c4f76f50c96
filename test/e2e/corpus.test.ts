/**
 * End to end on the real shared corpus: `pressroom import` of every document, then
 * `pressroom serve`, and every page and feed of the imported archive fetched over a real
 * socket and checked (feeds parsed with a feed parser).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { parseRssFeed, parseAtomFeed, parseJsonFeed } from "feedsmith";
import { parseHTML } from "linkedom";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { CORPUS, tempDir } from "../helpers.js";
import { runCliDb as runCli, startServerDb as startServer } from "../db.js";

const tmp = tempDir();
// The corpus folders (SOURCES.md beside them describes the corpus and is not a release).
const CORPUS_FOLDERS = readdirSync(CORPUS).filter((n) => statSync(join(CORPUS, n)).isDirectory()).map((n) => join(CORPUS, n));
let server: Awaited<ReturnType<typeof startServer>>;
let importJson: { files: number; imported: number; updated: number; unchanged: number; rejected: { path: string; reason: string }[] };

before(async () => {
  const r = runCli(["import", ...CORPUS_FOLDERS, "--data-dir", tmp.dir, "--json"]);
  assert.equal(r.stderr, "", "import writes nothing to stderr in --json mode");
  importJson = JSON.parse(r.stdout);
  assert.equal(r.code, 0, `import exit code (rejected: ${JSON.stringify(importJson.rejected)})`);
  server = await startServer(tmp.dir);
});

after(async () => {
  if (server) assert.equal(await server.stop(), 0, "serve exits 0 on SIGTERM");
  tmp.cleanup();
});

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const r = await fetch(server.url + path);
  return { status: r.status, type: r.headers.get("content-type") ?? "", body: await r.text() };
}

function checkPage(html: string, where: string): Document {
  const { document } = parseHTML(html);
  assert.equal(document.querySelectorAll("h1").length, 1, `${where}: exactly one h1`);
  assert.ok(document.querySelector("main"), `${where}: has <main>`);
  assert.ok(document.querySelector('link[rel="alternate"][type="application/rss+xml"]'), `${where}: advertises the RSS feed`);
  assert.ok(!/<script[\s>]/i.test(html), `${where}: no script elements`);
  return document as unknown as Document;
}

test("the whole corpus imports: every file read, nothing rejected", () => {
  assert.equal(importJson.files, 202);
  assert.deepEqual(importJson.rejected, []);
  // The two feed files hold many entries; every other file is one document.
  assert.ok(importJson.imported >= 200, `imported ${importJson.imported}`);
});

test("re-importing the corpus creates nothing new", () => {
  const r = runCli(["import", ...CORPUS_FOLDERS, "--data-dir", tmp.dir, "--json"]);
  const s = JSON.parse(r.stdout);
  assert.equal(r.code, 0);
  assert.equal(s.imported, 0);
  assert.equal(s.updated, 0);
  assert.equal(s.unchanged, importJson.imported + importJson.updated + importJson.unchanged);
});

test("stats --json counts the archive by kind and section", () => {
  const r = runCli(["stats", "--json", "--data-dir", tmp.dir]);
  assert.equal(r.code, 0);
  const s = JSON.parse(r.stdout);
  assert.equal(s.items, importJson.imported);
  // Everything was posted on this wire just now.
  assert.equal(s.last24h, s.items);
  assert.equal(s.last365d, s.items);
  // Transcript folders: 57 state briefings, 45 White House briefings, 7 press conferences,
  // 26 saved pages and the founding document are all transcripts.
  assert.ok(s.kinds.transcript >= 136, `transcripts: ${s.kinds.transcript}`);
  assert.ok(s.sections["Office of the Spokesperson"] > 10, "State Department items carry their issuing office");
});

test("search finds the founding document by a phrase only it contains", () => {
  const r = runCli(["search", "\"Almaty 2\"", "--json", "--data-dir", tmp.dir]);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.ok(s.total >= 1);
  assert.match(s.results[0].headline, /Background Briefing on Upcoming P5\+1 Talks in Almaty/);
  assert.match(s.results[0].snippet, /<mark>/);
  assert.match(s.results[0].url, /\/items\//);
});

test("every item page of the imported corpus renders", async () => {
  let cursor: string | null = null;
  let n = 0;
  do {
    const r = await get(`/api/v1/items?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    assert.equal(r.status, 200);
    const page = JSON.parse(r.body) as { items: { uri: string; headlines: { value: string }[] }[]; next_cursor: string | null };
    for (const it of page.items) {
      const path = new URL(it.uri).pathname;
      const p = await get(path);
      assert.equal(p.status, 200, path);
      const doc = checkPage(p.body, path);
      assert.equal(doc.querySelector("h1")!.textContent!.trim(), it.headlines[0]!.value.trim(), `${path}: h1 is the headline`);
      n++;
    }
    cursor = page.next_cursor;
  } while (cursor);
  assert.equal(n, importJson.imported);
});

test("home, search and every section page and feed are valid", async () => {
  const home = await get("/");
  assert.equal(home.status, 200);
  const doc = checkPage(home.body, "/");
  assert.match(doc.body.textContent!.replace(/\s+/g, " "), new RegExp(`There were ${importJson.imported.toLocaleString("en-US")} press releases posted in the last 24 hours and ${importJson.imported.toLocaleString("en-US")} in the last 365 days`));
  const search = await get("/search?q=Fordow+OR+vaccine");
  assert.equal(search.status, 200);
  checkPage(search.body, "/search");

  const sectionLinks = [...doc.querySelectorAll('a[href^="/sections/"]')].map((a) => a.getAttribute("href")!).filter((h) => !/\.(xml|json)$/.test(h));
  assert.ok(sectionLinks.length > 5, "home lists sections");
  const feeds = ["/feeds", ...new Set(sectionLinks)];
  for (const base of feeds) {
    if (base !== "/feeds") {
      const page = await get(base);
      assert.equal(page.status, 200, base);
      checkPage(page.body, base);
    }
    const rss = await get(`${base}/rss.xml`);
    assert.equal(rss.status, 200);
    assert.match(rss.type, /xml/);
    const r = parseRssFeed(rss.body);
    assert.ok(r.items && r.items.length > 0, `${base}/rss.xml has items`);
    for (const it of r.items!) {
      assert.ok(it.guid?.value, "RSS items have guids");
      assert.ok(!Number.isNaN(Date.parse(it.pubDate!)), "RSS pubDate parses");
    }
    const atom = parseAtomFeed((await get(`${base}/atom.xml`)).body);
    assert.ok(atom.entries && atom.entries.length === r.items!.length, `${base}/atom.xml has as many entries as the RSS feed`);
    for (const e of atom.entries!) assert.ok(e.id && e.updated, "Atom entries have id and updated");
    const jf = await get(`${base}/feed.json`);
    assert.match(jf.type, /json/);
    const j = parseJsonFeed(JSON.parse(jf.body));
    assert.equal(JSON.parse(jf.body).version, "https://jsonfeed.org/version/1.1");
    assert.equal(j.items!.length, r.items!.length);
  }
});

test("malformed URLs and write methods answer in our error format", async () => {
  const api = await fetch(server.url + "/api/v1/items/%ff");
  assert.equal(api.status, 400);
  assert.equal((await api.json()).error.code, "PRESSROOM_E_BAD_REQUEST");
  const page = await fetch(server.url + "/items/%ff");
  assert.equal(page.status, 400);
  assert.match(page.headers.get("content-type") ?? "", /text\/html/);
  // Creating items needs an editor's credentials; without them: 401 in our format.
  const post = await fetch(server.url + "/api/v1/items", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
  assert.equal(post.status, 401);
  assert.equal((await post.json()).error.code, "PRESSROOM_E_UNAUTHORIZED");
  // A write method on a read-only resource: 405 with Allow.
  const put = await fetch(server.url + "/api/v1/stats", { method: "PUT", body: "{}", headers: { "content-type": "application/json" } });
  assert.equal(put.status, 405);
  assert.equal(put.headers.get("allow"), "GET, HEAD");
  assert.equal((await put.json()).error.code, "PRESSROOM_E_BAD_REQUEST");
  const del = await fetch(server.url + "/", { method: "DELETE" });
  assert.equal(del.status, 405);
});
