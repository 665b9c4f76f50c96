/**
 * WebSub: a polled feed that advertises a hub is subscribed to; the hub's verification is
 * answered; signed pushed content is stored like polled content; unsigned content is ignored.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { buildServer } from "../../src/publish/server.js";
import { pollSource } from "../../src/sources/poll.js";
import { discoverHub, publicCallbackBase, signatureValid } from "../../src/sources/websub.js";
import { BODIES, T0, rssFeed, startFeedServer, tempStore, testDeps } from "./helpers.js";

test("discoverHub reads Link headers and feed links; publicCallbackBase refuses unreachable bases", () => {
  assert.deepEqual(discoverHub("<rss/>", '<https://hub.example.net/>; rel="hub", <https://h.example.org/feed>; rel="self"', "https://h.example.org/f"), { hub: "https://hub.example.net/", topic: "https://h.example.org/feed" });
  const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="/atom"/><link href="https://hub.example.net/x?a=1&amp;b=2" rel="hub"/></feed>';
  assert.deepEqual(discoverHub(atom, undefined, "https://h.example.org/feed.atom"), { hub: "https://hub.example.net/x?a=1&b=2", topic: "https://h.example.org/atom" });
  assert.deepEqual(discoverHub('<rss><channel><atom:link rel="hub" href="https://hub.example.net/"/></channel></rss>', undefined, "https://h.example.org/rss"), { hub: "https://hub.example.net/", topic: "https://h.example.org/rss" });
  assert.equal(discoverHub('<rss><channel><atom:link rel="hub" href="javascript:alert(1)"/></channel></rss>', undefined, "https://h.example.org/rss"), null);
  assert.equal(discoverHub("<rss/>", undefined, "https://h.example.org/rss"), null);
  const jf = JSON.stringify({ version: "https://jsonfeed.org/version/1.1", feed_url: "https://h.example.org/feed.json", hubs: [{ type: "WebSub", url: "https://hub.example.net/" }], items: [] });
  assert.deepEqual(discoverHub(jf, undefined, "https://h.example.org/j"), { hub: "https://hub.example.net/", topic: "https://h.example.org/feed.json" });
  assert.equal(publicCallbackBase("http://localhost:8080"), null);
  assert.equal(publicCallbackBase("http://127.0.0.1:8080/"), null);
  assert.equal(publicCallbackBase(undefined), null);
  assert.equal(publicCallbackBase("https://wire.example.org/"), "https://wire.example.org");
  const body = Buffer.from("hello");
  const mac = createHmac("sha256", "s3cret").update(body).digest("hex");
  assert.equal(signatureValid("s3cret", `sha256=${mac}`, body), true);
  assert.equal(signatureValid("other", `sha256=${mac}`, body), false);
  assert.equal(signatureValid("s3cret", "md5=abc", body), false);
  assert.equal(signatureValid("s3cret", undefined, body), false);
});

test("subscribe, verify, receive signed content; ignore unsigned content", async (t) => {
  const srv = await startFeedServer();
  const { store, clock, cleanup } = await tempStore();
  const app = await buildServer({ store, clock, baseUrl: "https://wire.example.org/", siteName: "Harbour Wire" });
  t.after(async () => { await app.close(); await srv.close(); await cleanup(); });
  const hubRequests: URLSearchParams[] = [];
  srv.routes.set("/feed", (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml", link: `<${srv.base}/hub>; rel="hub", <${srv.base}/feed>; rel="self"` });
    res.end(rssFeed([{ title: "Second Ferry Berth Approved", guid: "w1", body: BODIES[0]! }]));
  });
  srv.routes.set("/hub", (req, res) => {
    let b = "";
    req.on("data", (d) => { b += String(d); });
    req.on("end", () => { hubRequests.push(new URLSearchParams(b)); res.writeHead(202); res.end(); });
  });
  const src = await store.sources.add({ name: "Pushy", kind: "feed", location: `${srv.base}/feed`, intervalS: 900 });
  const r = await pollSource(store, src, testDeps(clock, { websubCallbackBase: "https://wire.example.org" }));
  assert.equal(r.imported, 1);
  assert.equal(hubRequests.length, 1);
  const req = hubRequests[0]!;
  assert.equal(req.get("hub.mode"), "subscribe");
  assert.equal(req.get("hub.topic"), `${srv.base}/feed`);
  assert.equal(req.get("hub.lease_seconds"), "864000");
  const callback = new URL(req.get("hub.callback")!);
  assert.equal(callback.origin, "https://wire.example.org");
  assert.match(callback.pathname, /^\/websub\/callback\/[A-Za-z0-9_-]{20,}$/);
  const secret = req.get("hub.secret")!;
  assert.equal((await store.sources.getWebSub(src.id))?.state, "requested");

  // Polling again before anything changed asks the hub nothing.
  clock.set(T0 + 900_000);
  await pollSource(store, (await store.sources.get(src.id))!, testDeps(clock, { websubCallbackBase: "https://wire.example.org" }));
  assert.equal(hubRequests.length, 1);

  const topic = encodeURIComponent(`${srv.base}/feed`);
  const wrong = await app.inject({ method: "GET", url: `${callback.pathname}?hub.mode=subscribe&hub.topic=${encodeURIComponent("https://evil.example/")}&hub.challenge=abc` });
  assert.equal(wrong.statusCode, 404);
  const unknown = await app.inject({ method: "GET", url: `/websub/callback/AAAAAAAAAAAAAAAAAAAAAAAA?hub.mode=subscribe&hub.topic=${topic}&hub.challenge=abc` });
  assert.equal(unknown.statusCode, 404);
  // Content before verification is refused.
  const early = await app.inject({ method: "POST", url: callback.pathname, headers: { "content-type": "application/rss+xml" }, payload: "<rss/>" });
  assert.equal(early.statusCode, 404);

  const verify = await app.inject({ method: "GET", url: `${callback.pathname}?hub.mode=subscribe&hub.topic=${topic}&hub.challenge=ch4llenge-123&hub.lease_seconds=86400` });
  assert.equal(verify.statusCode, 200);
  assert.equal(verify.body, "ch4llenge-123");
  const sub = await store.sources.getWebSub(src.id);
  assert.equal(sub?.state, "active");
  assert.equal(sub?.leaseUntil, T0 + 900_000 + 86_400_000);

  const pushed = Buffer.from(rssFeed([
    { title: "Night Crossings From April", guid: "w2", body: BODIES[1]! },
    { title: "Second Ferry Berth Approved", guid: "w1", body: `${BODIES[0]} Work starts in June.` },
  ]));
  const unsigned = await app.inject({ method: "POST", url: callback.pathname, headers: { "content-type": "application/rss+xml" }, payload: pushed });
  assert.equal(unsigned.statusCode, 202);
  const forged = await app.inject({ method: "POST", url: callback.pathname, headers: { "content-type": "application/rss+xml", "x-hub-signature": `sha256=${createHmac("sha256", "guess").update(pushed).digest("hex")}` }, payload: pushed });
  assert.equal(forged.statusCode, 202);
  assert.equal((await store.list({ limit: 10 })).items.length, 1);

  const signed = await app.inject({ method: "POST", url: callback.pathname, headers: { "content-type": "application/rss+xml", "x-hub-signature": `sha256=${createHmac("sha256", secret).update(pushed).digest("hex")}` }, payload: pushed });
  assert.equal(signed.statusCode, 202);
  const items = (await store.list({ limit: 10 })).items.map((i) => `${i.headline} v${i.version}`).sort();
  assert.deepEqual(items, ["Night Crossings From April v1", "Second Ferry Berth Approved v2"]);
  assert.equal((await store.sources.get(src.id))?.state.itemsSeen, 2);
  // Garbage, correctly signed, is acknowledged and stores nothing.
  const junk = Buffer.from("not a feed at all");
  const bad = await app.inject({ method: "POST", url: callback.pathname, headers: { "content-type": "text/plain", "x-hub-signature": `sha1=${createHmac("sha1", secret).update(junk).digest("hex")}` }, payload: junk });
  assert.equal(bad.statusCode, 202);
  assert.equal((await store.list({ limit: 10 })).items.length, 2);
});
