/**
 * Developer check (not a unit test): reads every corpus file, compares metadata with
 * every gold file, and prints throughput and suspicious paragraphs.
 * Run from the repo root: node --import tsx test/ingest/corpus-report.ts [--dump name-substring]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { readDocuments } from "../../src/ingest/index.js";
import type { Document } from "../../src/core/document.js";

const shared = resolve(process.cwd(), "../shared");
const corpus = join(shared, "corpus");
const goldDir = join(shared, "gold");

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const files = walk(corpus).filter((f) => !f.endsWith("SOURCES.md"));
const inputs = files.map((f) => ({ f, bytes: readFileSync(f) }));
const total = inputs.reduce((s, i) => s + i.bytes.length, 0);
const results = new Map<string, Document[]>();
let failures = 0;
const t0 = performance.now();
for (const { f, bytes } of inputs) {
  try {
    results.set(f, readDocuments(bytes, f));
  } catch (e) {
    failures++;
    console.log("THROW", f, (e as Error).message);
  }
}
const ms = performance.now() - t0;
console.log(`read ${inputs.length} files, ${(total / 1e6).toFixed(2)} MB in ${ms.toFixed(0)} ms = ${(total / 1e6 / (ms / 1000)).toFixed(1)} MB/s; failures ${failures}; docs ${[...results.values()].reduce((s, d) => s + d.length, 0)}`);

// Gold comparison.
const fields = ["headline", "section", "kind", "published", "dateline"] as const;
const score: Record<string, [number, number]> = Object.fromEntries(fields.map((k) => [k, [0, 0]]));
for (const g of readdirSync(goldDir).filter((n) => n.endsWith(".json"))) {
  const gold = JSON.parse(readFileSync(join(goldDir, g), "utf8"));
  const stem = g.replace(/\.json$/, "");
  const file = files.find((f) => basename(f).replace(/\.[^.]+$/, "") === stem);
  const doc = file ? results.get(file)?.[0] : undefined;
  if (!doc) { console.log("NO DOC for gold", g); continue; }
  const got: Record<string, unknown> = { headline: doc.title, section: doc.section, kind: doc.kindHint, published: doc.published, dateline: doc.dateline };
  for (const k of fields) {
    if ((gold.unscored ?? []).includes(k)) continue;
    if (k === "kind" && gold.kind === "transcript") continue; // decided by the transcript analyser
    score[k]![1]++;
    if (got[k] === gold[k === "headline" ? "headline" : k]) score[k]![0]++;
    else console.log(`MISMATCH ${stem} ${k}: got ${JSON.stringify(got[k])} want ${JSON.stringify(gold[k])}`);
  }
}
console.log("gold:", Object.entries(score).map(([k, [a, b]]) => `${k} ${a}/${b}`).join(", "));

// Sanity checks.
const bad = [/There were [\d,]+ press releases/, /jQuery|document\.addEventListener|function\s*\(/, /â€|Ã[\u0080-\u00bf]|Â\s/, /<\/?[a-z]+[^>]*>/, /&[a-z]+;|&#\d+;/, /Share this page|Skip to main content/, /\\[#_'\[\]*]/];
for (const [f, docs] of results) {
  for (const d of docs) {
    if (!d.title || d.title.length > 300) console.log("TITLE?", f, JSON.stringify(d.title));
    const seen = new Set<string>();
    let dup = 0;
    for (const p of d.paragraphs) {
      if (p.length > 80 && seen.has(p)) dup++;
      seen.add(p);
      for (const re of bad) if (re.test(p)) console.log("BAD", re, basename(f), JSON.stringify(p.slice(0, 160)));
    }
    if (dup > 2) console.log("DOUBLED?", f, dup);
  }
}
const dump = process.argv.indexOf("--dump");
if (dump > 0) {
  const needle = process.argv[dump + 1] ?? "";
  for (const [f, docs] of results) if (f.includes(needle)) for (const d of docs) console.log(JSON.stringify({ ...d, paragraphs: d.paragraphs.slice(0, Number(process.argv[dump + 2] ?? 6)) }, null, 1));
}
