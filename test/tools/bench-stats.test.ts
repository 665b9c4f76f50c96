import { test } from "node:test";
import assert from "node:assert/strict";
import { percentile, round } from "../../src/bench/stats.js";

test("percentile is nearest-rank over an unsorted list", () => {
  const v = [9, 1, 5, 3, 7, 2, 8, 4, 6, 10];
  assert.equal(percentile(v, 50), 5);
  assert.equal(percentile(v, 95), 10);
  assert.equal(percentile(v, 10), 1);
  assert.equal(percentile([42], 99), 42);
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.deepEqual(v.slice(0, 3), [9, 1, 5], "the input is not reordered");
  assert.equal(round(3.14159, 2), 3.14);
});
