import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedClock } from "../../src/core/clock.js";
import { escapeHtml } from "../../src/store/rows.js";
import { highlightTerms, makeSnippet } from "../../src/search/snippet.js";
import { parseQuery } from "../../src/search/query.js";
import { item, tempStore } from "../store/fixtures.js";

// Bodies far longer than the first read (8,192 characters), written by us: where the first
// match lies deep, or only in the headline, or only in an accented spelling, the search's
// snippet must be exactly the one a scan of the whole body gives.
const para = (i: number) => `Paragraph ${i}: the harbour board reviewed presidential pressure on expressways — “as usual” — and adjourned.`;
const filler = (from: number, n: number) => Array.from({ length: n }, (_, k) => para(from + k)).join("\n\n");

test("search snippets of long bodies equal a scan of the whole body", async () => {
  const { store, done } = await tempStore(fixedClock(Date.parse("2025-06-01T00:00:00Z")));
  try {
    const bodies: Record<string, string> = {
      deep: `${filler(0, 300)}\n\nLate in the meeting the press availability began with the Lighthouse question.\n\n${filler(300, 50)}`,
      none: filler(0, 400),
      accent: `${filler(0, 250)}\n\nThe Lighthouse Café reopened; the CAFÉ owners thanked the board.\n\n${filler(250, 20)}`,
      early: `The press availability opened the Lighthouse day. ${filler(0, 200)}`,
      cut: `${filler(0, 70)} Lighthouse`,
    };
    for (const [k, body] of Object.entries(bodies)) {
      await store.upsert(item({ identity: k, headline: `Lighthouse Notice ${k} press availability cafe`, body }));
    }
    for (const q of ['"press availability"', "lighthouse", "cafe", "café", "Lighthouse -nothinghere", "expressway"]) {
      const terms = highlightTerms(parseQuery(q).ast);
      const r = await store.search({ q, limit: 10 });
      assert.ok(r.hits.length > 0, q);
      for (const h of r.hits) {
        const key = h.item.headline.split(" ")[2]!;
        const body = bodies[key]!;
        const want = makeSnippet(body, terms) ?? escapeHtml(h.item.excerpt);
        assert.equal(h.snippet, want, `${q} in ${key}`);
      }
    }
    const none = await store.search({ q: '"press availability"', limit: 10 });
    const noneHit = none.hits.find((h) => h.item.headline.includes(" none "))!;
    assert.ok(!noneHit.snippet.includes("<mark>"), "a headline-only hit has no highlight in its snippet");
    const deep = none.hits.find((h) => h.item.headline.includes(" deep "))!;
    assert.match(deep.snippet, /^…[\s\S]*<mark>press availability<\/mark>/);
  } finally {
    await done();
  }
});
