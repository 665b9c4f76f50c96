/** "Also published by" on item pages and `pressroom:story` in the API, over a real server and store. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildServer } from "../../src/publish/server.js";
import { ELAD, H, SYRIA, T0, copyOf, freshStore, original, runDedupeTask } from "./fixtures.js";

async function wire() {
  const s = await freshStore();
  const { store, clock } = s;
  clock.set(T0 - 3 * H);
  const a = await store.upsert(original(ELAD));
  clock.set(T0 - 2 * H);
  const b = await store.upsert(copyOf(ELAD, "html-chrome", { name: "Harbour Light Newswire", guid: "harbour-light-elad" }));
  const other = await store.upsert(original(SYRIA));
  // An embargoed third copy: held, never public, never in a story.
  const held = await store.editorial.hold({ input: copyOf(ELAD, "wire-plain", { name: "Embargo Wire", guid: "embargo-elad" }), status: "embargoed", releaseAt: T0 + 24 * H });
  clock.set(T0);
  const run = await runDedupeTask(store, clock);
  assert.deepEqual(run.failed, []);
  const app = await buildServer({ store, clock, baseUrl: "https://wire.example.org/", siteName: "Harbor Wire" });
  return {
    app, store, ids: { a: a.id, b: b.id, other: other.id, held: held.held.id },
    close: async () => { await app.close(); await s.close(); },
  };
}

test("item page shows 'Also published by' with the other public members, never a held copy", async () => {
  const w = await wire();
  try {
    const pa = await w.app.inject({ method: "GET", url: `/items/${w.ids.a}` });
    assert.equal(pa.statusCode, 200);
    const also = /<section class="also-published"[^>]*>.*?<\/section>/s.exec(pa.body)?.[0] ?? "";
    assert.match(also, /Also published by:/);
    assert.match(also, new RegExp(`<a href="/items/${w.ids.b}">Harbour Light Newswire</a> \\(<time datetime="2022-05-06T12:00:00Z">`));
    assert.doesNotMatch(also, new RegExp(`/items/${w.ids.a}"`), "the page does not list itself");
    assert.doesNotMatch(pa.body, /Embargo Wire/);
    assert.doesNotMatch(pa.body, new RegExp(w.ids.held));

    const pb = await w.app.inject({ method: "GET", url: `/items/${w.ids.b}` });
    assert.equal(pb.statusCode, 200);
    // The corpus copy names no source: its URL's host stands in.
    assert.equal(original(ELAD).source.name, null);
    assert.match(pb.body, new RegExp(`Also published by:</strong> <a href="/items/${w.ids.a}">www\\.state\\.gov</a>`));

    const po = await w.app.inject({ method: "GET", url: `/items/${w.ids.other}` });
    assert.equal(po.statusCode, 200);
    assert.doesNotMatch(po.body, /Also published by/);

    // Bad and unknown ids still answer with the wire's own error page.
    const unknown = await w.app.inject({ method: "GET", url: "/items/no-such-item" });
    assert.equal(unknown.statusCode, 404);
    assert.match(String(unknown.headers["content-type"]), /text\/html/);
    assert.doesNotMatch(unknown.body, /Also published by/);
    const bad = await w.app.inject({ method: "GET", url: "/items/%E0%A4%A" });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers["content-type"]), /text\/html/);
    // The held copy's page (for the public: like an id that never existed) shows no story either.
    const heldPage = await w.app.inject({ method: "GET", url: `/items/${w.ids.held}` });
    assert.equal(heldPage.statusCode, 404);
    assert.doesNotMatch(heldPage.body, /Also published by/);
  } finally {
    await w.close();
  }
});

test("API: pressroom:story on item responses and GET /api/v1/items/:id/story", async () => {
  const w = await wire();
  try {
    const r = await w.app.inject({ method: "GET", url: `/api/v1/items/${w.ids.b}` });
    assert.equal(r.statusCode, 200);
    const ninjs = r.json();
    const story = ninjs["pressroom:story"];
    assert.ok(story, "pressroom:story present");
    assert.match(story.id, /^st-[0-9a-f]{16}$/);
    assert.equal(story.canonical, w.ids.a);
    assert.deepEqual(story.items.map((m: { id: string }) => m.id), [w.ids.a, w.ids.b]);
    assert.equal(story.items[1].source, "Harbour Light Newswire");
    assert.equal(story.items[0].url, `https://wire.example.org/items/${w.ids.a}`);
    assert.equal(story.items[0].posted, new Date(T0 - 3 * H).toISOString());

    const v1 = await w.app.inject({ method: "GET", url: `/api/v1/items/${w.ids.b}/versions/1` });
    assert.equal(v1.json()["pressroom:story"]?.id, story.id);

    const alone = await w.app.inject({ method: "GET", url: `/api/v1/items/${w.ids.other}` });
    assert.equal(alone.statusCode, 200);
    assert.equal(alone.json()["pressroom:story"], undefined);

    const s = await w.app.inject({ method: "GET", url: `/api/v1/items/${w.ids.a}/story` });
    assert.equal(s.statusCode, 200);
    assert.deepEqual(s.json(), story);

    for (const id of [w.ids.other, "no-such-item", w.ids.held, "bad%20id"]) {
      const nf = await w.app.inject({ method: "GET", url: `/api/v1/items/${id}/story` });
      assert.equal(nf.statusCode, 404, id);
      assert.equal(nf.json().error.code, "PRESSROOM_E_NOT_FOUND");
    }
    // The held copy's story lookup answers exactly like an id that never existed... apart from the id in the message.
    const heldNf = await w.app.inject({ method: "GET", url: `/api/v1/items/${w.ids.held}/story` });
    const never = await w.app.inject({ method: "GET", url: "/api/v1/items/never-existed/story" });
    assert.equal(heldNf.json().error.message.replace(w.ids.held, "X"), never.json().error.message.replace("never-existed", "X"));
  } finally {
    await w.close();
  }
});

test("search shows a story once: two copies of one release give one result, on the page and in the API", async () => {
  const w = await wire();
  try {
    // A word of the release's headline, found in both copies.
    const word = original(ELAD).headline.split(/\W+/).filter((x) => x.length >= 6).sort((x, y) => y.length - x.length)[0]!;
    const raw = await w.store.search({ q: word });
    const rawIds = raw.hits.map((h) => h.item.id);
    assert.ok(rawIds.includes(w.ids.a) && rawIds.includes(w.ids.b), `the engine finds both copies of "${word}"`);
    const api = JSON.parse((await w.app.inject({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent(word)}` })).body) as { total: number; results: { id: string }[] };
    const ids = api.results.map((r) => r.id);
    assert.equal(ids.filter((id) => id === w.ids.a || id === w.ids.b).length, 1, `one of the two copies is listed: ${ids.join(", ")}`);
    assert.equal(api.total, raw.total - 1);
    const page = (await w.app.inject({ method: "GET", url: `/search?q=${encodeURIComponent(word)}` })).body;
    const listed = [w.ids.a, w.ids.b].filter((id) => page.includes(`href="/items/${id}"`));
    assert.equal(listed.length, 1, "the search page lists the story once");
  } finally {
    await w.close();
  }
});
