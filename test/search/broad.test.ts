import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedClock } from "../../src/core/clock.js";
import { COUNT_CAP } from "../../src/search/sqlite-fts.js";
import { item, tempStore } from "../store/fixtures.js";

const T0 = Date.parse("2025-01-01T00:00:00Z");

test("broad queries: total capped, headline matches first, pages do not repeat, date order", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const n = COUNT_CAP + 60;
    for (let i = 0; i < n; i++) {
      clock.set(T0 + i * 60_000);
      const headline = i === 5 || i === 700 ? `Beacon Notice ${i}` : `Routine Notice ${i}`;
      // Publication dates run against posting order for the last 100 items.
      const day = i >= n - 100 ? `2020-01-${String(1 + (i % 28)).padStart(2, "0")}` : null;
      await store.upsert(item({ identity: `b${i}`, headline, body: `The beacon keeper logged entry ${i} today.`, published: day }));
    }
    const r = await store.search({ q: "beacon", limit: 5 });
    assert.equal(r.total, COUNT_CAP);
    assert.equal(r.totalCapped, true);
    assert.deepEqual(r.hits.slice(0, 2).map((h) => h.item.headline), ["Beacon Notice 700", "Beacon Notice 5"]);
    assert.match(r.hits[0]!.snippet, /<mark>beacon<\/mark>/);

    const seen = new Set<string>();
    for (let off = 0; off < 60; off += 20) {
      const p = await store.search({ q: "beacon", limit: 20, offset: off });
      for (const h of p.hits) { assert.ok(!seen.has(h.item.id), "no repeats across pages"); seen.add(h.item.id); }
    }
    assert.equal(seen.size, 60);

    const d = await store.search({ q: "beacon", sort: "date", limit: 30 });
    const dates = d.hits.map((h) => h.item.publishedAt ?? h.item.postedAt);
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a));
    assert.equal(d.hits[0]!.item.publishedAt, null, "undated items use posting time (2025), newer than 2020");

    // Phrases and several terms: the headline tier is the same whether or not a quick look-up
    // of single words in headlines can rule it out ("keeper" is in no headline).
    const noHead = await store.search({ q: '"beacon keeper" logged', limit: 3 });
    assert.equal(noHead.total, COUNT_CAP);
    assert.deepEqual(noHead.hits.map((h) => h.item.headline), [`Routine Notice ${n - 1}`, `Routine Notice ${n - 2}`, `Routine Notice ${n - 3}`]);
    const twoTerms = await store.search({ q: "beacon notice", limit: 3 });
    assert.equal(twoTerms.total, COUNT_CAP);
    assert.deepEqual(twoTerms.hits.map((h) => h.item.headline), ["Beacon Notice 700", "Beacon Notice 5", `Routine Notice ${n - 1}`]);
    // Exclusions still apply to the headline tier.
    const ex = await store.search({ q: "beacon -700", limit: 3 });
    assert.equal(ex.hits[0]!.item.headline, "Beacon Notice 5");
    // A filter that narrows below the cap gives exact ranking and an exact total.
    const few = await store.search({ q: "beacon", from: Date.parse("2020-01-01T00:00:00Z"), to: Date.parse("2020-12-31T00:00:00Z") });
    assert.equal(few.total, 100);
    assert.equal(few.totalCapped, undefined);
  } finally {
    await done();
  }
});
