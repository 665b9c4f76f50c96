/** The embargo-line parser: every usual spelling, named and numeric zones, DST edges, no-date statements. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { findEmbargo, parseEmbargo } from "../../src/ingest/embargo.js";

const iso = (s: string) => Date.parse(s);

test("the usual spellings give the stated instant", () => {
  const cases: [string, string][] = [
    ["EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2026", "2026-05-05T14:00:00Z"],
    ["Embargoed until 00:01 GMT 12 March 2026", "2026-03-12T00:01:00Z"],
    ["EMBARGO: 6 a.m. ET Thursday, March 5, 2026", "2026-03-05T11:00:00Z"],
    ["Under embargo until 2026-05-05T14:00Z", "2026-05-05T14:00:00Z"],
    ["HOLD FOR RELEASE UNTIL 9:30 a.m. PT, June 1, 2026", "2026-06-01T16:30:00Z"],
    ["Embargoed until 10 a.m. ET, January 15, 2026", "2026-01-15T15:00:00Z"],
    ["EMBARGOED UNTIL 00:01 BST, 1 June 2026", "2026-05-31T23:01:00Z"],
    ["Embargoed until 12:00 CET 3 February 2026", "2026-02-03T11:00:00Z"],
    ["Embargoed until 12:00 CEST, 3 July 2026", "2026-07-03T10:00:00Z"],
    ["Embargoed until 08:00 UTC+2 on 3 July 2026", "2026-07-03T06:00:00Z"],
    ["Embargoed until 08:00 +02:00 3 July 2026", "2026-07-03T06:00:00Z"],
    ["Embargoed until 2026-07-03T08:00:00-04:00", "2026-07-03T12:00:00Z"],
    ["EMBARGOED UNTIL NOON CT MAY 5, 2026", "2026-05-05T17:00:00Z"],
    ["Embargoed until 4 p.m. Eastern Time on Monday, Nov. 2, 2026", "2026-11-02T21:00:00Z"],
    ["EMBARGOED UNTIL 11:59 P.M. EST DECEMBER 31, 2026", "2027-01-01T04:59:00Z"],
    ["Embargoed until 1 p.m. Pacific Daylight Time, Aug. 14, 2026", "2026-08-14T20:00:00Z"],
  ];
  for (const [text, want] of cases) assert.equal(parseEmbargo(text), iso(want), text);
});

test("ET follows daylight saving time on the stated date; a stated EST/EDT is taken as stated", () => {
  assert.equal(parseEmbargo("Embargoed until 9 a.m. ET, March 7, 2026"), iso("2026-03-07T14:00:00Z"));
  assert.equal(parseEmbargo("Embargoed until 9 a.m. ET, March 9, 2026"), iso("2026-03-09T13:00:00Z"));
  assert.equal(parseEmbargo("Embargoed until 9 a.m. EST, July 9, 2026"), iso("2026-07-09T14:00:00Z"));
});

test("DST edges: a skipped local time moves forward, a repeated one is read as the later instant", () => {
  // 2026-03-08 02:30 does not exist in New York (02:00 → 03:00).
  assert.equal(parseEmbargo("Embargoed until 2:30 a.m. ET, March 8, 2026"), iso("2026-03-08T07:30:00Z"));
  // 2026-11-01 01:30 happens twice in New York (EDT, then EST): the later one.
  assert.equal(parseEmbargo("Embargoed until 1:30 a.m. ET, November 1, 2026"), iso("2026-11-01T06:30:00Z"));
  // London: 2026-10-25 01:30 happens twice (BST, then GMT).
  assert.equal(parseEmbargo("Embargoed until 01:30 UK time 25 October 2026"), iso("2026-10-25T01:30:00Z"));
});

test("no zone: the latest instant the wall time can mean (UTC−12); midnight is the end of the day", () => {
  assert.equal(parseEmbargo("Embargoed until 10:00 May 5, 2026"), iso("2026-05-05T22:00:00Z"));
  assert.equal(parseEmbargo("EMBARGOED UNTIL MIDNIGHT ET MAY 5, 2026"), iso("2026-05-06T04:00:00Z"));
});

test("no absolute time → null; impossible dates → null", () => {
  assert.equal(parseEmbargo("Embargoed until the end of the call"), null);
  assert.equal(parseEmbargo("Embargoed until 10 a.m. ET"), null);
  assert.equal(parseEmbargo("Embargoed until February 30, 2026 10 a.m. ET"), null);
  assert.equal(parseEmbargo("Embargoed until 5/6/2026 10 a.m. ET"), null);
  assert.equal(parseEmbargo(""), null);
  // A year is taken from the reference when the line has none.
  assert.equal(parseEmbargo("EMBARGOED UNTIL 10 A.M. ET MAY 5", { referenceYear: 2026 }), iso("2026-05-05T14:00:00Z"));
});

test("findEmbargo reads a line that opens with the trigger, not a sentence about an embargo", () => {
  const found = findEmbargo(["FOR IMMEDIATE RELEASE", "EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2026", "The harbor board met today."]);
  assert.deepEqual(found, { stated: "EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2026", at: iso("2026-05-05T14:00:00Z") });
  assert.equal(findEmbargo(["The minister said the embargo on exports until 2027 was lifted."]), null);
  assert.deepEqual(findEmbargo(["**Embargoed until the end of the call.**"]), { stated: "**Embargoed until the end of the call.**", at: null });
  assert.equal(findEmbargo(["Body text only.", "No trigger here."]), null);
  // Inside a title line, with a full date.
  assert.deepEqual(findEmbargo(["FOR THE PRESS EMBARGOED UNTIL 6 A.M. ET, MARCH 5, 2026"]), { stated: "EMBARGOED UNTIL 6 A.M. ET, MARCH 5, 2026", at: iso("2026-03-05T11:00:00Z") });
});

test("a headline or line naming an embargo without a time does not hide the embargo line after it", () => {
  const paras = [
    "Embargo on Steel Imports Extended",
    "EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2027",
    "WASHINGTON - The ministry extended the steel embargo today. Details follow in the annex.",
  ];
  const found = findEmbargo(paras);
  assert.equal(found?.at, Date.parse("2027-05-05T14:00:00Z"));
  assert.match(found!.stated, /^EMBARGOED UNTIL 10:00 A\.M\. EDT/);
  const numbered = findEmbargo(["Embargo Test Number 3 Marten", "Embargoed until 00:01 GMT 12 March 2027", "Body."]);
  assert.equal(numbered?.at, Date.parse("2027-03-12T00:01:00Z"));
  // With no time anywhere, the timeless statement is still reported (at: null).
  assert.deepEqual(findEmbargo(["Embargoed until the end of the call.", "Thank you all."]), { stated: "Embargoed until the end of the call.", at: null });
});
