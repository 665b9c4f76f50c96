import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseMediaTopics, qcodeFromParam, toQcode } from "../../src/topics/vocab.js";
import { isPressroomError } from "../../src/core/errors.js";
import { VOCAB, concept, miniVocab } from "./helpers.js";

function throwsCode(fn: () => unknown, code: string, msg: RegExp) {
  assert.throws(fn, (e: unknown) => isPressroomError(e) && e.code === code && msg.test(e.message));
}

test("the 2019-04 Media Topics release parses: 1,228 concepts, 134 retired, 17 top-level, levels from the broader chain", () => {
  const v = parseMediaTopics(readFileSync(VOCAB, "utf8"));
  assert.equal(v.concepts.length, 1228);
  assert.equal(v.concepts.filter((c) => c.retired).length, 134);
  const top = v.concepts.filter((c) => c.level === 1);
  assert.equal(top.length, 17);
  assert.ok(top.every((c) => c.broader === null));
  assert.equal(v.scheme.uri, "http://cv.iptc.org/newscodes/mediatopic/");
  assert.equal(v.scheme.released, "2019-04-06T20:00:00+00:00");
  assert.equal(v.scheme.licence, "http://creativecommons.org/licenses/by/4.0/");
  assert.match(v.scheme.copyrightHolder ?? "", /IPTC/);
  const by = new Map(v.concepts.map((c) => [c.qcode, c]));
  // diplomacy → international relations → politics
  const diplomacy = by.get("medtop:20000639")!;
  assert.equal(diplomacy.level, 3);
  assert.equal(diplomacy.broader, "medtop:20000638");
  assert.equal(by.get("medtop:20000638")!.broader, "medtop:11000000");
  assert.equal(by.get("medtop:11000000")!.level, 1);
  assert.equal(diplomacy.uri, "http://cv.iptc.org/newscodes/mediatopic/20000639");
  // a retired concept keeps its retirement date
  assert.equal(by.get("medtop:20000064")!.retired, "2016-04-05T12:00:00+00:00");
  // parents come before children
  const pos = new Map(v.concepts.map((c, i) => [c.qcode, i]));
  for (const c of v.concepts) if (c.broader) assert.ok(pos.get(c.broader)! < pos.get(c.qcode)!, c.qcode);
  // the release has one code that is not eight digits; it is kept
  assert.ok(by.has("medtop:2000118x"));
});

test("qcodes from URIs and URL segments", () => {
  assert.equal(toQcode("http://cv.iptc.org/newscodes/mediatopic/11000000"), "medtop:11000000");
  assert.equal(toQcode("medtop:11000000"), "medtop:11000000");
  assert.equal(toQcode("http://example.org/11000000"), null);
  assert.equal(toQcode(42), null);
  assert.equal(qcodeFromParam("11000000"), "medtop:11000000");
  assert.equal(qcodeFromParam("medtop:11000000"), "medtop:11000000");
  assert.equal(qcodeFromParam("../etc"), null);
  assert.equal(qcodeFromParam(""), null);
});

test("a minimal vocabulary of our own: broader given as qcode or URI, levels, definitions, retired", () => {
  const v = parseMediaTopics("\uFEFF" + miniVocab([
    concept("90000003", "Lanterns", undefined, { broader: "medtop:90000002" }),
    concept("90000001", "Harbours"),
    concept("90000002", "Lighthouses", "90000001"),
    concept("90000004", "Old beacons", "90000002", { retired: "2029-01-01T00:00:00+00:00" }),
  ]));
  assert.deepEqual(v.concepts.map((c) => [c.qcode, c.level, c.broader]), [
    ["medtop:90000001", 1, null],
    ["medtop:90000002", 2, "medtop:90000001"],
    ["medtop:90000003", 3, "medtop:90000002"],
    ["medtop:90000004", 3, "medtop:90000002"],
  ]);
  assert.equal(v.concepts[3]!.retired, "2029-01-01T00:00:00+00:00");
  assert.equal(v.concepts[0]!.definition, "Definition of Harbours");
});

test("wrong files are refused with clear errors", () => {
  throwsCode(() => parseMediaTopics("{ not json"), "PRESSROOM_E_TRUNCATED", /not a JSON file/);
  throwsCode(() => parseMediaTopics(""), "PRESSROOM_E_TRUNCATED", /not a JSON file/);
  throwsCode(() => parseMediaTopics("[1,2,3]"), "PRESSROOM_E_UNSUPPORTED", /top level is not a JSON object/);
  throwsCode(() => parseMediaTopics(JSON.stringify({ items: [] })), "PRESSROOM_E_UNSUPPORTED", /no conceptSet/);
  throwsCode(() => parseMediaTopics(miniVocab([concept("90000001", "Harbours")], { uri: "http://cv.iptc.org/newscodes/genre/" })), "PRESSROOM_E_UNSUPPORTED", /another scheme/);
  throwsCode(() => parseMediaTopics(miniVocab([])), "PRESSROOM_E_UNSUPPORTED", /conceptSet is empty/);
  throwsCode(() => parseMediaTopics(miniVocab([{ qcode: "subj:01000000", prefLabel: { "en-GB": "x" } }])), "PRESSROOM_E_UNSUPPORTED", /concept 1 has no medtop qcode/);
  throwsCode(() => parseMediaTopics(miniVocab([concept("90000001", "Harbours", undefined, { prefLabel: { "fr-FR": "Ports" } })])), "PRESSROOM_E_UNSUPPORTED", /medtop:90000001 has no English prefLabel/);
  throwsCode(() => parseMediaTopics(miniVocab([concept("90000001", "Harbours"), concept("90000002", "Piers", "90000009")])), "PRESSROOM_E_UNSUPPORTED", /broader concept medtop:90000009 that is not in the file/);
  throwsCode(() => parseMediaTopics(miniVocab([concept("90000001", "Harbours"), concept("90000002", "A", "90000003"), concept("90000003", "B", "90000002")])), "PRESSROOM_E_UNSUPPORTED", /loops/);
  throwsCode(() => parseMediaTopics(miniVocab([concept("90000001", "Harbours"), concept("90000001", "Harbours again")])), "PRESSROOM_E_UNSUPPORTED", /appears twice/);
  throwsCode(() => parseMediaTopics(miniVocab([concept("90000001", "A", undefined, { broader: ["http://example.org/x"] })])), "PRESSROOM_E_UNSUPPORTED", /broader reference that is not a Media Topic/);
});
