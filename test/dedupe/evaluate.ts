/**
 * Precision and recall of the near-duplicate detector on test/dedupe/pairs.json. A pair is
 * predicted "same" when the two fingerprints share an LSH band (they would be candidates in
 * the store's band index) AND the decision rule accepts them, exactly as the `dedupe` task
 * decides (with the same-source rule when both sides come from one source, see `sourceOf`).
 * Bodies too short to fingerprint are predicted "different".
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bodyOf, corpusDoc, type Variant } from "./corpus.js";
import { compare, fingerprint, shareBand, sourceKey, type Fingerprint } from "../../src/dedupe/index.js";

export interface Side { file: string; entry: number; variant: Variant | null }
export interface Pair { a: Side; b: Side; label: "same" | "different"; kind: string }

export interface Outcome extends Pair { jaccard: number; containment: number; candidate: boolean; predicted: "same" | "different" }

export interface Evaluation {
  outcomes: Outcome[];
  tp: number; fp: number; fn: number; tn: number;
  precision: number; recall: number;
}

/** The labelled pairs. */
export function loadPairs(): Pair[] {
  return (JSON.parse(readFileSync(join(import.meta.dirname, "pairs.json"), "utf8")) as { pairs: Pair[] }).pairs;
}

/**
 * The source of one side, for the same-source rule: a corpus file's own source (name, else
 * URL host), or the wire that made the reformatting (one wire per variant). Never null here:
 * an unknown corpus source counts as the corpus folder.
 */
export function sourceOf(s: Side): string {
  if (s.variant) return `wire:${s.variant}`;
  const src = corpusDoc(s.file, s.entry).input.source;
  return sourceKey(src.name, src.url) ?? `folder:${s.file.split("/")[0]}`;
}

/** Evaluate the detector on `pairs` (fingerprints cached per side). */
export function evaluate(pairs: Pair[]): Evaluation {
  const fps = new Map<string, Fingerprint | null>();
  const fp = (s: Side) => {
    const k = `${s.file}#${s.entry}#${s.variant ?? ""}`;
    if (!fps.has(k)) fps.set(k, fingerprint(bodyOf(corpusDoc(s.file, s.entry), s.variant)));
    return fps.get(k)!;
  };
  const outcomes: Outcome[] = pairs.map((p) => {
    const a = fp(p.a);
    const b = fp(p.b);
    if (!a || !b) return { ...p, jaccard: 0, containment: 0, candidate: false, predicted: "different" };
    const c = compare(a, b, { sameSource: sourceOf(p.a) === sourceOf(p.b) });
    const candidate = shareBand(a, b);
    return { ...p, jaccard: c.jaccard, containment: c.containment, candidate, predicted: candidate && c.same ? "same" : "different" };
  });
  let tp = 0, fpn = 0, fn = 0, tn = 0;
  for (const o of outcomes) {
    if (o.label === "same") o.predicted === "same" ? tp++ : fn++;
    else o.predicted === "same" ? fpn++ : tn++;
  }
  return { outcomes, tp, fp: fpn, fn, tn, precision: tp + fpn === 0 ? 1 : tp / (tp + fpn), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}
