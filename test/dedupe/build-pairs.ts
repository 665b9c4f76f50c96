/**
 * Builds test/dedupe/pairs.json, the labelled pairs of the near-duplicate detector, from
 * the shared corpus: `npx tsx test/dedupe/build-pairs.ts` (deterministic; run again when
 * the corpus changes). Labels follow from how each pair is made, and are written with the
 * reason; see docs/dedupe.md.
 *
 * - same / corpus: the same release in two corpus files (a feed snapshot's entry and the
 *   item cut from another snapshot, matched by guid).
 * - same / reformat: a corpus document against another wire's copy of it (see `reformat`),
 *   and two different wires' copies of it against each other.
 * - different / neighbour: consecutive documents of one folder (same office, same template,
 *   often the same spokesperson on consecutive days): as they are, both in the same wire's
 *   chrome, or each from another wire.
 * - different / same-title: documents with the same headline (daily briefings, schedules,
 *   nominations, press availabilities).
 * - different / template: the most similar distinct releases of the corpus (form letters,
 *   readouts, schedules; exact shingle Jaccard >= 0.05), also both in the same wire's chrome
 *   and each from another wire.
 * - different / random: documents from different folders (seeded).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { corpusDocs, VARIANTS, type CorpusDoc, type Variant } from "./corpus.js";
import { MIN_TOKENS, dedupeTokens, jaccard, shingles } from "../../src/dedupe/index.js";

interface Side { file: string; entry: number; variant: Variant | null }
interface Pair { a: Side; b: Side; label: "same" | "different"; kind: string }

const docs = corpusDocs().filter((d) => dedupeTokens(d.input.body).length >= MIN_TOKENS);
const side = (d: CorpusDoc, variant: Variant | null = null): Side => ({ file: d.file, entry: d.entry, variant });
const pairs: Pair[] = [];
const key = (d: CorpusDoc) => `${d.file}#${d.entry}`;
const sameRelease = (a: CorpusDoc, b: CorpusDoc) => a.input.identity === b.input.identity;

// same / corpus: one guid in two files.
for (let i = 0; i < docs.length; i++) {
  for (let j = i + 1; j < docs.length; j++) {
    if (sameRelease(docs[i]!, docs[j]!) && docs[i]!.file !== docs[j]!.file) pairs.push({ a: side(docs[i]!), b: side(docs[j]!), label: "same", kind: "corpus" });
  }
}

// same / reformat.
docs.forEach((d, i) => {
  pairs.push({ a: side(d), b: side(d, VARIANTS[i % VARIANTS.length]!), label: "same", kind: "reformat" });
  if (i % 2 === 0) pairs.push({ a: side(d, VARIANTS[(i + 2) % VARIANTS.length]!), b: side(d, VARIANTS[(i + 3) % VARIANTS.length]!), label: "same", kind: "reformat-pair" });
});

// different / neighbour (files are sorted by folder and date).
const folder = (d: CorpusDoc) => d.file.split("/")[0]!;
for (let i = 0; i + 1 < docs.length; i++) {
  const a = docs[i]!;
  const b = docs[i + 1]!;
  if (folder(a) !== folder(b) || sameRelease(a, b)) continue;
  pairs.push({ a: side(a), b: side(b), label: "different", kind: "neighbour" });
  if (i % 2 === 0) {
    const v = VARIANTS[i % VARIANTS.length]!;
    pairs.push({ a: side(a, v), b: side(b, v), label: "different", kind: "neighbour-same-chrome" });
  }
  if (i % 3 === 0) pairs.push({ a: side(a, VARIANTS[i % VARIANTS.length]!), b: side(b, VARIANTS[(i + 1) % VARIANTS.length]!), label: "different", kind: "neighbour-cross-wire" });
}

// different / same-title.
const byTitle = new Map<string, CorpusDoc[]>();
for (const d of docs) {
  const t = d.input.headline.toLowerCase().replace(/[^a-z0-9]+/g, " ").replace(/\b\d+\b/g, "#").trim().split(" ").slice(0, 5).join(" ");
  byTitle.set(t, [...(byTitle.get(t) ?? []), d]);
}
const seen = new Set(pairs.map((p) => `${p.a.file}#${p.a.entry}|${p.b.file}#${p.b.entry}`));
for (const group of byTitle.values()) {
  for (let i = 0; i < group.length; i++) {
    for (let j = i + 1; j < group.length; j++) {
      const a = group[i]!;
      const b = group[j]!;
      if (sameRelease(a, b) || seen.has(`${key(a)}|${key(b)}`)) continue;
      seen.add(`${key(a)}|${key(b)}`);
      pairs.push({ a: side(a), b: side(b), label: "different", kind: "same-title" });
    }
  }
}

// different / template: the closest pairs of distinct releases in the corpus (exact Jaccard
// similarity of their shingles >= 0.05: form letters, readouts, schedules), as they are and in
// every reformatting (both in the same wire's chrome).
const sets = docs.map((d) => shingles(dedupeTokens(d.input.body)));
for (let i = 0; i < docs.length; i++) {
  for (let j = i + 1; j < docs.length; j++) {
    const a = docs[i]!;
    const b = docs[j]!;
    if (sameRelease(a, b) || jaccard(sets[i]!, sets[j]!) < 0.05) continue;
    if (!seen.has(`${key(a)}|${key(b)}`)) pairs.push({ a: side(a), b: side(b), label: "different", kind: "template" });
    seen.add(`${key(a)}|${key(b)}`);
    for (const v of VARIANTS) pairs.push({ a: side(a, v), b: side(b, v), label: "different", kind: "template-same-chrome" });
    // The same two releases carried by two different wires (no same-source rule to help).
    VARIANTS.forEach((v, k) => {
      pairs.push({ a: side(a, v), b: side(b, VARIANTS[(k + 1) % VARIANTS.length]!), label: "different", kind: "template-cross-wire" });
      pairs.push({ a: side(a), b: side(b, v), label: "different", kind: "template-cross-wire" });
    });
  }
}

// different / random (xorshift, fixed seed).
let s = 0x2545f491;
const rand = (n: number) => {
  s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
  return s % n;
};
for (let added = 0; added < 80;) {
  const a = docs[rand(docs.length)]!;
  const b = docs[rand(docs.length)]!;
  if (folder(a) === folder(b) || sameRelease(a, b)) continue;
  pairs.push({ a: side(a), b: side(b), label: "different", kind: "random" });
  added++;
}

const out = { description: "Labelled pairs for near-duplicate detection; built by test/dedupe/build-pairs.ts from ../shared/corpus. Files are relative to the corpus; entry is the document's index within its file; variant names a reformatting in test/dedupe/corpus.ts (null: the file as it is).", pairs };
// One pair per line, so a change to the set reads as a diff of pairs.
writeFileSync(join(import.meta.dirname, "pairs.json"), `{"description": ${JSON.stringify(out.description)},\n"pairs": [\n${pairs.map((p) => JSON.stringify(p)).join(",\n")}\n]}\n`);
const count = (l: string) => pairs.filter((p) => p.label === l).length;
console.log(`pairs: ${pairs.length} (same ${count("same")}, different ${count("different")})`);
const kinds = new Map<string, number>();
for (const p of pairs) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
console.log(Object.fromEntries(kinds));
