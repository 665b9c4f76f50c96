/** Times shown on pages: a stored time no date can show is printed, not thrown (a page must not fail on one bad row). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { displayInstant } from "../../src/publish/format.js";

test("displayInstant shows UTC times, and a time beyond any date as its number", () => {
  assert.deepEqual(displayInstant(Date.parse("2026-01-05T10:00:00Z")), { datetime: "2026-01-05T10:00:00Z", text: "January 5, 2026, 10:00 AM UTC" });
  assert.deepEqual(displayInstant(1e20), { datetime: "", text: "100000000000000000000 ms since 1970 (not a valid date)" });
  assert.equal(displayInstant(-1).datetime, "1969-12-31T23:59:59.999Z");
});
