/**
 * The classifier against our own labels of corpus documents (test/topics/labels.json;
 * labelling rules in docs/topics.md). Prints precision, recall and accuracy at level 1 (the
 * 17 top-level Media Topics) and level 2, and fails when they drop below the floors, which
 * were set a little under the measured values.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeFile } from "../../src/importer/analyze-file.js";
import { classify } from "../../src/topics/classify.js";
import { evaluate, type EvalCase } from "../../src/topics/evaluate.js";
import { parseMediaTopics } from "../../src/topics/vocab.js";
import { CORPUS } from "../helpers.js";
import { VOCAB } from "./helpers.js";

/** Floors: the values measured on 2026-11-29 (docs/topics.md) minus two to three points. */
const FLOOR = {
  level1: { precision: 0.85, recall: 0.8, top1Accuracy: 0.93 },
  level2: { precision: 0.74, recall: 0.73, top1Accuracy: 0.86 },
};
/** Level-1 floors on the held-out items alone (few items: a wider margin). */
const HELD_OUT_FLOOR = { precision: 0.7, recall: 0.7, top1Accuracy: 0.8 };

interface Label { path: string; subjects: string[]; heldOut?: boolean }

const vocab = parseMediaTopics(readFileSync(VOCAB, "utf8"));
const current = new Set(vocab.concepts.filter((c) => !c.retired).map((c) => c.qcode));
const broader = new Map(vocab.concepts.map((c) => [c.qcode, c.broader]));
const labels = (JSON.parse(readFileSync(new URL("./labels.json", import.meta.url), "utf8")) as { items: Label[] }).items;

test("the labelled sample: at least 100 distinct corpus documents, each with 1-3 current Media Topics", () => {
  assert.ok(labels.length >= 100, `only ${labels.length} labelled items`);
  assert.equal(new Set(labels.map((l) => l.path)).size, labels.length);
  for (const l of labels) {
    assert.ok(existsSync(join(CORPUS, l.path.split("#")[0]!)), `${l.path} is not in the corpus`);
    assert.ok(l.subjects.length >= 1 && l.subjects.length <= 3, l.path);
    for (const q of l.subjects) assert.ok(current.has(q), `${l.path}: ${q} is not a current Media Topic`);
  }
});

/** The labelled item: a file, or the N-th item of a feed file (`path#N`). */
async function labelledInput(path: string) {
  const [file, nth] = path.split("#");
  const a = await analyzeFile(join(CORPUS, file!), 20 << 20);
  if (nth === undefined) {
    assert.equal(a.inputs.length, 1, `${path} should be one document`);
    return a.inputs[0]!;
  }
  const it = a.inputs[Number(nth) - 1];
  assert.ok(it, `${path}: no item ${nth}`);
  return it;
}

function report(name: string, cases: EvalCase[]) {
  const r = evaluate(cases, broader);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  for (const [level, s] of [["level 1", r.level1], ["level 2", r.level2]] as const) {
    console.log(`topics, ${name} (${r.items} items), ${level}: precision ${pct(s.precision)}, recall ${pct(s.recall)}, F1 ${pct(s.f1)}, top-1 accuracy ${pct(s.top1Accuracy)}, exact-set accuracy ${pct(s.exactAccuracy)} (tp ${s.truePositives}, fp ${s.falsePositives}, fn ${s.falseNegatives})`);
  }
  return r;
}

test("classifier precision, recall and accuracy on the labelled sample stay above the floors", async () => {
  const cases: (EvalCase & { heldOut: boolean })[] = [];
  for (const l of labels) {
    const it = await labelledInput(l.path);
    const predicted = classify({ headline: it.headline, body: it.body, section: it.section }, current).map((s) => s.qcode);
    cases.push({ id: l.path, gold: l.subjects, predicted, heldOut: !!l.heldOut });
  }
  const r = report("all labelled", cases);
  report("tuning set", cases.filter((c) => !c.heldOut));
  const held = report("held-out set", cases.filter((c) => c.heldOut));
  for (const level of ["level1", "level2"] as const) {
    for (const k of ["precision", "recall", "top1Accuracy"] as const) {
      assert.ok(r[level][k] >= FLOOR[level][k], `${level} ${k} ${r[level][k].toFixed(3)} fell below ${FLOOR[level][k]}`);
    }
  }
  for (const k of ["precision", "recall", "top1Accuracy"] as const) {
    assert.ok(held.level1[k] >= HELD_OUT_FLOOR[k], `held-out level1 ${k} ${held.level1[k].toFixed(3)} fell below ${HELD_OUT_FLOOR[k]}`);
  }
  // Nearly every labelled item gets at least one subject.
  assert.ok(cases.filter((c) => c.predicted.length > 0).length >= Math.floor(labels.length * 0.95));
});
