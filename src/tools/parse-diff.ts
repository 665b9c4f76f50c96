/**
 * `npm run parse:diff`: the regression harness of the transcript parser. Runs the
 * parser over every document of the shared corpus (`../shared/corpus`), counts per
 * document what the structure holds (turns, participants, questioners, questioners
 * named, exchanges, events, kind, ground rules), and compares those counts with the
 * committed snapshot `snapshots/parse-counts.json`, so a change to a rule shows what it
 * gained and what it broke.
 *
 *   npm run parse:diff              report changes against the snapshot (exit 0)
 *   npm run parse:diff -- --update  write the current counts as the new snapshot
 *   npm run parse:diff -- --check   exit 1 when anything changed (for CI use)
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { walkPaths } from "../importer/walk.js";
import { readDocuments } from "../ingest/index.js";
import { analyze } from "../transcript/index.js";
import type { Structure } from "../core/transcript-types.js";

/** The counts kept per document (feed files give one row per entry: `file#N`). */
export interface DocCounts {
  kind: string;
  turns: number;
  participants: number;
  questioners: number;
  named: number;
  exchanges: number;
  followUps: number;
  events: number;
  basis: string | null;
  warnings: number;
}

/** Counts of one analysed document. */
export function countsOf(s: Structure): DocCounts {
  const q = s.participants.filter((p) => p.role === "questioner");
  return {
    kind: s.kind,
    turns: s.turns.length,
    participants: s.participants.length,
    questioners: q.length,
    named: q.filter((p) => p.name).length,
    exchanges: s.exchanges.length,
    followUps: s.exchanges.filter((e) => e.follow_up).length,
    events: s.events.length,
    basis: s.ground_rules.basis,
    warnings: s.warnings?.length ?? 0,
  };
}

/** A changed field of one document: before → after. */
export interface CountChange {
  doc: string;
  field: keyof DocCounts | "(added)" | "(removed)";
  before: unknown;
  after: unknown;
}

/** Field-by-field differences between two snapshots, in document order. */
export function diffCounts(before: Record<string, DocCounts>, after: Record<string, DocCounts>): CountChange[] {
  const out: CountChange[] = [];
  const docs = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const doc of docs) {
    const a = before[doc], b = after[doc];
    if (!a) { out.push({ doc, field: "(added)", before: null, after: b }); continue; }
    if (!b) { out.push({ doc, field: "(removed)", before: a, after: null }); continue; }
    for (const k of Object.keys(b) as (keyof DocCounts)[]) if (a[k] !== b[k]) out.push({ doc, field: k, before: a[k], after: b[k] });
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const corpus = resolve(process.cwd(), "..", "shared", "corpus");
  const snapPath = resolve(process.cwd(), "snapshots", "parse-counts.json");
  const { files } = await walkPaths([corpus]);
  const now: Record<string, DocCounts> = {};
  for (const f of files) {
    if (f.endsWith("SOURCES.md")) continue;
    const name = relative(corpus, f);
    try {
      const docs = readDocuments(readFileSync(f), f);
      docs.forEach((d, i) => { now[docs.length > 1 ? `${name}#${i}` : name] = countsOf(analyze(d)); });
    } catch (e) {
      process.stderr.write(`parse:diff: ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  if (args.includes("--update") || !existsSync(snapPath)) {
    writeFileSync(snapPath, JSON.stringify(now, null, 1) + "\n");
    console.log(`wrote ${relative(process.cwd(), snapPath)}: ${Object.keys(now).length} documents`);
    return;
  }
  const before = JSON.parse(readFileSync(snapPath, "utf8")) as Record<string, DocCounts>;
  const changes = diffCounts(before, now);
  const total = (m: Record<string, DocCounts>, k: keyof DocCounts) => Object.values(m).reduce((a, c) => a + (typeof c[k] === "number" ? (c[k] as number) : 0), 0);
  console.log(`documents: ${Object.keys(now).length} (snapshot ${Object.keys(before).length})`);
  for (const k of ["turns", "participants", "questioners", "named", "exchanges", "followUps", "events", "warnings"] as const) {
    const a = total(before, k), b = total(now, k);
    console.log(`${k.padEnd(13)} ${String(a).padStart(6)} -> ${String(b).padStart(6)}${a === b ? "" : `  (${b > a ? "+" : ""}${b - a})`}`);
  }
  if (changes.length === 0) { console.log("no changes against the snapshot"); return; }
  console.log(`\n${changes.length} change(s):`);
  for (const c of changes) console.log(`  ${c.doc}: ${c.field} ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`);
  console.log("\nWhen the changes are intended: npm run parse:diff -- --update, and commit snapshots/parse-counts.json");
  if (args.includes("--check")) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main();
