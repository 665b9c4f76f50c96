import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../src/config/config.js";
import { isPressroomError } from "../../src/core/errors.js";
import { tempDir } from "../helpers.js";
import { runCliDb as runCli, startServerDb as startServer } from "../db.js";
import { attr, BASE, H, input, parseWellFormed, T0, wire, type Wire } from "./helpers.js";

const HUB = "https://hub.example.net/websub?x=1&y=2";

/** rel → href of the link elements named `tag` that are direct children of `parent`. */
function links(parent: Element, tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const el of Array.from(parent.children)) if (el.tagName === tag) out.set(el.getAttribute("rel")!, attr(el, "href")!);
  return out;
}

async function fill(store: Wire["store"], clock: Wire["clock"]): Promise<void> {
  clock.set(T0 - H);
  await store.upsert(input({ identity: "guid:buoy", headline: "New buoys in the outer harbour", section: "Harbor Office" }));
  clock.set(T0);
}

describe("WebSub hub links in feeds", () => {
  let w: Wire;
  let plain: Wire;
  before(async () => {
    w = await wire({ settings: { websubHub: HUB }, fill });
    plain = await wire({ fill });
  });
  after(async () => {
    await w.close();
    await plain.close();
  });

  it("RSS carries atom:link rel=hub and rel=self (the whole wire and a section)", async () => {
    for (const [path, self] of [["/feeds/rss.xml", `${BASE}/feeds/rss.xml`], ["/sections/harbor-office/rss.xml", `${BASE}/sections/harbor-office/rss.xml`]] as const) {
      const res = await w.app.inject({ method: "GET", url: path });
      assert.equal(res.statusCode, 200, path);
      const doc = parseWellFormed(res.body);
      const channel = doc.getElementsByTagName("channel")[0]!;
      const l = links(channel, "atom:link");
      assert.equal(l.get("hub"), HUB, path);
      assert.equal(l.get("self"), self, path);
    }
  });

  it("Atom carries link rel=hub and rel=self", async () => {
    const doc = parseWellFormed((await w.app.inject({ method: "GET", url: "/feeds/atom.xml" })).body);
    const l = links(doc.documentElement, "link");
    assert.equal(l.get("hub"), HUB);
    assert.equal(l.get("self"), `${BASE}/feeds/atom.xml`);
  });

  it("JSON Feed carries hubs [{type: WebSub, url}] and feed_url", async () => {
    const feed = (await w.app.inject({ method: "GET", url: "/feeds/feed.json" })).json();
    assert.deepEqual(feed.hubs, [{ type: "WebSub", url: HUB }]);
    assert.equal(feed.feed_url, `${BASE}/feeds/feed.json`);
    assert.equal(feed.items.length, 1);
  });

  it("without a hub, feeds carry self links and no hub", async () => {
    const rss = parseWellFormed((await plain.app.inject({ method: "GET", url: "/feeds/rss.xml" })).body);
    const l = links(rss.getElementsByTagName("channel")[0]!, "atom:link");
    assert.equal(l.has("hub"), false);
    assert.equal(l.get("self"), `${BASE}/feeds/rss.xml`);
    const atom = parseWellFormed((await plain.app.inject({ method: "GET", url: "/feeds/atom.xml" })).body);
    assert.equal(links(atom.documentElement, "link").has("hub"), false);
    const json = (await plain.app.inject({ method: "GET", url: "/feeds/feed.json" })).json();
    assert.equal("hubs" in json, false);
  });
});

describe("WebSub hub configuration", () => {
  it("is null by default, read from PRESSROOM_WEBSUB_HUB, and the flag wins", () => {
    assert.equal(loadConfig({}, {}).websubHub, null);
    assert.equal(loadConfig({}, { PRESSROOM_WEBSUB_HUB: "https://hub.example.net/" }).websubHub, "https://hub.example.net/");
    assert.equal(loadConfig({ websubHub: "http://127.0.0.1:9000/hub" }, { PRESSROOM_WEBSUB_HUB: "https://hub.example.net/" }).websubHub, "http://127.0.0.1:9000/hub");
  });

  it("refuses anything but an http(s) URL with one clear PRESSROOM_E_CONFIG error", () => {
    for (const bad of ["hub.example.net", "ftp://hub.example.net/", "javascript:alert(1)", "https://", "not a url"]) {
      assert.throws(
        () => loadConfig({ websubHub: bad }, {}),
        (e: unknown) => isPressroomError(e, "PRESSROOM_E_CONFIG") && /WebSub hub must be an http\(s\) URL/.test(e.message) && e.message.includes("--websub-hub"),
        bad,
      );
    }
  });
});

describe("pressroom serve --websub-hub", () => {
  it("a bad hub stops the command with one line and exit status 2", () => {
    const t = tempDir();
    try {
      const r = runCli(["serve", "--data-dir", t.dir, "--port", "0", "--websub-hub", "ftp://hub.example.net/"]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, "");
      const lines = r.stderr.trim().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, /^pressroom: WebSub hub must be an http\(s\) URL, got "ftp:\/\/hub\.example\.net\/" \(--websub-hub \/ PRESSROOM_WEBSUB_HUB\) \[PRESSROOM_E_CONFIG\]$/);
    } finally {
      t.cleanup();
    }
  });

  it("a good hub is advertised by the running server's feeds", async () => {
    const t = tempDir();
    const s = await startServer(t.dir, ["--websub-hub", HUB]);
    try {
      const atom = await (await fetch(`${s.url}/feeds/atom.xml`)).text();
      const doc = parseWellFormed(atom);
      assert.equal(links(doc.documentElement, "link").get("hub"), HUB);
    } finally {
      await s.stop();
      t.cleanup();
    }
  });
});
