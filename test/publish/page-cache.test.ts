import { test } from "node:test";
import assert from "node:assert/strict";
import { PageCache } from "../../src/publish/web/page-cache.js";

const page = (text: string) => ({ body: Buffer.from(text, "utf8"), etag: `W/"${text.length}"` });

test("PageCache: least recently used out first, bounded by count", () => {
  const c = new PageCache({ maxEntries: 3, maxBytes: 1_000 });
  c.set("a", page("alpha"));
  c.set("b", page("bravo"));
  c.set("c", page("charlie"));
  assert.equal(c.get("a")?.body.toString(), "alpha"); // a is now the most recent
  c.set("d", page("delta"));
  assert.equal(c.get("b"), undefined, "b was the least recently used");
  assert.deepEqual(["a", "c", "d"].map((k) => c.get(k)?.body.toString()), ["alpha", "charlie", "delta"]);
  assert.equal(c.size, 3);
  assert.equal(c.totalBytes, 5 + 7 + 5);
});

test("PageCache: bounded by bytes (UTF-8), a page larger than the budget is not kept, replacing a key frees its bytes", () => {
  const c = new PageCache({ maxEntries: 100, maxBytes: 20 });
  c.set("q", page("\u201cquoted\u201d")); // 6 ASCII + 2 x 3 bytes
  assert.equal(c.totalBytes, 12);
  c.set("r", page("ninebytes"));
  assert.equal(c.get("q"), undefined, "12 + 9 > 20: the oldest page went");
  assert.equal(c.totalBytes, 9);
  c.set("big", page("x".repeat(21)));
  assert.equal(c.get("big"), undefined);
  assert.equal(c.get("r")?.body.toString(), "ninebytes", "an oversized page evicts nothing");
  c.set("r", page("four"));
  assert.equal(c.totalBytes, 4);
  c.delete("r");
  c.delete("never");
  assert.equal(c.size, 0);
  assert.equal(c.totalBytes, 0);
});
