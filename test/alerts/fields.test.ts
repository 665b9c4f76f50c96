import { test } from "node:test";
import assert from "node:assert/strict";
import { hasFilters, splitFieldPrefixes } from "../../src/search/fields.js";
import { isPressroomError } from "../../src/core/errors.js";

test("outlet prefix with a quoted phrase of free text", () => {
  assert.deepEqual(splitFieldPrefixes('outlet:Reuters "Fordow"'), { text: '"Fordow"', filters: { outlet: "Reuters" } });
});

test("quoted values, any case of field names, every field", () => {
  assert.deepEqual(splitFieldPrefixes('OUTLET:"Associated  Press" ferry Questioner:"Mara Quinn" section:"Transport Office" kind:transcript'), {
    text: "ferry",
    filters: { outlet: "Associated Press", questioner: "Mara Quinn", section: "Transport Office", kind: "transcript" },
  });
});

test("kind values are folded to the stored spelling", () => {
  assert.equal(splitFieldPrefixes("kind:Press-Release tariffs").filters.kind, "press_release");
  assert.equal(splitFieldPrefixes('kind:"fact sheet"').filters.kind, "fact_sheet");
});

test("field syntax inside a quoted phrase, mid-word or unknown fields stays free text", () => {
  assert.deepEqual(splitFieldPrefixes('"outlet:Reuters said" col:foo xoutlet:bar'), { text: '"outlet:Reuters said" col:foo xoutlet:bar', filters: {} });
  assert.deepEqual(splitFieldPrefixes("tariff -wheat OR quota"), { text: "tariff -wheat OR quota", filters: {} });
});

test("a value stops at white space or a quote; an unclosed quoted value runs to the end", () => {
  assert.deepEqual(splitFieldPrefixes('outlet:Reuters"Fordow"'), { text: '"Fordow"', filters: { outlet: "Reuters" } });
  assert.deepEqual(splitFieldPrefixes('ferry outlet:"Tidewater Gazette'), { text: "ferry", filters: { outlet: "Tidewater Gazette" } });
});

test("only prefixes leaves empty text", () => {
  const r = splitFieldPrefixes("  section:maritime-affairs  ");
  assert.deepEqual(r, { text: "", filters: { section: "maritime-affairs" } });
  assert.equal(hasFilters(r.filters), true);
  assert.equal(hasFilters(splitFieldPrefixes("ferry").filters), false);
  assert.deepEqual(splitFieldPrefixes(""), { text: "", filters: {} });
});

test("bad prefixes are refused with PRESSROOM_E_BAD_QUERY and a reason", () => {
  const cases: [string, RegExp][] = [
    ["outlet: Reuters", /outlet: needs a value/],
    ['outlet:"" ferry', /outlet: needs a value/],
    ["outlet:Reuters outlet:AP", /given twice/],
    ["ferry -outlet:Reuters", /not supported/],
    ["ferry NOT outlet:Reuters", /not supported/],
    ["kind:memo", /not a kind/],
    [`questioner:${"x".repeat(201)}`, /longer than 200/],
  ];
  for (const [q, re] of cases) {
    assert.throws(() => splitFieldPrefixes(q), (e) => isPressroomError(e, "PRESSROOM_E_BAD_QUERY") && re.test(e.message), q);
  }
});
