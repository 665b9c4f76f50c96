import { test } from "node:test";
import assert from "node:assert/strict";
import { classify, compileRules, MAX_SUBJECTS, MIN_SCORE, scoreItem } from "../../src/topics/classify.js";
import { RULES_VERSION, TOPIC_RULES } from "../../src/topics/rules.js";
import { readFileSync } from "node:fs";
import { parseMediaTopics } from "../../src/topics/vocab.js";
import { VOCAB } from "./helpers.js";

const vocab = parseMediaTopics(readFileSync(VOCAB, "utf8"));
const current = new Set(vocab.concepts.filter((c) => !c.retired).map((c) => c.qcode));

test("every rule names a current Media Topic of the 2019 release, once, with terms that compile", () => {
  const seen = new Set<string>();
  for (const r of TOPIC_RULES) {
    assert.ok(current.has(r.qcode), `${r.qcode} is not a current topic`);
    assert.ok(!seen.has(r.qcode), `${r.qcode} has two rules`);
    seen.add(r.qcode);
    assert.ok(r.terms.length > 0);
    for (const t of r.terms) if (!t.startsWith("=")) assert.equal(t, t.toLowerCase(), `${r.qcode}: "${t}" must be lower case`);
  }
  assert.doesNotThrow(() => compileRules(TOPIC_RULES));
});

test("a wildfire statement we wrote is filed under fire and climate change, not crime", () => {
  const subjects = classify({
    headline: "Governor Thanks Firefighters as Wildfires Spread and the Climate Lengthens the Fire Season",
    body: "Crews from four counties are fighting the wildfires north of the lake. The governor said the smoke is a reminder of how climate change makes every fire season longer, and that the state's climate plan will fund more crews. Firefighters expect the largest fire to be contained by Friday.",
    section: "Governor's Office",
  }, current);
  assert.equal(subjects[0]?.qcode, "medtop:20000150"); // fire
  assert.ok(subjects.some((s) => s.qcode === "medtop:20000418")); // climate change
  assert.ok(!subjects.some((s) => s.qcode === "medtop:20000082"));
  assert.ok(subjects.every((s) => s.assignedBy === `rules:${RULES_VERSION}` && s.score >= MIN_SCORE));
});

test("a prosecutor's release we wrote is filed under judiciary and crime", () => {
  const subjects = classify({
    headline: "District Attorney Launches Unit for Cold Homicide Cases",
    body: "The District Attorney's Office will assign four prosecutors and two investigators to unsolved homicides. Victims' families will have one contact at the office. The unit will present cases to the grand jury when new evidence is found.",
    section: "County District Attorney",
  }, current);
  const codes = subjects.map((s) => s.qcode);
  assert.ok(codes.includes("medtop:20000106"), codes.join());
  assert.ok(codes.includes("medtop:20000082"), codes.join());
});

test("a readout of a foreign minister's call is diplomacy", () => {
  const subjects = classify({
    headline: "Secretary's Call with the Foreign Minister of Examplestan",
    body: "The Secretary spoke with the Foreign Minister today. They discussed bilateral trade ties and the upcoming summit, and agreed their embassies would deepen cooperation.",
    section: "Office of the Spokesperson",
  }, current);
  assert.equal(subjects[0]?.qcode, "medtop:20000639");
});

test("at most three subjects; nothing for text without trigger words; case-sensitive terms", () => {
  const busy = classify({
    headline: "Wildfire, Vaccine, Election, Tariff, School and Court Update",
    body: "wildfires vaccines elections tariffs schools courts ".repeat(20),
    section: null,
  }, current);
  assert.equal(busy.length, MAX_SUBJECTS);
  assert.deepEqual(classify({ headline: "Notice", body: "The office will be closed on Monday.", section: null }, current), []);
  assert.deepEqual(classify({ headline: "", body: "", section: null }, current), []);
  // "ICE" the agency counts for immigration; "ice" on a pond does not
  assert.ok((scoreItem({ headline: "ICE", body: "", section: null }).get("medtop:20000771") ?? 0) > 0);
  assert.equal(scoreItem({ headline: "Thin ice on the pond", body: "", section: null }).get("medtop:20000771"), undefined);
});

test("only topics in the given set are returned (retired or unloaded ones are not)", () => {
  const input = { headline: "Wildfires Near the Coast", body: "Firefighters fought the wildfires overnight.", section: null };
  assert.ok(classify(input, current).some((s) => s.qcode === "medtop:20000150"));
  assert.ok(!classify(input, new Set(["medtop:11000000"])).some((s) => s.qcode === "medtop:20000150"));
});

test("evaluation: micro precision/recall at levels 1 and 2, top-1 and exact-set accuracy", async () => {
  const { evaluate, atLevel } = await import("../../src/topics/evaluate.js");
  const broader = new Map<string, string | null>([["A", null], ["A1", "A"], ["A1x", "A1"], ["B", null], ["B1", "B"]]);
  assert.equal(atLevel("A1x", 1, broader), "A");
  assert.equal(atLevel("A1x", 2, broader), "A1");
  assert.equal(atLevel("A", 2, broader), "A");
  const r = evaluate([
    { id: "1", gold: ["A1x"], predicted: ["A1", "B1"] }, // level 1: A ok, B extra; level 2: A1 ok, B1 extra
    { id: "2", gold: ["B1", "A"], predicted: ["B"] }, // level 1: B ok, A missed; level 2: B ≠ B1, A missed
  ], broader);
  assert.deepEqual([r.level1.truePositives, r.level1.falsePositives, r.level1.falseNegatives], [2, 1, 1]);
  assert.equal(r.level1.precision, 2 / 3);
  assert.equal(r.level1.top1Accuracy, 1);
  assert.equal(r.level1.exactAccuracy, 0);
  assert.deepEqual([r.level2.truePositives, r.level2.falsePositives, r.level2.falseNegatives], [1, 2, 2]);
  assert.equal(r.level2.top1Accuracy, 0.5);
});
