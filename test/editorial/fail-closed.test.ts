/**
 * A release plan that is misspelt, mistyped or contradictory is refused, never published at
 * once: an embargo must fail closed (found by a review: `release=Embargoed` on the form and
 * `{"embargo": ...}` on the API used to publish immediately).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedClock } from "../../src/core/clock.js";
import { buildServer } from "../../src/publish/server.js";
import { openTestStore } from "../db.js";
import { addUser, bearer, login } from "../auth-helpers.js";
import { tempDir } from "../helpers.js";

const T0 = Date.parse("2026-05-05T12:00:00Z");

async function wire() {
  const tmp = tempDir("pressroom-failclosed-");
  const clock = fixedClock(T0);
  const store = await openTestStore({ clock });
  await addUser(store, "edna", "editor");
  const app = await buildServer({ store, clock, baseUrl: "http://wire.test" });
  return { app, store, auth: { authorization: await bearer(store, "edna") }, close: async () => { await app.close(); await store.close(); tmp.cleanup(); } };
}

test("API: near-miss release fields and null times are refused with 400 and publish nothing", async () => {
  const w = await wire();
  try {
    const base = { headline: "Civet Survey Results", body_text: "The civet survey counted forty animals." };
    for (const extra of [
      { embargo: "2026-05-06T10:00:00Z" },
      { Embargoed: "2026-05-06T10:00:00Z" },
      { release_at: "2026-05-06T10:00:00Z" },
      { "pressroom:release-at": "2026-05-06T10:00:00Z" },
      { embargoed: null },
      { "pressroom:release_at": null },
    ]) {
      const r = await w.app.inject({ method: "POST", url: "/api/v1/items", headers: w.auth, payload: { ...base, ...extra } });
      assert.equal(r.statusCode, 400, `${JSON.stringify(extra)} → ${r.statusCode} ${r.body}`);
      assert.equal(JSON.parse(r.body).error.code, "PRESSROOM_E_BAD_REQUEST");
    }
    assert.equal((await w.store.stats(T0)).items, 0, "nothing was published");
    assert.equal((await w.store.editorial.listHeld()).length, 0, "nothing was held either");
  } finally {
    await w.close();
  }
});

test("web form: an unknown release choice, or a time with 'now', is refused; nothing is published", async () => {
  const w = await wire();
  try {
    const s = await login(w.app, "edna");
    const post = (fields: Record<string, string>) => w.app.inject({
      method: "POST", url: "/editor/new",
      headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ _csrf: s.csrf, headline: "Civet Survey Results", body_text: "The civet survey counted forty animals.", zone: "UTC", ...fields }).toString(),
    });
    for (const fields of <Record<string, string>[]>[
      { release: "Embargoed", release_local: "2026-05-06T10:00" },
      { release: "embargo", release_local: "2026-05-06T10:00" },
      { release: " embargoed", release_local: "2026-05-06T10:00" },
      { release: "zzz" },
      { release_local: "2026-05-06T10:00" },
      { release: "now", release_local: "2026-05-06T10:00" },
    ]) {
      const r = await post(fields);
      assert.equal(r.statusCode, 400, `${JSON.stringify(fields)} → ${r.statusCode}`);
      assert.match(r.body, /release/i);
    }
    assert.equal((await w.store.stats(T0)).items, 0, "nothing was published");
    // The real choices still work.
    const ok = await post({ release: "embargoed", release_local: "2026-05-06T10:00" });
    assert.equal(ok.statusCode, 303);
    const held = await w.store.editorial.listHeld();
    assert.equal(held.length, 1);
    assert.equal(held[0]!.releaseAt, Date.parse("2026-05-06T10:00:00Z"));
  } finally {
    await w.close();
  }
});

test("JSON bodies are not coerced: a number where a string is due is a 400, and nothing changes", async () => {
  const w = await wire();
  try {
    const created = await w.app.inject({ method: "POST", url: "/api/v1/items", headers: w.auth, payload: { headline: "Civet Survey Results", body_text: "The civet survey counted forty animals." } });
    assert.equal(created.statusCode, 201);
    const loc = String(created.headers.location);
    const id = decodeURIComponent(loc.slice(loc.lastIndexOf("/") + 1));
    const r = await w.app.inject({ method: "POST", url: `/api/v1/items/${id}/withdraw`, headers: w.auth, payload: { reason: 5 } });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(JSON.parse(r.body).error.code, "PRESSROOM_E_BAD_REQUEST");
    assert.match(JSON.parse(r.body).error.message, /reason must be a string/);
    assert.equal((await w.store.get(id))?.pubstatus ?? "usable", "usable", "the item was not withdrawn");
    const h = await w.app.inject({ method: "POST", url: "/api/v1/items", headers: w.auth, payload: { headline: 12345, body_text: "Numbers are not headlines." } });
    assert.equal(h.statusCode, 400, h.body);
    const s = await w.app.inject({ method: "POST", url: "/api/v1/saved-searches", headers: w.auth, payload: { name: 5, query: "civet", webhook_url: "https://hooks.example.org/x" } });
    assert.equal(s.statusCode, 400, s.body);
  } finally {
    await w.close();
  }
});
