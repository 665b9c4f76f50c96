/** Source kinds other than feeds: HTML index pages, watched folders, e-mail drop folders. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pollSource } from "../../src/sources/poll.js";
import { indexLinks } from "../../src/sources/fetch-entries.js";
import type { Store } from "../../src/store/store.js";
import { BODIES, T0, message, startFeedServer, tempStore, testDeps } from "./helpers.js";

async function headlines(store: Store) {
  return (await store.list({ limit: 100 })).items.map((i) => `${i.headline} v${i.version}`).sort();
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><title>${title} | Harbour Board</title><meta property="og:title" content="${title}"></head><body><nav><a href="/">Home</a></nav><article><h1>${title}</h1><p>${body}</p><p>${body.split(" ").reverse().join(" ")}</p></article><footer>Copyright Harbour Board</footer></body></html>`;
}

test("html-index: links picked by the selector are fetched once each; new links on later polls are added", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  t.after(async () => { await srv.close(); await cleanup(); });
  let links = ["/news/berth"];
  srv.routes.set("/news", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><html><body><nav><a href="/about">About</a></nav><ul class="releases">${links.map((l) => `<li><a href="${l}#top">Release</a></li>`).join("")}</ul><a href="javascript:alert(1)">x</a></body></html>`);
  });
  srv.routes.set("/news/berth", (_req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end(page("Second Ferry Berth Approved", BODIES[0]!)); });
  srv.routes.set("/news/night", (_req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end(page("Night Crossings From April", BODIES[1]!)); });
  srv.routes.set("/news/broken", (_req, res) => { res.writeHead(500); res.end(); });
  const src = await store.sources.add({ name: "Harbour pages", kind: "html-index", location: `${srv.base}/news`, selector: "ul.releases a", intervalS: 60 });
  const r1 = await pollSource(store, src, testDeps(clock));
  assert.equal(r1.imported, 1);
  assert.deepEqual(await headlines(store), ["Second Ferry Berth Approved v1"]);
  links = ["/news/night", "/news/berth", "/news/broken"];
  clock.set(T0 + 60_000);
  const r2 = await pollSource(store, (await store.sources.get(src.id))!, testDeps(clock));
  assert.equal(r2.outcome, "ok");
  assert.equal(r2.imported, 1);
  assert.equal(r2.rejected.length, 1);
  assert.match(r2.rejected[0]!.reason, /\/news\/broken: HTTP 500/);
  assert.deepEqual(await headlines(store), ["Night Crossings From April v1", "Second Ferry Berth Approved v1"]);
  // The berth page was fetched once only; /about was never fetched.
  assert.equal(srv.requests.filter((r) => r.path === "/news/berth").length, 1);
  assert.equal(srv.requests.filter((r) => r.path === "/about").length, 0);
  assert.deepEqual(indexLinks('<a href="a">1</a><div class="x"><a href="b#c">2</a></div>', "https://h.example.org/n/", ".x"), ["https://h.example.org/n/b"]);
});

test("folder: new files are imported, an edited file becomes a new version, unchanged files are not read again", async (t) => {
  const { store, clock, dir, cleanup } = await tempStore();
  t.after(cleanup);
  const drop = join(dir, "drop");
  mkdirSync(join(drop, "sub"), { recursive: true });
  writeFileSync(join(drop, "berth.txt"), `Second Ferry Berth Approved\n\n${BODIES[0]}\n`);
  writeFileSync(join(drop, "sub", "night.md"), `---\ntitle: Night Crossings From April\n---\n\n${BODIES[1]}\n`);
  writeFileSync(join(drop, "empty.txt"), "");
  writeFileSync(join(drop, ".hidden.txt"), BODIES[2]!);
  const src = await store.sources.add({ name: "Drop", kind: "folder", location: drop, section: "Drop Desk", intervalS: 60 });
  const r1 = await pollSource(store, src, testDeps(clock));
  assert.deepEqual([r1.imported, r1.rejected.length], [2, 1]);
  assert.equal(r1.rejected[0]!.code, "PRESSROOM_E_EMPTY");
  assert.deepEqual(await headlines(store), ["Night Crossings From April v1", "Second Ferry Berth Approved v1"]);

  // Edit a file without a guid or URL: its file name keeps it the same item.
  writeFileSync(join(drop, "berth.txt"), `Second Ferry Berth Approved\n\n${BODIES[0]} Construction starts in June.\n`);
  clock.set(T0 + 60_000);
  const r2 = await pollSource(store, (await store.sources.get(src.id))!, testDeps(clock));
  assert.deepEqual([r2.imported, r2.updated, r2.unchanged, r2.rejected.length], [0, 1, 0, 0]);
  assert.deepEqual(await headlines(store), ["Night Crossings From April v1", "Second Ferry Berth Approved v2"]);
  const berth = (await store.list({ limit: 10 })).items.find((i) => i.headline.startsWith("Second"));
  assert.equal(berth?.section, "Drop Desk");
  assert.equal((await store.sources.get(src.id))?.state.itemsSeen, 2);
});

test("email-folder: new .eml files become items; other files are ignored", async (t) => {
  const { store, clock, dir, cleanup } = await tempStore();
  t.after(cleanup);
  const inbox = join(dir, "inbox");
  mkdirSync(inbox);
  writeFileSync(join(inbox, "1.eml"), message({ subject: "Keepers Elect a New Chair", id: "k1", body: BODIES[2]! }));
  writeFileSync(join(inbox, "notes.txt"), BODIES[3]!);
  const src = await store.sources.add({ name: "Mail drop", kind: "email-folder", location: inbox, intervalS: 60 });
  const r1 = await pollSource(store, src, testDeps(clock));
  assert.equal(r1.imported, 1);
  const items = (await store.list({ limit: 10 })).items;
  assert.deepEqual(items.map((i) => [i.headline, i.source.name, i.source.format]), [["Keepers Elect a New Chair", "Harbour Board Press Office", "email"]]);
  writeFileSync(join(inbox, "2.eml"), message({ subject: "Dredging Closes Marina", id: "k2", body: BODIES[3]!, date: "Tue, 3 Mar 2026 10:00:00 -0500" }));
  clock.set(T0 + 60_000);
  const r2 = await pollSource(store, (await store.sources.get(src.id))!, testDeps(clock));
  assert.deepEqual([r2.imported, r2.unchanged], [1, 0]);
  const dredging = (await store.list({ limit: 10 })).items.find((i) => i.headline === "Dredging Closes Marina");
  assert.equal(dredging?.published, "2026-03-03T10:00:00-05:00");
});

test("a folder that has gone away is a recorded failure, not a crash", async (t) => {
  const { store, clock, dir, cleanup } = await tempStore();
  t.after(cleanup);
  const gone = join(dir, "gone");
  mkdirSync(gone);
  const src = await store.sources.add({ name: "Gone", kind: "folder", location: gone, intervalS: 60 });
  const { rmSync } = await import("node:fs");
  rmSync(gone, { recursive: true });
  const r = await pollSource(store, src, testDeps(clock));
  assert.equal(r.outcome, "failed");
  assert.match(r.error ?? "", /cannot read folder .*gone: ENOENT/);
  assert.equal((await store.sources.get(src.id))?.state.consecutiveFailures, 1);
});
