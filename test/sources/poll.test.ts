/**
 * Polling real loopback servers whose feeds change over time: exactly the right items and
 * versions end up in the store, and the source state says what happened.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pollSource, pollDueSources, backoffMs } from "../../src/sources/poll.js";
import type { Store } from "../../src/store/store.js";
import { BODIES, T0, feedRoute, rssFeed, startFeedServer, tempStore, testDeps, type FeedItem } from "./helpers.js";

async function items(store: Store) {
  const page = await store.list({ limit: 100 });
  return page.items.map((i) => ({ headline: i.headline, version: i.version, url: i.source.url, guid: i.source.guid })).sort((a, b) => a.headline.localeCompare(b.headline));
}

async function fresh(store: Store, id: number) {
  const s = await store.sources.get(id);
  assert.ok(s);
  return s;
}

test("new items, then an edited item (new version), then another new item", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  t.after(async () => { await srv.close(); await cleanup(); });
  let feed: FeedItem[] = [
    { title: "Second Ferry Berth Approved", guid: "hb-1", link: "https://harbour.example.org/n/berth", date: "Mon, 02 Mar 2026 08:00:00 GMT", body: BODIES[0]! },
    { title: "Night Crossings From April", guid: "hb-2", link: "https://harbour.example.org/n/night", date: "Mon, 02 Mar 2026 08:30:00 GMT", body: BODIES[1]! },
  ];
  srv.routes.set("/feed", feedRoute(() => rssFeed(feed)));
  const src = await store.sources.add({ name: "Harbour Board", kind: "feed", location: `${srv.base}/feed`, section: "Harbour Board", intervalS: 600 });

  const r1 = await pollSource(store, src, testDeps(clock));
  assert.equal(r1.outcome, "ok");
  assert.deepEqual([r1.imported, r1.updated, r1.unchanged, r1.rejected.length], [2, 0, 0, 0]);
  assert.deepEqual(await items(store), [
    { headline: "Night Crossings From April", version: 1, url: "https://harbour.example.org/n/night", guid: "hb-2" },
    { headline: "Second Ferry Berth Approved", version: 1, url: "https://harbour.example.org/n/berth", guid: "hb-1" },
  ]);
  let s = await fresh(store, src.id);
  assert.equal(s.state.itemsSeen, 2);
  assert.equal(s.state.lastSuccessAt, T0);
  assert.equal(s.state.nextPollAt, T0 + 600_000);
  assert.equal(s.state.consecutiveFailures, 0);
  const stored = await store.get((await store.list({ limit: 1 })).items[0]!.id);
  assert.equal(stored?.section, "Harbour Board");

  // Same feed again: nothing new.
  clock.set(T0 + 600_000);
  const r2 = await pollSource(store, s, testDeps(clock));
  assert.deepEqual([r2.imported, r2.updated, r2.unchanged], [0, 0, 2]);

  // The berth release is corrected: a new version of the same item.
  feed = [{ ...feed[0]!, body: `${BODIES[0]} Construction starts in June.` }, feed[1]!];
  clock.set(T0 + 1_200_000);
  const r3 = await pollSource(store, await fresh(store, src.id), testDeps(clock));
  assert.deepEqual([r3.imported, r3.updated, r3.unchanged], [0, 1, 1]);
  const berth = (await items(store)).find((i) => i.guid === "hb-1");
  assert.equal(berth?.version, 2);

  // A third release appears at the top of the feed.
  feed = [{ title: "Keepers Elect a New Chair", guid: "hb-3", link: "https://harbour.example.org/n/keepers", body: BODIES[2]! }, ...feed];
  clock.set(T0 + 1_800_000);
  const r4 = await pollSource(store, await fresh(store, src.id), testDeps(clock));
  assert.deepEqual([r4.imported, r4.updated, r4.unchanged], [1, 0, 2]);
  assert.equal((await items(store)).length, 3);
  s = await fresh(store, src.id);
  assert.equal(s.state.itemsSeen, 3);
});

test("conditional requests: the ETag is sent back and a 304 changes nothing", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  t.after(async () => { await srv.close(); await cleanup(); });
  let version = 1;
  srv.routes.set("/feed", feedRoute(() => rssFeed([{ title: "Berth", guid: "c1", body: BODIES[0]! }]), { etag: () => `"v${version}"` }));
  srv.routes.set("/lm", (req, res) => {
    if (req.headers["if-modified-since"] === "Mon, 02 Mar 2026 08:00:00 GMT") { res.writeHead(304); res.end(); return; }
    res.writeHead(200, { "content-type": "application/rss+xml", "last-modified": "Mon, 02 Mar 2026 08:00:00 GMT" });
    res.end(rssFeed([{ title: "Crossings", guid: "c2", body: BODIES[1]! }]));
  });
  const a = await store.sources.add({ name: "A", kind: "feed", location: `${srv.base}/feed`, intervalS: 60 });
  const b = await store.sources.add({ name: "B", kind: "feed", location: `${srv.base}/lm`, intervalS: 60 });
  await pollSource(store, a, testDeps(clock));
  await pollSource(store, b, testDeps(clock));
  assert.equal((await fresh(store, a.id)).state.etag, '"v1"');
  assert.equal((await fresh(store, b.id)).state.lastModified, "Mon, 02 Mar 2026 08:00:00 GMT");
  clock.set(T0 + 60_000);
  const ra = await pollSource(store, await fresh(store, a.id), testDeps(clock));
  const rb = await pollSource(store, await fresh(store, b.id), testDeps(clock));
  assert.equal(ra.outcome, "not-modified");
  assert.equal(rb.outcome, "not-modified");
  const sent = srv.requests.filter((r) => r.path === "/feed").map((r) => r.headers["if-none-match"] ?? null);
  assert.deepEqual(sent, [null, '"v1"']);
  const sa = await fresh(store, a.id);
  assert.equal(sa.state.lastSuccessAt, T0 + 60_000);
  assert.equal(sa.state.nextPollAt, T0 + 120_000);
  assert.equal((await store.list({ limit: 10 })).items.length, 2);
  // A new ETag: read again.
  version = 2;
  clock.set(T0 + 120_000);
  const ra2 = await pollSource(store, sa, testDeps(clock));
  assert.equal(ra2.outcome, "ok");
  assert.equal((await fresh(store, a.id)).state.etag, '"v2"');
});

test("errors back off exponentially, keep what is stored, and a success resets the count", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  t.after(async () => { await srv.close(); await cleanup(); });
  const good = rssFeed([{ title: "Berth", guid: "e1", body: BODIES[0]! }]);
  let mode: "good" | "500" | "garbage" | "truncated" = "good";
  srv.routes.set("/feed", (_req, res) => {
    if (mode === "500") { res.writeHead(500, { "content-type": "text/plain" }); res.end("oops"); return; }
    res.writeHead(200, { "content-type": "application/rss+xml" });
    if (mode === "garbage") res.end("\u0089PNG not a feed <<<>>> at all");
    else if (mode === "truncated") res.end(good.slice(0, good.indexOf("<description>") + 20));
    else res.end(good);
  });
  const src = await store.sources.add({ name: "Flaky", kind: "feed", location: `${srv.base}/feed`, intervalS: 100 });
  await pollSource(store, src, testDeps(clock));

  mode = "500";
  clock.set(T0 + 100_000);
  const f1 = await pollSource(store, await fresh(store, src.id), testDeps(clock));
  assert.equal(f1.outcome, "failed");
  assert.match(f1.error ?? "", /HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/feed/);
  let s = await fresh(store, src.id);
  assert.equal(s.state.consecutiveFailures, 1);
  assert.equal(s.state.nextPollAt, T0 + 100_000 + 200_000);
  assert.equal(s.state.lastErrorAt, T0 + 100_000);
  assert.equal(s.state.lastSuccessAt, T0);

  mode = "garbage";
  clock.set(T0 + 300_000);
  const f2 = await pollSource(store, s, testDeps(clock));
  assert.equal(f2.outcome, "failed");
  s = await fresh(store, src.id);
  assert.equal(s.state.consecutiveFailures, 2);
  assert.equal(s.state.nextPollAt, T0 + 300_000 + 400_000);

  mode = "truncated";
  clock.set(T0 + 700_000);
  const f3 = await pollSource(store, s, testDeps(clock));
  assert.equal(f3.outcome, "failed");
  assert.match(f3.error ?? "", /cut off|truncated|malformed/);
  s = await fresh(store, src.id);
  assert.equal(s.state.consecutiveFailures, 3);
  assert.equal(s.state.nextPollAt, T0 + 700_000 + 800_000);

  assert.deepEqual((await items(store)).map((i) => [i.headline, i.version]), [["Berth", 1]]);
  mode = "good";
  clock.set(T0 + 1_500_000);
  const ok = await pollSource(store, s, testDeps(clock));
  assert.equal(ok.outcome, "ok");
  s = await fresh(store, src.id);
  assert.equal(s.state.consecutiveFailures, 0);
  assert.equal(s.state.nextPollAt, T0 + 1_500_000 + 100_000);
  assert.match(s.state.lastError ?? "", /cut off|truncated|malformed/);
  assert.equal(backoffMs(100, 40), 24 * 3600 * 1000);
});

test("429 and 503 honour Retry-After", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  t.after(async () => { await srv.close(); await cleanup(); });
  srv.routes.set("/busy", (_req, res) => { res.writeHead(429, { "retry-after": "3600" }); res.end(); });
  srv.routes.set("/down", (_req, res) => { res.writeHead(503, { "retry-after": new Date(T0 + 7_200_000).toUTCString() }); res.end(); });
  const a = await store.sources.add({ name: "Busy", kind: "feed", location: `${srv.base}/busy`, intervalS: 60 });
  const b = await store.sources.add({ name: "Down", kind: "feed", location: `${srv.base}/down`, intervalS: 60 });
  const ra = await pollSource(store, a, testDeps(clock));
  const rb = await pollSource(store, b, testDeps(clock));
  assert.match(ra.error ?? "", /HTTP 429 .*Retry-After: 3600/);
  assert.equal((await fresh(store, a.id)).state.nextPollAt, T0 + 3_600_000);
  assert.equal((await fresh(store, b.id)).state.nextPollAt, T0 + 7_200_000);
});

test("slow responses time out; redirects are followed, and a redirect to a private address is refused", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  t.after(async () => { await srv.close(); await cleanup(); });
  srv.routes.set("/slow", (_req, res) => { res.writeHead(200, { "content-type": "application/rss+xml" }); res.write("<rss>"); setTimeout(() => res.end("</rss>"), 5000).unref(); });
  srv.routes.set("/old", (_req, res) => { res.writeHead(301, { location: "/new" }); res.end(); });
  srv.routes.set("/new", feedRoute(() => rssFeed([{ title: "Moved", guid: "m1", body: BODIES[3]! }])));
  srv.routes.set("/evil", (_req, res) => { res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }); res.end(); });
  const slow = await store.sources.add({ name: "Slow", kind: "feed", location: `${srv.base}/slow`, intervalS: 60 });
  const moved = await store.sources.add({ name: "Moved", kind: "feed", location: `${srv.base}/old`, intervalS: 60 });
  const evil = await store.sources.add({ name: "Evil", kind: "feed", location: `${srv.base}/evil`, intervalS: 60 });
  const deps = testDeps(clock, { fetchOptions: { allow: ["127.0.0.1"], timeoutMs: 300 } });
  const rs = await pollSource(store, slow, deps);
  assert.match(rs.error ?? "", /timed out after 300 ms/);
  const rm = await pollSource(store, moved, deps);
  assert.equal(rm.imported, 1);
  assert.equal((await items(store))[0]?.headline, "Moved");
  const re = await pollSource(store, evil, deps);
  assert.equal(re.outcome, "failed");
  assert.match(re.error ?? "", /refused: 169\.254\.169\.254 is a link-local cloud metadata address/);
});

test("identity traps: rotating guids, a guid that is the URL and changes with the slug, missing guids", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  t.after(async () => { await srv.close(); await cleanup(); });
  let fetchNo = 0;
  let slugFixed = false;
  srv.routes.set("/rotating", feedRoute(() => {
    fetchNo++;
    return rssFeed([
      { title: "Berth Approved", guid: `urn:uuid:${fetchNo}-a`, link: "https://harbour.example.org/n/berth", body: BODIES[0]! },
      { title: "No Link Either", guid: `tag:${fetchNo}-b`, body: BODIES[2]! },
    ]);
  }));
  srv.routes.set("/slug", feedRoute(() => {
    const url = slugFixed ? "https://harbour.example.org/n/night-crossings-from-april" : "https://harbour.example.org/n/night-crosings-from-apirl";
    return rssFeed([{ title: slugFixed ? "Night Crossings From April" : "Night Crosings From Apirl", guid: url, link: url, body: BODIES[1]! }]);
  }));
  srv.routes.set("/noguid", feedRoute(() => rssFeed([
    { title: "Dredging Closes Marina", link: "https://harbour.example.org/n/dredging", body: BODIES[3]! },
    // Two entries whose link is the front page: the link identifies neither.
    { title: "Front Page One", link: "https://harbour.example.org/", body: `${BODIES[0]} First of two.` },
    { title: "Front Page Two", link: "https://harbour.example.org/", body: `${BODIES[1]} Second of two.` },
  ])));
  const rot = await store.sources.add({ name: "Rotating", kind: "feed", location: `${srv.base}/rotating`, intervalS: 60 });
  const slug = await store.sources.add({ name: "Slug", kind: "feed", location: `${srv.base}/slug`, intervalS: 60 });
  const nog = await store.sources.add({ name: "NoGuid", kind: "feed", location: `${srv.base}/noguid`, intervalS: 60 });
  for (let round = 0; round < 3; round++) {
    clock.set(T0 + round * 60_000);
    if (round === 2) slugFixed = true;
    const results = await pollDueSources(store, testDeps(clock));
    assert.equal(results.length, 3, `round ${round}`);
    assert.ok(results.every((r) => r.outcome === "ok"), JSON.stringify(results));
  }
  const all = await items(store);
  assert.deepEqual(all.map((i) => [i.headline, i.version]), [
    ["Berth Approved", 1],
    ["Dredging Closes Marina", 1],
    ["Front Page One", 1],
    ["Front Page Two", 1],
    ["Night Crossings From April", 2],
    ["No Link Either", 1],
  ]);
  const night = all.find((i) => i.headline.startsWith("Night"));
  assert.equal(night?.url, "https://harbour.example.org/n/night-crossings-from-april");
  assert.equal((await fresh(store, rot.id)).state.itemsSeen, 2);
  assert.equal((await fresh(store, slug.id)).state.itemsSeen, 1);
  assert.equal((await fresh(store, nog.id)).state.itemsSeen, 3);
});

test("one host is polled one request at a time, however many of its sources are due", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  t.after(async () => { await srv.close(); await cleanup(); });
  for (let i = 0; i < 4; i++) {
    srv.routes.set(`/f${i}`, (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.end(rssFeed([{ title: `Feed ${i} Item`, guid: `p${i}`, body: `${BODIES[i]!} Feed ${i}.` }]));
      }, 50);
    });
    await store.sources.add({ name: `F${i}`, kind: "feed", location: `${srv.base}/f${i}`, intervalS: 60 });
  }
  const results = await pollDueSources(store, { ...testDeps(clock), concurrency: 4 });
  assert.equal(results.filter((r) => r.imported === 1).length, 4);
  assert.equal(srv.maxInFlight, 1);
  // Nothing is due until the interval has passed.
  assert.deepEqual(await pollDueSources(store, testDeps(clock)), []);
});

test("a feed entry stating a future embargo is held, not published", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  t.after(async () => { await srv.close(); await cleanup(); });
  srv.routes.set("/feed", feedRoute(() => rssFeed([{ title: "Harbour Budget for 2027", guid: "emb-1", body: `EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2026 ${BODIES[1]}` }])));
  const src = await store.sources.add({ name: "Embargo", kind: "feed", location: `${srv.base}/feed`, intervalS: 60 });
  const r = await pollSource(store, src, testDeps(clock));
  assert.deepEqual([r.imported, r.held], [0, 1]);
  assert.equal((await store.list({ limit: 10 })).items.length, 0);
  clock.set(T0 + 60_000);
  const again = await pollSource(store, (await store.sources.get(src.id))!, testDeps(clock));
  assert.deepEqual([again.held, again.unchanged], [0, 1]);
});

test("a web page registered as a feed: the feed it links to is read (autodiscovery)", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  t.after(async () => { await srv.close(); await cleanup(); });
  srv.routes.set("/news", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html", etag: '"page"' });
    res.end('<!doctype html><html><head><title>News</title><link rel="alternate" type="application/rss+xml" href="/news/rss"></head><body><p>Our news.</p></body></html>');
  });
  srv.routes.set("/news/rss", feedRoute(() => rssFeed([{ title: "Found Through the Page", guid: "ad-1", body: BODIES[2]! }])));
  srv.routes.set("/plain", (_req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end("<!doctype html><html><body><p>No feed here.</p></body></html>"); });
  const src = await store.sources.add({ name: "Page", kind: "feed", location: `${srv.base}/news`, intervalS: 60 });
  const plain = await store.sources.add({ name: "Plain", kind: "feed", location: `${srv.base}/plain`, intervalS: 60 });
  const r = await pollSource(store, src, testDeps(clock));
  assert.equal(r.imported, 1);
  assert.equal((await store.list({ limit: 5 })).items[0]?.headline, "Found Through the Page");
  assert.equal((await fresh(store, src.id)).state.etag, null);
  const p = await pollSource(store, plain, testDeps(clock));
  assert.equal(p.outcome, "failed");
  assert.match(p.error ?? "", /not a feed \(reads as html\)/);
});
