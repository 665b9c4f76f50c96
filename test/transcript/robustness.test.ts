import { test } from "node:test";
import assert from "node:assert/strict";
import { analyze } from "../../src/transcript/index.js";
import { doc } from "./helpers.js";

function timed(paragraphs: string[], maxMs: number) {
  const t0 = performance.now();
  const s = analyze(doc(paragraphs));
  const ms = performance.now() - t0;
  assert.ok(ms < maxMs, `took ${ms.toFixed(0)} ms`);
  return s;
}

test("no labels at all", () => {
  const s = timed(["Just prose. Nothing else: really.", "More prose (with a parenthesis)."], 200);
  assert.equal(s.kind, "other");
  assert.equal(s.turns.length, 0);
});

test("only labels", () => {
  const s = timed(["MODERATOR:", "QUESTION:", "MR. ODE:", "Q"], 200);
  assert.equal(s.kind, "transcript");
  assert.ok(s.turns.length >= 3);
});

test("5 MB of text in one paragraph and in many", () => {
  const sentence = "The minister said the talks (which began in May were long and, at times, difficult. ";
  const big = sentence.repeat(Math.ceil(5e6 / sentence.length));
  timed([big], 5000);
  const many = Array.from({ length: 20000 }, (_, i) => (i % 2 ? "QUESTION: " : "MR. ODE: ") + sentence.repeat(3));
  const s = timed(many, 8000);
  assert.equal(s.turns.length, 20000);
});

test("binary garbage never throws", () => {
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) % 65536);
  const paras = Array.from({ length: 200 }, () => String.fromCharCode(...Array.from({ length: 2000 }, rnd)));
  const s = timed(paras, 3000);
  assert.ok(Array.isArray(s.turns));
});

test("unbalanced parentheses and brackets", () => {
  const s = timed(["MR. ODE: ((((( [[[[ (inaudible", "QUESTION: )))) ]]] ( ( (Laughter.", "MR. ODE: (" + "a".repeat(100000)], 500);
  assert.equal(s.turns.length, 3);
});

test("a label every line, and pathological label-like runs", () => {
  const lines = Array.from({ length: 50000 }, (_, i) => `SPEAKER ${"ABC ".repeat(i % 12)}NUMBER: line ${i}`);
  timed(lines, 8000);
  const caps = "A".repeat(200000) + ": x";
  timed([caps, ("WORD ".repeat(50000)) + ":", ". Q ".repeat(100000)], 5000);
});

test("a document without a title gets a headline from its first sentence", async () => {
  const { fallbackHeadline } = await import("../../src/transcript/index.js");
  assert.equal(fallbackHeadline(["", "MODERATOR: hi there. More words follow."]), "MODERATOR: hi there.");
  assert.equal(fallbackHeadline([]), "Untitled document");
  const long = fallbackHeadline(["word ".repeat(60)]);
  assert.ok(long.length <= 101 && long.endsWith("…"), long);
});
