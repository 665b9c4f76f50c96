/** Times shown on pages: a stored time no date can show is printed, not thrown (a page must not fail on one bad row). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { displayInstant } from "../../src/publish/format.js";

test("displayInstant shows UTC times, and a time beyond any date as its number", () => {
  assert.deepEqual(displayInstant(Date.parse("2026-01-05T10:00:00Z")), { datetime: "2026-01-05T10:00:00Z", text: "January 5, 2026, 10:00 AM UTC" });
  assert.deepEqual(displayInstant(1e20), { datetime: "", text: "100000000000000000000 ms since 1970 (not a valid date)" });
  assert.equal(displayInstant(-1).datetime, "1969-12-31T23:59:59.999Z");
});

test("displayInstant's own UTC formatting gives Luxon's output: noon, midnight, milliseconds, leap days, years 0-9999, and beyond", async () => {
  const { displayInstantLuxon } = await import("../../src/publish/format.js");
  const fixed = [
    "2024-02-29T00:00:00Z", "2024-02-29T12:00:00Z", "2024-02-29T12:59:59.500Z", "2023-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z", "0999-06-15T07:05:00Z", "9999-12-31T23:59:00Z", "+010000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z",
  ].map((s) => Date.parse(s));
  // A fixed spread of instants over 1900-2100 (an LCG, so every run checks the same ones).
  let x = 12345;
  const spread = Array.from({ length: 2000 }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return Date.parse("1900-01-01T00:00:00Z") + Math.floor((x / 2 ** 31) * 200 * 365.25 * 86_400_000);
  });
  for (const ms of [...fixed, ...spread, 8.64e15, -8.64e15, 8.64e15 + 1, Number.NaN]) {
    assert.deepEqual(displayInstant(ms), displayInstantLuxon(ms), String(ms));
  }
  assert.equal(displayInstant(Date.parse("2024-02-29T12:05:00Z")).text, "February 29, 2024, 12:05 PM UTC");
  assert.equal(displayInstant(Date.parse("2024-02-29T00:05:00Z")).text, "February 29, 2024, 12:05 AM UTC");
});
